import Crypto
import Foundation
import LoketKiosk
import LoketLending
import LoketPeripherals
import LoketStore
import LoketSync
import LoketTesting
import ServiceLifecycle
import Testing

/// At the lending desk a card tapped on the desk's reader names the borrower: the real pcscd
/// with vpcd and a virtual card, the agent's desk runtime with its card watch, and the loan
/// receipt printed to a capturing receipt printer.
@Suite struct DeskCardTapTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let card = repository.appendingPathComponent("scripts/devices/fakecard.py").path

    @Test("tap the card, scan the device: lent to the card's token, a receipt printed, no session started")
    func tapThenScan() async throws {
        try await ExclusiveUse.pcscd.run {
            let daemon = try await Blocking.run { try PCSCDaemon() }
            defer { daemon.stop() }
            let folder = try TemporaryDirectory(prefix: "loket-desk-tap")
            defer { folder.remove() }
            let replica = try Replica(path: folder.path("desk.sqlite"), logger: TestLogging.silent)
            let desk = try LendingDesk(replica: replica, branch: "centrum", desk: "balie-1", logger: TestLogging.silent)
            try desk.addDevice(tag: "LPT-0042", kind: .laptop, model: "Lenovo T14")
            let printer = try ByteCapture()
            defer { printer.stop() }
            let log = CapturedLog()
            let runtime = try DeskRuntime(
                desk: desk, host: "127.0.0.1", port: 0,
                receiptPrinter: ReceiptPrinter(destination: .tcp(host: "127.0.0.1", port: printer.port)),
                clock: SystemWallClock(), logger: log.logger)
            let tokenizer = try CardTokenizer(key: SymmetricKey(size: .bits256))
            let group = ServiceGroup(
                services: [runtime.cardReaderWatch(tokenizer: tokenizer)], logger: TestLogging.silent)
            let running = Task { try await group.run() }
            defer { running.cancel() }
            for _ in 0..<1000 where !log.text.contains("Loket virtual reader") {
                try await Task.sleep(for: .milliseconds(20))
            }
            let uid = "04DE5C0FFEE123"
            let inserted = try daemon.insertCard(uid: uid, script: Self.card)
            var read = false
            for _ in 0..<1000 where !read {
                read = await runtime.screen.page(.home).contains("Pas gelezen.")
                if !read { try await Task.sleep(for: .milliseconds(20)) }
            }
            daemon.removeCard(inserted)
            #expect(read, "the desk screen never said the card was read; log: \(log.text)")
            await runtime.screen.checkout(tag: "lpt-0042")
            #expect(await runtime.screen.page(.home).contains("LPT-0042 is uitgeleend tot"))
            let loan = try #require(try desk.history(device: "LPT-0042").first)
            #expect(loan.borrower == tokenizer.token(Array(hex: uid)), "lent to the card's token")
            try await printer.wait(connections: 1)
            let receipt = String(decoding: printer.bytes, as: UTF8.self)
            #expect(receipt.contains("LPT-0042") && receipt.contains("Lenovo T14"), "the receipt names the device")
            #expect(!receipt.contains(loan.borrower) && !receipt.lowercased().contains(uid.lowercased()))
            #expect(!log.text.lowercased().contains(uid.lowercased()), "the UID is not in the log")
            await group.triggerGracefulShutdown()
            try await running.value
        }
    }
}
