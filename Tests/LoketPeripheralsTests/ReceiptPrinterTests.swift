import Foundation
import LoketPeripherals
import LoketSyncClient
import LoketTesting
import Testing

/// Receipts in ESC/POS: the bytes a TM-T20 would get, captured by a listener on TCP (as a
/// network receipt printer on port 9100) and written to a device file.
@Suite struct ReceiptPrinterTests {
    static let start: [UInt8] = [0x1B, 0x40, 0x1B, 0x74, 19]
    static let cut: [UInt8] = [0x1D, 0x56, 66, 4]

    static func contains(_ bytes: [UInt8], _ part: [UInt8]) -> Bool {
        guard part.count <= bytes.count else { return false }
        return (0...(bytes.count - part.count)).contains { bytes[$0..<$0 + part.count].elementsEqual(part) }
    }

    @Test("a loan receipt over TCP: starts clean in PC858, Dutch letters and the euro right, ends with a cut")
    func loanReceiptOverTCP() async throws {
        let capture = try ByteCapture()
        defer { capture.stop() }
        let receipt = LoanReceipt(
            branch: "Bibliotheek Zwolle-Zuid", model: "Lenovo ThinkPad E14", assetTag: "ZW-0042",
            lentAt: Date(timeIntervalSince1970: 1_796_040_000), dueAt: Date(timeIntervalSince1970: 1_796_644_800),
            timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
        let printer = ReceiptPrinter(destination: try ReceiptDestination.parse("tcp://127.0.0.1:\(capture.port)"))
        let lines = receipt.lines() + [ReceiptLine("Borg: € 2,50 — één keer, ‘terug’ bij inleveren")]
        let unprintable = try printer.print(lines)
        try await capture.wait(connections: 1)
        let bytes = capture.bytes
        #expect(unprintable.isEmpty, "\(unprintable)")
        #expect(Array(bytes.prefix(5)) == Self.start, "ESC @, then ESC t 19 (PC858)")
        #expect(Array(bytes.suffix(4)) == Self.cut, "feed 4 lines and cut")
        #expect(Self.contains(bytes, Array("Uitleenbon".utf8)))
        #expect(Self.contains(bytes, [0x76, 0xA2, 0xA2, 0x72]), "vóór: ó is A2 in PC858")
        #expect(Self.contains(bytes, [0xD5, 0x20, 0x32, 0x2C, 0x35, 0x30]), "€ 2,50: the euro is D5 in PC858")
        #expect(Self.contains(bytes, [0x82, 0x82, 0x6E]), "één: é is 82")
        #expect(Self.contains(bytes, Array("- ".utf8) + [0x82]), "the dash became a plain one")
        #expect(Self.contains(bytes, Array("'terug'".utf8)), "typographic quotes became plain ones")
        #expect(
            Self.contains(bytes, [0x1B, 0x61, 1, 0x1B, 0x45, 1, 0x1D, 0x21, 0x11]), "the title: centred, bold, large")
        #expect(!Self.contains(bytes, Array("ó".utf8)), "no UTF-8 reaches the printer")
        // The Dutch date: the day and month in words.
        #expect(Self.contains(bytes, Array("december 2026".utf8)), "\(String(decoding: bytes, as: UTF8.self))")
    }

    @Test("what PC858 cannot print becomes ? and is reported; control characters cannot smuggle in commands")
    func unprintable() async throws {
        let capture = try ByteCapture()
        defer { capture.stop() }
        let printer = ReceiptPrinter(destination: .tcp(host: "127.0.0.1", port: capture.port))
        let reported = try printer.print([ReceiptLine("ok ✓ \u{1B}d\u{1D}V")])
        try await capture.wait(connections: 1)
        #expect(reported == ["✓"])
        let bytes = capture.bytes
        #expect(Self.contains(bytes, Array("ok ? ".utf8)))
        #expect(!Self.contains(bytes, [0x1B, 0x64]) && !Self.contains(bytes, [0x1D, 0x56, 0x0A]))
    }

    @Test("to a device file; and each way a printer can be missing says so")
    func deviceAndFaults() throws {
        let folder = try TemporaryDirectory(prefix: "loket-receipt")
        defer { folder.remove() }
        #expect(FileManager.default.createFile(atPath: folder.path("lp0"), contents: nil))
        try ReceiptPrinter(destination: try ReceiptDestination.parse(folder.path("lp0"))).print([ReceiptLine("Bon")])
        let written = Array(FileManager.default.contents(atPath: folder.path("lp0")) ?? Data())
        #expect(Array(written.prefix(5)) == Self.start && Array(written.suffix(4)) == Self.cut)

        func error(_ destination: ReceiptDestination) -> PrintError? {
            do {
                try ReceiptPrinter(destination: destination, timeoutMilliseconds: 1_000).print([ReceiptLine("x")])
                return nil
            } catch { return error }
        }
        let missing = error(.device(path: folder.path("usb/lp9")))
        #expect(missing?.kind == .unreachable && missing?.message.contains("plugged in") == true)
        let closed = error(.tcp(host: "127.0.0.1", port: try LoopbackPort.free()))
        #expect(
            closed?.kind == .unreachable && closed?.message.contains("cannot be reached") == true,
            "\(String(describing: closed))")
        #expect(throws: PrintError.self) { try ReceiptDestination.parse("lpt1") }
        #expect(throws: PrintError.self) { try ReceiptDestination.parse("tcp://printer:99999") }
        #expect(try ReceiptDestination.parse("tcp://bonprinter") == .tcp(host: "bonprinter", port: 9100))
    }
}
