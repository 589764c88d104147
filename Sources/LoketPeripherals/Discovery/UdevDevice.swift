/// A USB device as udev describes it.
public struct UdevDevice: Sendable, Equatable, Hashable {
    /// Where it sits in sysfs: `/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2`. Stable while
    /// it stays plugged into the same port.
    public var sysPath: String
    /// Its vendor and product; `nil` when udev gave neither.
    public var id: USBID?
    /// Its product name as the device reports it (`ACR122U PICC Interface`).
    public var product: String
    /// Its device node (`/dev/bus/usb/001/003`), when it has one.
    public var deviceNode: String?

    public init(sysPath: String, id: USBID?, product: String = "", deviceNode: String? = nil) {
        self.sysPath = sysPath
        self.id = id
        self.product = product
        self.deviceNode = deviceNode
    }
}
