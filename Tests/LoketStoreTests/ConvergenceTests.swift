import Foundation
import LoketStore
import LoketSync
import LoketTesting
import Testing

/// Property-based convergence: replicas make random writes of every kind, messages (outbox
/// entries and whole exports) travel in random order with duplicates and re-deliveries,
/// then anti-entropy with randomly sized pages runs until nothing new moves. Every replica must print the same dump, and that dump must equal the
/// reference model (`ReplicaState`) fed every change ever made.
@Suite("Convergence of random histories")
struct ConvergenceTests {
    static let batches = 10
    static let casesPerBatch = 100  // 1,000 seeded cases in all

    @Test("3–5 replicas, random operations and delivery, identical dumps", arguments: 0..<batches)
    func converge(batch: Int) throws {
        for offset in 0..<Self.casesPerBatch {
            let seed = UInt64(batch * Self.casesPerBatch + offset)
            try run(seed: seed)
        }
    }

    func run(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let fixture = try StoreFixture()
        let count = Int.random(in: 3...5, using: &random)
        let clocks = (0..<count).map { _ in
            ManualWallClock(milliseconds: 1_767_225_600_000 + .random(in: 0...50, using: &random))
        }
        let replicas = try (0..<count).map { try fixture.open("r\($0)", clock: clocks[$0]) }
        var made: [Change] = []
        var network: [Changeset] = []
        let records = ["a", "b", "c", "d"]
        let words: [FieldValue] = ["x", "y", "z", 1, .array([true])]

        for _ in 0..<Int.random(in: 15...40, using: &random) {
            let index = Int.random(in: 0..<count, using: &random)
            let replica = replicas[index]
            clocks[index].advance(by: .random(in: 0...3, using: &random))
            let record = records.randomElement(using: &random)!
            switch Int.random(in: 0..<10, using: &random) {
            case 0...4:
                var update = RecordUpdate()
                if Bool.random(using: &random) { update.set["name"] = words.randomElement(using: &random)! }
                if Bool.random(using: &random) { update.set["note"] = .int(.random(in: -3...3, using: &random)) }
                if Bool.random(using: &random) { update.increment["count"] = .random(in: -5...5, using: &random) }
                if Bool.random(using: &random) { update.add["tags"] = [words.randomElement(using: &random)!] }
                if Bool.random(using: &random) { update.remove["tags"] = [words.randomElement(using: &random)!] }
                made += try replica.put("things", id: record, update)
            case 5:
                if try replica.record("things", id: record) != nil {
                    made.append(try replica.delete("things", id: record))
                }
            case 6, 7:
                // Send: the last write's outbox entry, or an export since some vector.
                if Bool.random(using: &random), let entry = try replica.outbox(limit: 1000).last {
                    network.append(try Changeset(binary: entry.payload))
                } else {
                    let peer = replicas.randomElement(using: &random)!
                    // A whole export travels as one message (a file on a USB stick); paged
                    // exports are applied in order by the anti-entropy loop below.
                    let since = Bool.random(using: &random) ? try peer.versionVector() : VersionVector()
                    network.append(try replica.changes(since: since))
                }
            default:
                // Deliver a random message to a random replica; it stays in the network, so
                // it may arrive again.
                if let message = network.randomElement(using: &random) {
                    let report = try replicas.randomElement(using: &random)!.merge(
                        try Changeset(binary: message.encoded()))
                    #expect(report.quarantined == 0, "seed \(seed)")
                }
            }
        }
        // A burst of re-deliveries in random order.
        for message in network.shuffled(using: &random).prefix(20) {
            try replicas.randomElement(using: &random)!.merge(message)
        }

        // Anti-entropy until a whole round applies nothing.
        var rounds = 0
        while true {
            rounds += 1
            guard rounds <= 20 else {
                Issue.record("no convergence after 20 rounds, seed \(seed)")
                return
            }
            var applied = 0
            for source in replicas.shuffled(using: &random) {
                for target in replicas where target !== source {
                    applied += try StoreFixture.sync(
                        from: source, to: target, limit: .random(in: 1...30, using: &random)
                    ).applied
                }
            }
            if applied == 0 { break }
        }

        let dumps = try replicas.map { try $0.dump().canonicalJSON }
        #expect(Set(dumps).count == 1, "replicas differ, seed \(seed)")
        var model = ReplicaState()
        for change in made { model.apply(change) }
        #expect(
            dumps[0] == model.dump(schema: StoreFixture.schema).canonicalJSON,
            "store differs from the model, seed \(seed)")
        for replica in replicas {
            #expect(try replica.quarantine().isEmpty, "seed \(seed)")
            try replica.close()
        }
    }
}
