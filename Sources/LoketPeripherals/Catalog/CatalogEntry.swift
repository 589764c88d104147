/// One device the catalog knows (`Hardware/catalog.yaml`).
public struct CatalogEntry: Sendable, Equatable, Codable {
    public var id: USBID
    /// What staff see.
    public var name: String
    public var kind: DeviceKind
    public var `protocol`: DeviceProtocol
    /// What to know when installing it.
    public var notes: String
    /// Where the id was checked.
    public var source: String

    public init(
        id: USBID, name: String, kind: DeviceKind, protocol: DeviceProtocol, notes: String = "", source: String = ""
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.protocol = `protocol`
        self.notes = notes
        self.source = source
    }
}
