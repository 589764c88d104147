import Foundation
import GRDB
import LoketStore
import LoketSync
import LoketTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A child process writes in a loop and is killed with SIGKILL at random moments; every
/// write it reported as committed must be there after reopening, and the file must pass
/// `PRAGMA integrity_check`.
@Suite("Crash safety")
struct CrashSafetyTests {
    @Test("20 SIGKILLs lose no acknowledged write")
    func sigkill() throws {
        let directory = try TemporaryDirectory(prefix: "loket-crash")
        let path = directory.path("crash.sqlite")
        try Replica(
            path: path, configuration: ReplicaConfiguration(replicaID: try ReplicaID("crash")),
            logger: TestLogging.silent
        )
        .close()
        var random = SeededGenerator(seed: 20)
        var acknowledged: [String] = []
        for round in 0..<20 {
            let process = Process()
            process.executableURL = LoketBinary.url
            process.arguments = ["db", "write-loop", path, "--prefix", "round\(round)"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill after a random number of acknowledged writes (0: while it opens the file).
            let target = Int.random(in: 0...150, using: &random)
            var buffer = Data()
            var lines = 0
            while lines < target {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                lines = buffer.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            }
            kill(process.processIdentifier, SIGKILL)
            // Whatever it printed before dying was acknowledged too.
            buffer.append(out.fileHandleForReading.readDataToEndOfFile())
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round)")
            let text = String(decoding: buffer, as: UTF8.self)
            acknowledged += text.split(separator: "\n").compactMap { line in
                line.hasPrefix("committed ") ? String(line.dropFirst("committed ".count)) : nil
            }

            let replica = try Replica.openExisting(path: path, logger: TestLogging.silent)
            let present = Set(try replica.read { try String.fetchAll($0, sql: "SELECT id FROM sessions") })
            let missing = acknowledged.filter { !present.contains($0) }
            #expect(missing.isEmpty, "round \(round): acknowledged but missing: \(missing.prefix(5))")
            #expect(
                try replica.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok", "round \(round)")
            // The outbox holds one entry per acknowledged write (and perhaps the one in flight).
            #expect(try replica.outboxCount() >= acknowledged.count, "round \(round)")
            try Self.expectAgreement(replica, "round \(round)")
            try replica.close()
        }
        #expect(acknowledged.count > 100)
    }

    /// Table, CRDT state, outbox and version vector say the same: every table row is its
    /// record's state; the outbox (never trimmed here) replayed from nothing gives exactly
    /// the states; the version vector's own entry is the newest change in the outbox.
    static func expectAgreement(_ replica: Replica, _ context: String) throws {
        let fromStates = try replica.dump()
        guard case .object(let collections) = fromStates, case .array(let sessions)? = collections["sessions"] else {
            Issue.record("\(context): the dump has no sessions")
            return
        }
        let schema = replica.schema["sessions"]!
        let fromTable: [FieldValue] = try replica.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sessions ORDER BY id").map { row in
                var members: [String: FieldValue] = [:]
                // `_crdt` and `_max` hold the state the dump is read from; the rest is the row.
                for column in row.columnNames where !column.hasPrefix("_") {
                    let value = row[column] as DatabaseValue
                    switch value.storage {
                    case .null: members[column] = .null
                    case .int64(let i): members[column] = .int(i)
                    case .double(let d): members[column] = .double(d)
                    case .string(let text):
                        members[column] =
                            schema.fields[column] == .set
                            ? ((try? FieldValue(json: text)) ?? .string(text)) : .string(text)
                    case .blob: members[column] = .string("<blob>")
                    }
                }
                return .object(members)
            }
        }
        #expect(fromTable == sessions, "\(context): the table differs from the CRDT state")
        var model = ReplicaState()
        let outbox = try replica.outbox(limit: 1_000_000)
        for entry in outbox { model.merge(try Changeset(binary: entry.payload)) }
        #expect(
            model.dump(schema: replica.schema) == fromStates, "\(context): the outbox replayed differs from the state")
        #expect(
            try replica.versionVector()[replica.id] == (outbox.last?.time ?? .zero),
            "\(context): the version vector's own entry is not the outbox's newest change")
    }

    @Test("two processes writing one replica at once: every write kept, no time handed out twice")
    func twoWriters() throws {
        let directory = try TemporaryDirectory(prefix: "loket-two-writers")
        let path = directory.path("shared.sqlite")
        try Replica(
            path: path, configuration: ReplicaConfiguration(replicaID: try ReplicaID("desk")),
            logger: TestLogging.silent
        )
        .close()
        let processes = try ["a", "b"].map { prefix in
            let process = Process()
            process.executableURL = LoketBinary.url
            process.arguments = ["db", "write-loop", path, "--prefix", prefix, "--count", "150"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let replica = try Replica.openExisting(path: path, logger: TestLogging.silent)
        #expect(try replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sessions") } == 300)
        // Every write transaction got its own clock time: the outbox holds 300 distinct ones.
        let times = try replica.outbox(limit: 1000).map(\.time)
        #expect(times.count == 300)
        #expect(Set(times).count == 300)
        #expect(times == times.sorted())
    }
}
