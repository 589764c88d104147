import Foundation
import LoketSync
import LoketTesting
import Testing

/// `loket devices` against udev itself, with fake devices from umockdev
/// (Hardware/umockdev): enumeration under `umockdev-run`, plug and pull through umockdev's
/// testbed (scripts/devices/hotplug.py).
@Suite struct DevicesCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func hardware(_ name: String) -> String { repository.appendingPathComponent("Hardware/\(name)").path }

    static func umockdevPresent() -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/umockdev-run") else {
            Issue.record("umockdev is missing: run scripts/bootstrap")
            return false
        }
        return true
    }

    static func objects(_ text: String) throws -> [[String: FieldValue]] {
        try text.split(separator: "\n").compactMap { line in
            guard case .object(let object) = try FieldValue(json: String(line)) else { return nil }
            return object
        }
    }

    @Test("list: the reader and the printer by the catalog's names; the mouse ignored")
    func list() async throws {
        guard Self.umockdevPresent() else { return }
        let folder = try TemporaryDirectory(prefix: "loket-devices")
        defer { folder.remove() }
        let log = folder.path("list.log")
        let status = try await Spawn.runDetached(
            "/usr/bin/umockdev-run",
            [
                "-d", Self.hardware("umockdev/acr122u.umockdev"), "-d", Self.hardware("umockdev/epson-tm-t20.umockdev"),
                "-d", Self.hardware("umockdev/unknown-mouse.umockdev"), "--", LoketBinary.url.path, "devices", "list",
                "--json",
            ], logPath: log)
        let output = try String(contentsOfFile: log, encoding: .utf8)
        #expect(status == 0, "\(output)")
        guard case .array(let devices) = try FieldValue(json: output) else {
            Issue.record("not a JSON array: \(output)")
            return
        }
        let byID = Dictionary(
            uniqueKeysWithValues: devices.compactMap { device -> (String, [String: FieldValue])? in
                guard case .object(let object) = device, case .string(let id)? = object["id"] else { return nil }
                return (id, object)
            })
        #expect(byID.count == 3, "\(output)")
        #expect(
            byID["072f:2200"]?["kind"] == .string("nfc-reader") && byID["072f:2200"]?["name"] == .string("ACS ACR122U"))
        #expect(byID["04b8:0e03"]?["kind"] == .string("receipt-printer"))
        #expect(byID["046d:c077"]?["known"] == .bool(false) && byID["046d:c077"]?["kind"] == nil)
    }

    @Test("watch: plugged in, ignored, pulled out — as udev's events come")
    func watch() async throws {
        guard Self.umockdevPresent() else { return }
        let folder = try TemporaryDirectory(prefix: "loket-hotplug")
        defer { folder.remove() }
        let log = folder.path("hotplug.log")
        let status = try await Spawn.runDetached(
            "/usr/bin/umockdev-wrapper",
            [
                "/usr/bin/python3", Self.repository.appendingPathComponent("scripts/devices/hotplug.py").path,
                LoketBinary.url.path, Self.repository.appendingPathComponent("Hardware").path,
            ], logPath: log)
        let output = try String(contentsOfFile: log, encoding: .utf8)
        #expect(status == 0, "\(output)")
        let events = try Self.objects(output)
        let seen = events.compactMap { event -> String? in
            guard case .string(let kind)? = event["event"], case .string(let id)? = event["id"] else { return nil }
            return "\(kind) \(id)"
        }
        #expect(
            seen == ["added 072f:2200", "ignored 046d:c077", "added 04b8:0e03", "removed 072f:2200"], "\(output)")
        #expect(events.last == ["exit": .int(0)], "the watch stops cleanly on SIGTERM: \(output)")
    }

    @Test("udev-rules prints the committed rules; a damaged catalog is refused with the entry named")
    func udevRules() throws {
        let rules = try LoketBinary.run(["devices", "udev-rules"])
        #expect(rules.status == 0, "\(rules.stderr)")
        #expect(rules.stdout == (try String(contentsOfFile: Self.hardware("70-loket.rules"), encoding: .utf8)))
        let folder = try TemporaryDirectory(prefix: "loket-catalog")
        defer { folder.remove() }
        try "devices:\n  - id: \"072f:2200\"\n    name: X\n    kind: scanner\n    protocol: hid\n    source: s\n".write(
            toFile: folder.path("bad.yaml"), atomically: true, encoding: .utf8)
        let bad = try LoketBinary.run(["devices", "list", "--catalog", folder.path("bad.yaml")])
        #expect(bad.status == 1 && bad.stderr.contains("devices[0] (072f:2200).kind: must be one of"), "\(bad.stderr)")
    }

    @Test("receipt: a test receipt reaches a network receipt printer; an unreachable one is a clear error")
    func receipt() async throws {
        let capture = try ByteCapture()
        defer { capture.stop() }
        let sent = try LoketBinary.run(["devices", "receipt", "--to", "tcp://127.0.0.1:\(capture.port)"])
        #expect(sent.status == 0 && sent.stdout.contains("test receipt sent"), "\(sent.stderr)")
        try await capture.wait(connections: 1)
        let bytes = capture.bytes
        #expect(bytes.starts(with: [0x1B, 0x40, 0x1B, 0x74, 19]) && bytes.suffix(4) == [0x1D, 0x56, 66, 4])
        #expect(bytes.contains(0xD5) && bytes.contains(0x82), "the euro and é in PC858")
        let refused = try LoketBinary.run(["devices", "receipt", "--to", "tcp://127.0.0.1:1"])
        #expect(refused.status == 1 && refused.stderr.contains("cannot be reached"), "\(refused.stderr)")
    }
}
