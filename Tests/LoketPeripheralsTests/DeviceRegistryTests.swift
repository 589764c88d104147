import Foundation
import LoketPeripherals
import LoketStore
import LoketSync
import LoketTesting
import Testing

/// The live device list and the alerts for missing devices, from udev's events (here given
/// by hand; the umockdev tests in LoketCLITests give them through udev itself).
@Suite struct DeviceRegistryTests {
    static let catalog = try! HardwareCatalog(entries: [
        CatalogEntry(id: USBID("072f:2200")!, name: "ACS ACR122U", kind: .nfcReader, protocol: .pcsc),
        CatalogEntry(id: USBID("04b8:0e03")!, name: "Epson TM-T20", kind: .receiptPrinter, protocol: .escpos),
    ])
    static let reader = UdevDevice(sysPath: "/sys/devices/usb1/1-2", id: USBID("072f:2200"), product: "ACR122U")
    static let mouse = UdevDevice(sysPath: "/sys/devices/usb1/1-4", id: USBID("046d:c077"), product: "Mouse")
    static let printer = UdevDevice(sysPath: "/sys/devices/usb1/1-3", id: USBID("04b8:0e03"), product: "TM-T20")

    @Test("known devices come and go; an unknown one is ignored once; repeats change nothing")
    func registry() {
        let registry = DeviceRegistry(catalog: Self.catalog, logger: TestLogging.silent)
        let loaded = registry.load([Self.reader, Self.mouse])
        #expect(loaded.count == 2)
        #expect(registry.known.map(\.entry.name) == ["ACS ACR122U"])
        #expect(registry.apply(.added(Self.mouse)) == .none, "an unknown device is reported once")
        #expect(registry.apply(.added(Self.reader)) == .none, "a repeated event changes nothing")
        #expect(registry.missing([.nfcReader, .receiptPrinter]) == [.receiptPrinter])
        guard case .added(let added) = registry.apply(.added(Self.printer)) else {
            Issue.record("the printer was not added")
            return
        }
        #expect(added.entry.kind == .receiptPrinter)
        #expect(registry.missing([.nfcReader, .receiptPrinter]).isEmpty)
        // Pulled out: udev's remove event may carry no ids; the place tells which it was.
        let gone = UdevDevice(sysPath: Self.reader.sysPath, id: nil)
        guard case .removed(let removed) = registry.apply(.removed(gone)) else {
            Issue.record("the reader was not removed")
            return
        }
        #expect(removed.entry.name == "ACS ACR122U")
        #expect(registry.missing([.nfcReader]) == [.nfcReader])
        #expect(registry.apply(.removed(gone)) == .none)
    }

    @Test("an expected device missing raises an alert for the fleet; back, it is cleared")
    func alerts() throws {
        let folder = try TemporaryDirectory(prefix: "loket-devices")
        defer { folder.remove() }
        let clock = ManualWallClock()
        let replica = try Replica(path: folder.path("t.sqlite"), logger: TestLogging.silent)
        let registry = DeviceRegistry(catalog: Self.catalog, logger: TestLogging.silent)
        let watch = DeviceWatch(
            registry: registry, expected: { [.nfcReader] }, replica: replica, terminal: "t1", clock: clock,
            logger: TestLogging.silent)
        watch.checkExpected()
        #expect(try replica.raisedAlerts().isEmpty, "before udev answered nothing is known missing")
        registry.load([])
        watch.checkExpected()
        #expect(try replica.raisedAlerts() == ["device-missing/nfc-reader"])
        guard case .object(let alert)? = try replica.record("alerts", id: "device-missing/nfc-reader") else {
            Issue.record("no alert record")
            return
        }
        #expect(alert["scope"] == .string("terminal:t1") && alert["kind"] == .string("device-missing"))
        #expect(try replica.outboxCount() > 0, "the alert goes to the hub with the next sync")
        let pending = try replica.outboxCount()
        watch.checkExpected()
        #expect(try replica.outboxCount() == pending, "an alert that is up is not raised again")

        registry.apply(.added(Self.reader))
        clock.advance(by: 60_000)
        watch.checkExpected()
        #expect(try replica.raisedAlerts().isEmpty)
        guard case .object(let cleared)? = try replica.record("alerts", id: "device-missing/nfc-reader") else { return }
        #expect(cleared["cleared_at"] == .int(Int64(clock.nowMilliseconds())))

        registry.apply(.removed(Self.reader))
        watch.checkExpected()
        #expect(try replica.raisedAlerts() == ["device-missing/nfc-reader"], "pulled out again: raised again")
    }

    @Test("USB ids: lsusb's form, udev's attributes, the kernel's PRODUCT")
    func ids() {
        #expect(USBID("072F:2200")?.description == "072f:2200")
        #expect(USBID("72f:2200") == nil && USBID("072f-2200") == nil && USBID("072f:22001") == nil)
        #expect(USBID(vendor: "04B8", product: "0e03") == USBID("04b8:0e03"))
    }
}
