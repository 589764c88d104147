import Foundation
import LoketKiosk
import LoketSync
import Testing

/// KioskProfiles/schema.json says what the validator does: the same fields, defaults,
/// ranges and choices. Checked both ways, so neither can drift from the other.
@Suite struct ProfileSchemaTests {
    static let schemaPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("KioskProfiles/schema.json").path

    static func schema() throws -> [String: FieldValue] {
        let text = try String(contentsOfFile: schemaPath, encoding: .utf8)
        guard case .object(let root) = try FieldValue(json: text), case .object(let properties)? = root["properties"]
        else {
            Issue.record("schema.json has no properties")
            return [:]
        }
        return properties
    }

    /// A valid document (JSON is YAML) with `section.field` set to `value`; sessions get
    /// room so that one field's range is tested alone.
    static func document(_ section: String?, _ field: String, _ value: FieldValue) -> String {
        var top: [String: FieldValue] = [
            "id": "p", "version": 1, "expires": "2030-01-01T00:00:00Z",
            "services": .array([.object(["name": "A", "urls": .array(["https://a.nl"])])]),
            "session": .object(["idleTimeout": 3600, "warningSeconds": 10, "dailyMinutesPerCard": 0]),
            "printing": .object(["queue": "q"]),
        ]
        if let section {
            guard case .object(var members)? = top[section] ?? .object([:]) else { return "" }
            members[field] = value
            top[section] = .object(members)
        } else {
            top[field] = value
        }
        return FieldValue.object(top).canonicalJSON
    }

    static func accepts(_ text: String) -> Bool { (try? ProfileDocument.parse(text)) != nil }

    @Test("every field the validator fills is in the schema, and every schema field is one the validator knows")
    func sameFields() throws {
        let properties = try Self.schema()
        let full = KioskProfile(
            id: "p", version: 1, expires: "2030-01-01T00:00:00Z",
            services: [AllowedService(name: "A", category: "general", icon: "globe", urls: ["https://a.nl"])],
            printing: PrintingSettings(enabled: true, queue: "q"))
        guard
            case .object(let encoded) = try FieldValue(
                json: String(decoding: try CanonicalJSON.encode(full), as: UTF8.self))
        else { return }
        #expect(Set(encoded.keys) == Set(properties.keys))
        for (name, value) in encoded {
            guard case .object(let members) = value, case .object(let section)? = properties[name],
                case .object(let fields)? = section["properties"]
            else { continue }
            #expect(Set(members.keys) == Set(fields.keys), "\(name)")
        }
        // Each schema field, set to its schema default, is accepted (a name the validator knows).
        for (name, section) in properties {
            guard case .object(let sectionSchema) = section, case .object(let fields)? = sectionSchema["properties"],
                name != "services"
            else { continue }
            for (field, fieldSchema) in fields {
                guard case .object(let description) = fieldSchema, let value = description["default"] else { continue }
                #expect(Self.accepts(Self.document(name, field, value)), "\(name).\(field) = \(value.canonicalJSON)")
            }
        }
    }

    @Test("every integer range and every choice in the schema is the validator's")
    func sameRanges() throws {
        for (name, section) in try Self.schema() {
            guard case .object(let sectionSchema) = section, case .object(let fields)? = sectionSchema["properties"]
            else { continue }
            for (field, fieldSchema) in fields {
                guard case .object(let description) = fieldSchema else { continue }
                if case .int(let low)? = description["minimum"], case .int(let high)? = description["maximum"] {
                    #expect(Self.accepts(Self.document(name, field, .int(low))), "\(name).\(field) = \(low)")
                    #expect(Self.accepts(Self.document(name, field, .int(high))), "\(name).\(field) = \(high)")
                    #expect(!Self.accepts(Self.document(name, field, .int(low - 1))), "\(name).\(field) = \(low - 1)")
                    #expect(!Self.accepts(Self.document(name, field, .int(high + 1))), "\(name).\(field) = \(high + 1)")
                }
                if case .array(let choices)? = description["enum"] {
                    for choice in choices {
                        #expect(Self.accepts(Self.document(name, field, choice)), "\(name).\(field) = \(choice)")
                    }
                    #expect(!Self.accepts(Self.document(name, field, "nonsense")), "\(name).\(field)")
                }
            }
        }
        #expect(!Self.accepts(Self.document(nil, "version", 0)))
        #expect(Self.accepts(Self.document(nil, "version", 2_147_483_647)))
    }

    @Test("docs/PROFILES.md documents every field of the schema")
    func documented() throws {
        let docs = try String(
            contentsOfFile: Self.schemaPath.replacingOccurrences(
                of: "KioskProfiles/schema.json", with: "docs/PROFILES.md"),
            encoding: .utf8)
        for (name, section) in try Self.schema() {
            #expect(docs.contains("`\(name)`"), "\(name)")
            guard case .object(let sectionSchema) = section else { continue }
            var fields = sectionSchema["properties"]
            var prefix = name + "."
            if case .object(let items)? = sectionSchema["items"] {
                fields = items["properties"]
                prefix = name + "[]."
            }
            guard case .object(let members)? = fields else { continue }
            for field in members.keys {
                #expect(docs.contains("`\(prefix)\(field)`"), "\(prefix)\(field)")
            }
        }
    }
}
