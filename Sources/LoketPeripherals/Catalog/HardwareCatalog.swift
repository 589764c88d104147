import Foundation
import Yams

/// The USB devices a terminal knows: read from `Hardware/catalog.yaml` (one data file,
/// documented there), looked up by vendor:product id.
public struct HardwareCatalog: Sendable, Equatable {
    public let entries: [CatalogEntry]
    let byID: [USBID: CatalogEntry]

    public init(entries: [CatalogEntry]) throws(CatalogError) {
        var byID: [USBID: CatalogEntry] = [:]
        for entry in entries {
            guard byID[entry.id] == nil else { throw CatalogError("the id \(entry.id) is listed twice") }
            byID[entry.id] = entry
        }
        self.entries = entries
        self.byID = byID
    }

    /// The entry for `id`; `nil` when the device is not one Loket knows.
    public func entry(_ id: USBID) -> CatalogEntry? { byID[id] }

    /// Reads a catalog; every error names `file`, the entry (its number and id) and the field.
    public static func parse(_ text: String, file: String = "catalog.yaml") throws(CatalogError) -> HardwareCatalog {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw CatalogError("\(file): not YAML: \(error)")
        }
        guard let top = root as? [String: Any], let list = top["devices"] as? [Any] else {
            throw CatalogError("\(file): must be a mapping with a `devices` list")
        }
        var entries: [CatalogEntry] = []
        for (index, item) in list.enumerated() {
            let place = "\(file): devices[\(index)]"
            guard let fields = item as? [String: Any] else { throw CatalogError("\(place): must be a mapping") }
            let known: Set<String> = ["id", "name", "kind", "protocol", "notes", "source"]
            if let unknown = Set(fields.keys).subtracting(known).sorted().first {
                throw CatalogError(
                    "\(place): unknown field `\(unknown)` (known: \(known.sorted().joined(separator: ", ")))")
            }
            func text(_ key: String, required: Bool = true) throws(CatalogError) -> String {
                guard let value = fields[key] else {
                    if required { throw CatalogError("\(place).\(key): is required") }
                    return ""
                }
                guard let string = value as? String, !string.isEmpty else {
                    throw CatalogError("\(place).\(key): must be text, got \(value)")
                }
                return string
            }
            let idText = try text("id")
            let name = try text("name")
            guard let id = USBID(idText) else {
                throw CatalogError("\(place).id: must be vendor:product in hex, like 072f:2200, got \(idText)")
            }
            let place2 = "\(file): devices[\(index)] (\(id))"
            let kindText = try text("kind")
            guard let kind = DeviceKind(rawValue: kindText) else {
                let kinds = DeviceKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw CatalogError("\(place2).kind: must be one of \(kinds), got \(kindText)")
            }
            let protocolText = try text("protocol")
            guard let `protocol` = DeviceProtocol(rawValue: protocolText) else {
                let protocols = DeviceProtocol.allCases.map(\.rawValue).joined(separator: ", ")
                throw CatalogError("\(place2).protocol: must be one of \(protocols), got \(protocolText)")
            }
            entries.append(
                CatalogEntry(
                    id: id, name: name, kind: kind, protocol: `protocol`,
                    notes: try text("notes", required: false), source: try text("source")))
        }
        return try HardwareCatalog(entries: entries)
    }

    /// Reads the catalog file at `path`.
    public static func load(path: String) throws(CatalogError) -> HardwareCatalog {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CatalogError("cannot read the hardware catalog \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }
}
