public import LoketPeripherals

extension ExpectedPeripherals {
    /// The kinds of USB device the terminal watches for this profile: the card reader and
    /// the receipt printer. (Printers are mostly on the network: CUPS judges them.)
    public var watchedKinds: Set<DeviceKind> {
        var kinds: Set<DeviceKind> = []
        if cardReader { kinds.insert(.nfcReader) }
        if receiptPrinter { kinds.insert(.receiptPrinter) }
        return kinds
    }

    /// Each watched kind and whether one is plugged in, for the health report; before the
    /// registry has looked, none counts as missing.
    public func presence(in registry: DeviceRegistry) -> [(kind: String, present: Bool)] {
        let missing = registry.isLoaded ? registry.missing(watchedKinds) : []
        return watchedKinds.sorted { $0.rawValue < $1.rawValue }.map {
            (kind: $0.rawValue, present: !missing.contains($0))
        }
    }

    /// Whether the devices this profile expects are plugged in, for the terminal's report;
    /// `nil` while that cannot be told (the registry has not looked yet, or a printer is
    /// expected, which CUPS judges).
    public func satisfied(by registry: DeviceRegistry) -> Bool? {
        guard registry.isLoaded, !printer else { return nil }
        return registry.missing(watchedKinds).isEmpty
    }
}
