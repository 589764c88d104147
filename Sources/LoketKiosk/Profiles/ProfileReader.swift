import Foundation
import Yams

/// Walks a parsed YAML (or JSON) document field by field, collecting every issue with its
/// line and path instead of stopping at the first. Each `read…` answers a usable value —
/// the default when the field is absent or wrong — so one pass finds everything.
struct ProfileReader {
    let file: String
    private(set) var issues: [ProfileIssue] = []
    /// The line each mapping read so far starts on, by path: a missing field is reported
    /// at its mapping (`services[2].name: is required` on the service's line).
    private var mappingLines: [String: Int] = [:]

    init(file: String) {
        self.file = file
    }

    mutating func issue(_ node: Node?, _ path: String, _ message: String) {
        issues.append(ProfileIssue(file: file, line: node?.mark?.line, path: path, message: message))
    }

    /// A required field that is missing from the mapping at `path`.
    mutating func missing(_ path: String, _ name: String, _ message: String = "is required") {
        issues.append(
            ProfileIssue(file: file, line: mappingLines[path], path: Self.join(path, name), message: message))
    }

    /// The fields of a mapping; fields not in `known` are issues (a typo must not pass as
    /// "absent, so the default").
    mutating func mapping(_ node: Node?, _ path: String, known: [String]) -> [String: Node] {
        guard let node else { return [:] }
        guard case .mapping(let mapping) = node else {
            issue(node, path, "must be a mapping of fields, got \(Self.kind(node))")
            return [:]
        }
        if !path.isEmpty { mappingLines[path] = node.mark?.line }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                issue(key, path, "field names must be plain words")
                continue
            }
            let name = scalar.string
            let fieldPath = path.isEmpty ? name : "\(path).\(name)"
            if fields[name] != nil {
                issue(key, fieldPath, "appears twice")
            } else if !known.contains(name) {
                let hint = Self.closest(name, in: known).map { " (did you mean \($0)?)" } ?? ""
                issue(key, fieldPath, "is not a profile field\(hint); known here: \(known.joined(separator: ", "))")
            }
            fields[name] = value
        }
        return fields
    }

    mutating func string(
        _ fields: [String: Node], _ name: String, _ path: String, default value: String? = nil,
        pattern: String? = nil, patternHelp: String = ""
    ) -> String? {
        let fieldPath = Self.join(path, name)
        guard let node = fields[name] else {
            if value == nil { missing(path, name) }
            return value
        }
        guard case .scalar(let scalar) = node else {
            issue(node, fieldPath, "must be text, got \(Self.kind(node))")
            return value
        }
        if scalar.style == .plain, ["~", "null", "Null", "NULL", ""].contains(scalar.string) {
            issue(node, fieldPath, "must be text, got nothing")
            return value
        }
        if let pattern, scalar.string.range(of: "^(\(pattern))$", options: .regularExpression) == nil {
            issue(node, fieldPath, "\(patternHelp), got \"\(Self.shorten(scalar.string))\"")
            return value
        }
        return scalar.string
    }

    mutating func integer(
        _ fields: [String: Node], _ name: String, _ path: String, default value: Int?, range: ClosedRange<Int>,
        unit: String = ""
    ) -> Int {
        let fieldPath = Self.join(path, name)
        let suffix = unit.isEmpty ? "" : " \(unit)"
        guard let node = fields[name] else {
            if value == nil { missing(path, name) }
            return value ?? range.lowerBound
        }
        guard case .scalar(let scalar) = node, scalar.style == .plain, let number = Int(scalar.string) else {
            issue(node, fieldPath, "must be a whole number\(suffix), got \(Self.shown(node))")
            return value ?? range.lowerBound
        }
        guard range.contains(number) else {
            issue(node, fieldPath, "must be \(range.lowerBound)–\(range.upperBound)\(suffix), got \(number)")
            return value ?? range.lowerBound
        }
        return number
    }

    mutating func boolean(_ fields: [String: Node], _ name: String, _ path: String, default value: Bool) -> Bool {
        let fieldPath = Self.join(path, name)
        guard let node = fields[name] else { return value }
        guard case .scalar(let scalar) = node, scalar.style == .plain, ["true", "false"].contains(scalar.string)
        else {
            issue(node, fieldPath, "must be true or false, got \(Self.shown(node))")
            return value
        }
        return scalar.string == "true"
    }

    /// One of `choices`, written as in the document.
    mutating func choice(
        _ fields: [String: Node], _ name: String, _ path: String, default value: String, _ choices: [String]
    ) -> String {
        let fieldPath = Self.join(path, name)
        guard let node = fields[name] else { return value }
        guard case .scalar(let scalar) = node, choices.contains(scalar.string) else {
            issue(node, fieldPath, "must be one of \(choices.joined(separator: ", ")), got \(Self.shown(node))")
            return value
        }
        return scalar.string
    }

    mutating func sequence(_ fields: [String: Node], _ name: String, _ path: String) -> [Node]? {
        let fieldPath = Self.join(path, name)
        guard let node = fields[name] else { return nil }
        guard case .sequence(let sequence) = node else {
            issue(node, fieldPath, "must be a list, got \(Self.kind(node))")
            return []
        }
        return Array(sequence)
    }

    /// A list of texts, each matching `pattern`.
    mutating func strings(
        _ fields: [String: Node], _ name: String, _ path: String, pattern: String, patternHelp: String
    ) -> [String]? {
        guard let items = sequence(fields, name, path) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(Self.join(path, name))[\(index)]"
            guard case .scalar(let scalar) = item else {
                issue(item, itemPath, "must be text, got \(Self.kind(item))")
                continue
            }
            guard scalar.string.range(of: "^(\(pattern))$", options: .regularExpression) != nil else {
                issue(item, itemPath, "\(patternHelp), got \"\(Self.shorten(scalar.string))\"")
                continue
            }
            if result.contains(scalar.string) {
                issue(item, itemPath, "\"\(scalar.string)\" is listed twice")
                continue
            }
            result.append(scalar.string)
        }
        return result
    }

    static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "\"\(shorten(scalar.string))\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    static func shown(_ node: Node) -> String {
        if case .scalar(let scalar) = node { return scalar.string.isEmpty ? "nothing" : shorten(scalar.string) }
        return kind(node)
    }

    static func shorten(_ text: String) -> String { text.count > 60 ? String(text.prefix(57)) + "…" : text }

    /// The known name within edit distance 2 of `name`, if one is.
    static func closest(_ name: String, in known: [String]) -> String? {
        let lowered = name.lowercased()
        let scored = known.map { ($0, distance(Array(lowered), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
