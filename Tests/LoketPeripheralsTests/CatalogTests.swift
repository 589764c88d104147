import Foundation
import LoketPeripherals
import Testing

/// The hardware catalog: the shipped file, its ids against public sources, its errors, and
/// the udev rules made from it.
@Suite struct CatalogTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func hardware(_ name: String) -> String { repository.appendingPathComponent("Hardware/\(name)").path }

    @Test("the shipped catalog holds the readers and printers Loket supports")
    func shipped() throws {
        let catalog = try HardwareCatalog.load(path: Self.hardware("catalog.yaml"))
        let expected: [(String, String, DeviceKind)] = [
            ("072f:2200", "ACR122U", .nfcReader), ("072f:223b", "ACR1252U", .nfcReader),
            ("04e6:5790", "uTrust 3700 F", .nfcReader), ("076b:5022", "Omnikey 5022", .nfcReader),
            ("076b:5427", "Omnikey 5427", .nfcReader), ("04e6:5591", "SCL3711", .nfcReader),
            ("04b8:0e03", "TM-T20", .receiptPrinter), ("04b8:0202", "TM-T88", .receiptPrinter),
        ]
        for (id, name, kind) in expected {
            let usbID = try #require(USBID(id))
            let entry = try #require(catalog.entry(usbID), "\(name) (\(id)) is missing")
            #expect(entry.name.contains(name) && entry.kind == kind, "\(entry)")
        }
        for entry in catalog.entries {
            #expect(entry.protocol == (entry.kind == .nfcReader ? .pcsc : .escpos) || entry.kind == .printer)
            #expect(!entry.source.isEmpty, "\(entry.id) names no source")
        }
    }

    /// Every id is where its entry says it was checked: the Linux USB ID Repository
    /// (Debian's hwdata) or the CCID driver's list of readers (Debian's libccid).
    @Test("every id is found in the public source its entry names")
    func idsAgainstSources() throws {
        let catalog = try HardwareCatalog.load(path: Self.hardware("catalog.yaml"))
        let usbIDs = "/usr/share/hwdata/usb.ids"
        let ccid = "/usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents/Info.plist"
        guard let usb = FileManager.default.contents(atPath: usbIDs),
            let plist = FileManager.default.contents(atPath: ccid)
        else {
            Issue.record("\(usbIDs) or \(ccid) is missing: run scripts/bootstrap (hwdata, libccid)")
            return
        }
        let known = Self.usbIDs(String(decoding: usb, as: UTF8.self))
        let readers = try Self.ccidReaders(plist)
        for entry in catalog.entries {
            var checked = false
            if entry.source.contains("usb.ids") {
                #expect(known.contains(entry.id), "\(entry.id) \(entry.name) is not in usb.ids")
                checked = true
            }
            if entry.source.contains("ccid") {
                #expect(readers.contains(entry.id), "\(entry.id) \(entry.name) is not in the CCID driver's list")
                checked = true
            }
            #expect(checked, "\(entry.id) names a source this test cannot read: \(entry.source)")
        }
    }

    static func usbIDs(_ text: String) -> Set<USBID> {
        var ids = Set<USBID>()
        var vendor: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("C ") { break }  // device classes follow the vendors
            if line.hasPrefix("#") || line.isEmpty { continue }
            if !line.hasPrefix("\t"), line.count > 4 {
                vendor = String(line.prefix(4))
            } else if line.hasPrefix("\t"), !line.hasPrefix("\t\t"), let vendor,
                let id = USBID("\(vendor):\(line.dropFirst().prefix(4))")
            {
                ids.insert(id)
            }
        }
        return ids
    }

    static func ccidReaders(_ data: Data) throws -> Set<USBID> {
        let plist = try PropertyListSerialization.propertyList(from: data, format: nil) as? [String: Any]
        let vendors = plist?["ifdVendorID"] as? [String] ?? []
        let products = plist?["ifdProductID"] as? [String] ?? []
        return Set(
            zip(vendors, products).compactMap { vendor, product in
                USBID(vendor: String(vendor.dropFirst(2)), product: String(product.dropFirst(2)))
            })
    }

    @Test("a damaged catalog says which entry and field, and what is wrong")
    func errors() {
        func message(_ yaml: String) -> String {
            do {
                _ = try HardwareCatalog.parse(yaml, file: "c.yaml")
                return "parsed"
            } catch { return error.message }
        }
        let entry = "name: X\n    kind: nfc-reader\n    protocol: pcsc\n    source: usb.ids"
        #expect(
            message("devices:\n  - id: 72f:2200\n    \(entry)").hasPrefix(
                "c.yaml: devices[0].id: must be vendor:product"))
        #expect(
            message("devices:\n  - id: \"072f:2200\"\n    name: X\n    kind: nfc\n    protocol: pcsc\n    source: s")
                .contains("devices[0] (072f:2200).kind: must be one of nfc-reader"))
        #expect(
            message("devices:\n  - id: \"072f:2200\"\n    \(entry)\n  - id: \"072f:2200\"\n    \(entry)")
                .contains("072f:2200 is listed twice"))
        #expect(
            message("devices:\n  - id: \"072f:2200\"\n    \(entry)\n    speed: 12").contains("unknown field `speed`"))
        #expect(
            message("devices:\n  - id: \"072f:2200\"\n    kind: nfc-reader").contains("devices[0].name: is required"))
        #expect(message("- just a list").contains("must be a mapping with a `devices` list"))
        #expect(message("devices: [a: [").contains("not YAML"))
    }

    @Test("Hardware/70-loket.rules is what the catalog makes, and gives the devices to the kiosk's group")
    func udevRules() throws {
        let catalog = try HardwareCatalog.load(path: Self.hardware("catalog.yaml"))
        let rendered = UdevRules.render(catalog)
        let committed = try String(contentsOfFile: Self.hardware("70-loket.rules"), encoding: .utf8)
        #expect(committed == rendered, "run: loket devices udev-rules > Hardware/70-loket.rules")
        #expect(
            rendered.contains(
                "SUBSYSTEM==\"usb\", ENV{DEVTYPE}==\"usb_device\", ATTR{idVendor}==\"072f\", ATTR{idProduct}==\"2200\", GROUP=\"loket-kiosk\", MODE=\"0660\", ENV{LOKET_KIND}=\"nfc-reader\""
            ))
        #expect(rendered.contains("SYMLINK+=\"loket/receipt-printer\""))
        #expect(!rendered.contains("MODE=\"0666\""), "not for everyone")
        let rules = rendered.split(separator: "\n").filter { $0.hasPrefix("SUBSYSTEM==\"usb\"") }
        #expect(rules.count == catalog.entries.count)
    }
}
