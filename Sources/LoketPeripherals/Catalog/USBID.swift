/// A USB device's vendor and product id, as `lsusb` prints them: `072f:2200`.
public struct USBID: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public var vendor: UInt16
    public var product: UInt16

    public init(vendor: UInt16, product: UInt16) {
        self.vendor = vendor
        self.product = product
    }

    /// Reads `vvvv:pppp` (four hex digits each); `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 4 && $0.allSatisfy(\.isHexDigit) }),
            let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16)
        else { return nil }
        self.init(vendor: vendor, product: product)
    }

    /// Reads udev's `idVendor` and `idProduct` attributes (hex, four digits).
    public init?(vendor: String?, product: String?) {
        guard let vendor, let product else { return nil }
        self.init("\(vendor.lowercased()):\(product.lowercased())")
    }

    public var vendorHex: String { Self.hex(vendor) }
    public var productHex: String { Self.hex(product) }
    public var description: String { "\(vendorHex):\(productHex)" }

    public static func < (a: USBID, b: USBID) -> Bool { (a.vendor, a.product) < (b.vendor, b.product) }

    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
