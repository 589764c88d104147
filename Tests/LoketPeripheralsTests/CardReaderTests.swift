import Crypto
import Foundation
import LoketPeripherals
import LoketStore
import LoketSync
import LoketTesting
import ServiceLifecycle
import Synchronization
import Testing

/// Card readers over PC/SC against the real pcscd with vsmartcard's virtual reader and a
/// virtual card (scripts/devices/fakecard.py); a reader pulled out and plugged in again
/// against the real pcscd's USB hot-plug in a umockdev testbed (`PCSCHotplugDaemon`).
/// One pcscd per host: one test at a time.
@Suite(.serialized) struct CardReaderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let card = repository.appendingPathComponent("scripts/devices/fakecard.py").path
    static let key = SymmetricKey(data: Data((0..<32).map { UInt8($0) }))
    static let uid = "04A1B2C3D4E5F6"

    final class Events: Sendable {
        let list = Mutex<[CardReaderEvent]>([])
        func add(_ event: CardReaderEvent) { list.withLock { $0.append(event) } }
        var all: [CardReaderEvent] { list.withLock { $0 } }

        /// Waits (up to 20 s of real time: a real daemon answers) until `test` holds for an event.
        func wait(_ what: String, _ test: (CardReaderEvent) -> Bool) async throws -> CardReaderEvent {
            for _ in 0..<1000 {
                if let found = all.first(where: test) { return found }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw TestHarnessError("no \(what) among \(all)")
        }

        func clear() { list.withLock { $0.removeAll() } }
    }

    /// Runs `body` with pcscd started and a card reader watch taking its events.
    func withReader(
        log: CapturedLog = CapturedLog(), onEvent: @escaping @Sendable (CardReaderEvent) async -> Void = { _ in },
        _ body: (PCSCDaemon, Events) async throws -> Void
    ) async throws {
        try await ExclusiveUse.pcscd.run { try await withReaderAlone(log: log, onEvent: onEvent, body) }
    }

    func withReaderAlone(
        log: CapturedLog, onEvent: @escaping @Sendable (CardReaderEvent) async -> Void,
        _ body: (PCSCDaemon, Events) async throws -> Void
    ) async throws {
        let daemon: PCSCDaemon
        do { daemon = try await Blocking.run { try PCSCDaemon() } } catch {
            Issue.record("\(error)")
            return
        }
        defer { daemon.stop() }
        try await watching(log: log, onEvent: onEvent, pcscdLog: { daemon.log }) { try await body(daemon, $0) }
    }

    /// Runs `body` with a card reader watch on the pcscd running now, taking its events.
    func watching(
        log: CapturedLog = CapturedLog(), onEvent: @escaping @Sendable (CardReaderEvent) async -> Void = { _ in },
        pcscdLog: () -> String, _ body: (Events) async throws -> Void
    ) async throws {
        let events = Events()
        let watch = CardReaderWatch(tokenizer: try CardTokenizer(key: Self.key), logger: log.logger) { event in
            events.add(event)
            await onEvent(event)
        }
        let group = ServiceGroup(services: [watch], logger: TestLogging.silent)
        let running = Task { try await group.run() }
        do {
            try await body(events)
        } catch {
            Issue.record("pcscd's log: \(pcscdLog().suffix(3000))")
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await running.value
    }

    @Test("a tap gives the card's token, the same each time; another card another token")
    func tap() async throws {
        try await withReader { daemon, events in
            _ = try await events.wait("reader") { if case .readers(let names) = $0 { !names.isEmpty } else { false } }
            let expected = try CardTokenizer(key: Self.key).token(Array(hex: Self.uid))
            for round in 0..<2 {
                events.clear()
                let card = try daemon.insertCard(uid: Self.uid, script: Self.card)
                let tapped = try await events.wait("tap \(round)") { if case .tapped = $0 { true } else { false } }
                guard case .tapped(let token, let reader, let milliseconds) = tapped else { return }
                #expect(token == expected && token.hasPrefix("card-") && token.count == 37)
                #expect(reader.contains("Loket virtual reader") && milliseconds >= 0)
                daemon.removeCard(card)
                try await Task.sleep(for: .milliseconds(300))
            }
            events.clear()
            let other = try daemon.insertCard(uid: "04112233445566", script: Self.card)
            let tapped = try await events.wait("another card") { if case .tapped = $0 { true } else { false } }
            if case .tapped(let token, _, _) = tapped { #expect(token != expected) }
            daemon.removeCard(other)
        }
    }

    @Test("a refusing, a babbling and a vanishing card: each a clear error, and the next tap works")
    func faults() async throws {
        try await withReader { daemon, events in
            _ = try await events.wait("reader") { if case .readers(let names) = $0 { !names.isEmpty } else { false } }
            func fault(_ mode: String, _ kind: CardReadError.Kind) async throws {
                events.clear()
                let card = try daemon.insertCard(uid: Self.uid, mode: mode, script: Self.card)
                let failed = try await events.wait("failure for \(mode)") {
                    if case .failed = $0 { true } else { false }
                }
                if case .failed(_, let error) = failed {
                    #expect(error.kind == kind, "\(mode): \(error)")
                    #expect(!error.message.lowercased().contains(Self.uid.lowercased()), "the error names no UID")
                }
                daemon.removeCard(card)
                try await Task.sleep(for: .milliseconds(300))
            }
            func tapWorks(_ after: String) async throws {
                events.clear()
                let card = try daemon.insertCard(uid: Self.uid, script: Self.card)
                _ = try await events.wait("tap after \(after)") { if case .tapped = $0 { true } else { false } }
                daemon.removeCard(card)
                try await Task.sleep(for: .milliseconds(300))
            }
            try await fault("refuse", .badAnswer)
            try await fault("garbage", .badAnswer)
            try await tapWorks("a refusing and a babbling card")
            // Pulled away in the middle of the exchange. (The virtual reader then takes no new
            // card until pcscd starts again — vpcd's limit, not a real reader's: the restart
            // is the recovery, and the watch follows it by itself.)
            try await fault("vanish", .cardRemoved)
            daemon.kill()
            try daemon.start()
            _ = try await events.wait("reader again") {
                if case .readers(let names) = $0 { !names.isEmpty } else { false }
            }
            try await tapWorks("a vanishing card and a pcscd restart")
        }
    }

    @Test("pcscd stopped and started again: reported, then taps work again by themselves")
    func daemonRestart() async throws {
        try await withReader { daemon, events in
            _ = try await events.wait("reader") { if case .readers(let names) = $0 { !names.isEmpty } else { false } }
            daemon.kill()
            _ = try await events.wait("pcscd gone") { if case .serviceUnavailable = $0 { true } else { false } }
            events.clear()
            try daemon.start()
            _ = try await events.wait("reader again") {
                if case .readers(let names) = $0 { !names.isEmpty } else { false }
            }
            let card = try daemon.insertCard(uid: Self.uid, script: Self.card)
            _ = try await events.wait("tap after the restart") { if case .tapped = $0 { true } else { false } }
            daemon.removeCard(card)
        }
    }

    @Test("a reader pulled out and plugged in again while pcscd keeps running: gone, back, and its card read again")
    func readerUnplugReplug() async throws {
        try await ExclusiveUse.pcscd.run {
            let daemon: PCSCHotplugDaemon
            do { daemon = try await Blocking.run { try PCSCHotplugDaemon(repository: Self.repository) } } catch {
                Issue.record("\(error)")
                return
            }
            defer { daemon.stop() }
            let token = try CardTokenizer(key: Self.key).token(Array(hex: Self.uid))
            let log = CapturedLog()
            try await watching(log: log, pcscdLog: { daemon.log }) { events in
                var plugged = try await events.wait("the plugged-in reader") {
                    if case .readers(let names) = $0 {
                        names.contains { $0.hasPrefix("Loket test reader") }
                    } else {
                        false
                    }
                }
                for round in 0...2 {
                    if round > 0 {
                        events.clear()
                        try daemon.unplug()
                        _ = try await events.wait("no reader after pulling it out (round \(round))") {
                            $0 == .readers([])
                        }
                        try daemon.plug()
                        plugged = try await events.wait("the reader back (round \(round))") {
                            if case .readers(let names) = $0 { !names.isEmpty } else { false }
                        }
                    }
                    try daemon.putCard(uid: Self.uid)
                    let tap = try await events.wait("a tap (round \(round))") {
                        if case .tapped = $0 { true } else { false }
                    }
                    #expect(Self.tap(tap) == [token, Self.reader(plugged)])
                    try daemon.takeCard()
                }
                #expect(!events.all.contains { if case .serviceUnavailable = $0 { true } else { false } })
                #expect(daemon.pcscdRunning, "the same pcscd ran throughout")
            }
            #expect(log.text.contains("no card reader: cards cannot be tapped until one is plugged in"), "\(log.text)")
        }
    }

    static func reader(_ event: CardReaderEvent) -> String {
        if case .readers(let names) = event { names.first ?? "" } else { "" }
    }

    /// A tap's token and reader.
    static func tap(_ event: CardReaderEvent) -> [String] {
        if case .tapped(let token, let reader, _) = event { [token, reader] } else { [] }
    }

    @Test("the raw UID is nowhere: not in the replica's files, its outbox, or the log")
    func uidNowhere() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-uid")
        defer { folder.remove() }
        let replica = try Replica(path: folder.path("t.sqlite"), logger: TestLogging.silent)
        let log = CapturedLog()
        // What the agent does with a tap: the card's day is a record keyed by its token.
        try await withReader(
            log: log,
            onEvent: { event in
                guard case .tapped(let token, _, _) = event else { return }
                _ = try? replica.put(
                    "allowances", id: "2026-01-01/\(token)", scope: "terminal:t1",
                    RecordUpdate(set: ["card": .string(token), "day": .string("2026-01-01")]))
            }
        ) { daemon, events in
            _ = try await events.wait("reader") { if case .readers(let names) = $0 { !names.isEmpty } else { false } }
            let card = try daemon.insertCard(uid: Self.uid, script: Self.card)
            _ = try await events.wait("tap") { if case .tapped = $0 { true } else { false } }
            daemon.removeCard(card)
        }
        #expect(try replica.outboxCount() == 1, "the tap was recorded")
        let outbox = try replica.outbox().map { "\($0)" }.joined()
        try replica.close()
        let raw = Array(hex: Self.uid)
        let needles = [
            Self.uid.lowercased(), Self.uid.uppercased(), raw.map { String(format: "%02x", $0) }.joined(separator: " "),
        ]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.url.path) {
            let bytes = try Data(contentsOf: folder.url.appendingPathComponent(file))
            #expect(bytes.range(of: Data(raw)) == nil, "the UID's bytes are in \(file)")
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            for needle in needles { #expect(!text.contains(needle.lowercased()), "\(needle) is in \(file)") }
        }
        for needle in needles {
            #expect(!outbox.lowercased().contains(needle.lowercased()), "the UID is in the outbox")
            #expect(!log.text.lowercased().contains(needle.lowercased()), "the UID is in the log")
        }
        #expect(log.text.contains("a card was read"), "the log says a card was read: \(log.text)")
    }

    @Test("the UID in the reader's answer: 4 to 10 bytes and 90 00, or a clear error")
    func answers() throws {
        #expect(try CardUID.parse([1, 2, 3, 4, 0x90, 0x00]) == [1, 2, 3, 4])
        for (answer, words) in [
            ([0x6A, 0x81], "status 6A81"), ([0x90], "1 bytes"), ([1, 2, 3, 0x90, 0x00], "3 bytes"),
            (Array(repeating: 1, count: 11) + [0x90, 0x00], "11 bytes"),
        ] as [([UInt8], String)] {
            do {
                _ = try CardUID.parse(answer)
                Issue.record("\(answer) was taken")
            } catch {
                #expect(error.kind == .badAnswer && error.message.contains(words), "\(error)")
            }
        }
        #expect(throws: CardReadError.self) { try CardTokenizer(key: SymmetricKey(size: .bits128)) }
    }
}
