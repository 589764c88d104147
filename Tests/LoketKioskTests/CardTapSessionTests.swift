import Crypto
import Foundation
import LoketKiosk
import LoketPeripherals
import LoketStore
import LoketSync
import LoketTesting
import ServiceLifecycle
import Testing

/// A library card tapped on the terminal's reader starts a card session: the real pcscd
/// with vpcd and a virtual card, the agent's kiosk runtime with its card watch.
@Suite struct CardTapSessionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let card = repository.appendingPathComponent("scripts/devices/fakecard.py").path

    @Test("a tap while the kiosk waits starts a card session under the card's token, and the UID is kept nowhere")
    func tapStartsASession() async throws {
        try await ExclusiveUse.pcscd.run {
            let daemon = try await Blocking.run { try PCSCDaemon() }
            defer { daemon.stop() }
            // No daily limit: the card's minutes need no hub here (CardAllowanceTests has those).
            var fixture = try RuntimeFixture(
                prefix: "loket-card-tap",
                profile: """
                    id: library
                    version: 1
                    expires: 2027-01-01T00:00:00Z
                    services:
                      - name: DigiD
                        urls: ["https://*.digid.nl/*"]
                    session:
                      dailyMinutesPerCard: 0
                      sessionMinutes: 45
                    printing:
                      enabled: true
                      queue: publiek
                    """)
            defer { fixture.folder.remove() }
            fixture.configuration.printing.cupsServer = "127.0.0.1:9"  // no printer: released jobs wait
            let log = CapturedLog()
            let runtime = try fixture.runtime(log: log)
            let (folder, replica) = (fixture.folder, fixture.replica)
            let key = SymmetricKey(size: .bits256)
            let tokenizer = try CardTokenizer(key: key)
            let uid = "04C0FFEE12345A"
            let group = ServiceGroup(
                services: [runtime.cardReaderWatch(tokenizer: tokenizer)], logger: TestLogging.silent)
            let running = Task { try await group.run() }
            defer { running.cancel() }

            #expect(await runtime.controller.phase.session == nil)
            // A job the card printed in an earlier session, held for its tap.
            let token = tokenizer.token(Array(hex: uid))
            let job = try runtime.printQueue.submit(
                Array("Formulier\n".utf8), format: "text/plain", session: "earlier", card: token)
            // A card already on the reader when the watch starts is no tap: wait for the reader.
            for _ in 0..<1000 where !log.text.contains("Loket virtual reader") {
                try await Task.sleep(for: .milliseconds(20))
            }
            let inserted = try daemon.insertCard(uid: uid, script: Self.card)
            var session: ActiveSession?
            for _ in 0..<1000 where session == nil {
                session = await runtime.controller.phase.session
                if session == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            daemon.removeCard(inserted)
            await group.triggerGracefulShutdown()
            try await running.value
            let started = try #require(
                session, "no session started after the tap; log: \(log.text); pcscd: \(daemon.log.suffix(2000))")
            #expect(started.card == tokenizer.token(Array(hex: uid)), "the session runs under the card's token")
            #expect(started.kind == .card)
            #expect(started.endsAt - started.startedAt == 45 * 60_000, "the profile's session length")
            guard case .object(let record)? = try replica.record("print_jobs", id: job) else {
                Issue.record("the print job has no record")
                return
            }
            #expect(record["state"] == .string("released"), "the tap released the card's held job: \(record)")

            // The UID is nowhere: not in the replica's files, not in the log.
            try replica.close()
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path("")) {
                guard let bytes = FileManager.default.contents(atPath: folder.path(name)) else { continue }
                let hex = bytes.map { String(format: "%02X", $0) }.joined()
                #expect(!hex.contains(uid), "the UID is in \(name) as bytes")
                #expect(!String(decoding: bytes, as: UTF8.self).uppercased().contains(uid), "the UID is in \(name)")
            }
            #expect(!log.text.uppercased().contains(uid))
            #expect(!log.text.contains(started.card ?? "card-"), "the token reached the log")
        }
    }
}
