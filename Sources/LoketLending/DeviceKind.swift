/// What kind of device the desk lends.
public enum DeviceKind: String, Sendable, CaseIterable, Codable {
    case laptop, tablet, phone, hotspot, other

    /// The kind named by `text` (case-insensitive), or a clear error naming the choices.
    public static func parse(_ text: String, field: String = "kind") throws(LendingError) -> DeviceKind {
        guard let kind = DeviceKind(rawValue: text.lowercased()) else {
            throw LendingError(
                .invalidInput,
                "\(field) must be one of \(allCases.map(\.rawValue).joined(separator: ", ")), got \"\(text)\"")
        }
        return kind
    }
}
