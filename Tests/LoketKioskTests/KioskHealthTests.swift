import Foundation
import LoketKiosk
import LoketPeripherals
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

/// The kiosk's part of the health report a terminal sends the hub: the session's state,
/// the profile, the disk, the expected devices, the printer (asked for real), the alerts
/// up on the terminal. Nothing of a visitor.
@Suite struct KioskHealthTests {
    @Test("session state, profile, disk, devices, an unreachable printer and the terminal's alerts")
    func health() async throws {
        let port = try LoopbackPort.free()  // nothing listens there: CUPS is not running
        var fixture = try RuntimeFixture(
            prefix: "loket-health",
            profile: """
                id: library
                version: 3
                expires: 2027-01-01T00:00:00Z
                services:
                  - name: DigiD
                    urls: ["https://*.digid.nl/*"]
                printing:
                  enabled: true
                  queue: publiek
                peripherals:
                  cardReader: true
                """)
        defer { fixture.folder.remove() }
        fixture.configuration.printing.cupsServer = "127.0.0.1:\(port)"
        let runtime = try fixture.runtime()
        try fixture.replica.raiseAlert(
            "device-missing", subject: "nfc-reader", detail: "none plugged in", terminal: "t1", at: 1)

        var report = await runtime.health(expected: [(kind: "nfc-reader", present: false)])
        #expect(report.sessionState == "idle")
        #expect(report.profile == "library@3")
        #expect(report.agentVersion.isEmpty == false)
        #expect(report.alerts == ["device-missing/nfc-reader"])
        #expect(report.peripherals.first == HealthReport.Peripheral(kind: "nfc-reader", state: "missing"))
        let printer = report.peripherals.first { $0.kind == "printer" }
        #expect(printer?.state == "offline" && printer?.detail == "cannot be reached", "\(String(describing: printer))")
        #expect(report.diskFreePercent.map { (0...100).contains($0) } == true)
        #expect(report.problem == nil, "the hub would accept it")

        _ = await runtime.controller.startGuest()
        report = await runtime.health(expected: [(kind: "nfc-reader", present: true)])
        #expect(report.sessionState == "active")
        #expect(report.peripherals.first?.state == "ok")
        let text = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(!text.contains("s-"), "no session id in the report: \(text)")
    }

    @Test("the expected devices' presence: none missing before udev answered, then what the registry lacks")
    func presence() throws {
        let registry = DeviceRegistry(catalog: try CatalogResources.shipped(), logger: TestLogging.silent)
        let expected = ExpectedPeripherals(cardReader: true, receiptPrinter: true)
        #expect(expected.presence(in: registry).map(\.present) == [true, true], "not known missing yet")
        _ = registry.load([])
        let presence = expected.presence(in: registry)
        #expect(presence.map(\.kind) == ["nfc-reader", "receipt-printer"])
        #expect(presence.map(\.present) == [false, false])
    }
}
