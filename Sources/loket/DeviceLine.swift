import LoketPeripherals
import LoketSync

/// How the devices commands print a device: a line for people, a JSON object for programs.
enum DeviceLine {
    static func text(_ device: UdevDevice, _ entry: CatalogEntry?) -> String {
        let id = device.id?.description ?? "????:????"
        guard let entry else { return "\(id)  not in the catalog (ignored)  \(device.product)  \(device.sysPath)" }
        return "\(id)  \(entry.kind.rawValue)  \(entry.name)  \(entry.protocol.rawValue)  \(device.sysPath)"
    }

    static func json(_ device: UdevDevice, _ entry: CatalogEntry?, event: String? = nil) -> FieldValue {
        var object: [String: FieldValue] = [
            "id": device.id.map { .string($0.description) } ?? .null, "sysfs": .string(device.sysPath),
            "product": .string(device.product), "known": .bool(entry != nil),
        ]
        if let entry {
            object["kind"] = .string(entry.kind.rawValue)
            object["name"] = .string(entry.name)
            object["protocol"] = .string(entry.protocol.rawValue)
        }
        if let event { object["event"] = .string(event) }
        return .object(object)
    }
}
