/// A present device the catalog knows.
public struct KnownDevice: Sendable, Equatable {
    public var device: UdevDevice
    public var entry: CatalogEntry

    public init(device: UdevDevice, entry: CatalogEntry) {
        self.device = device
        self.entry = entry
    }
}
