import ArgumentParser
import Foundation
import LoketStore

/// Writes records in a loop and reports each commit: the crash-safety test kills it with
/// SIGKILL and checks every reported write is on disk. Hidden from help.
struct DBWriteLoop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write-loop",
        abstract: "Write records in a loop, printing each committed id (for crash tests).",
        shouldDisplay: false)

    @Argument(help: "The replica's SQLite file.") var db: String
    @Option(help: "Prefix of the record ids.") var prefix: String = "w"
    @Option(help: "Stop after this many writes.") var count: Int = 1_000_000

    func run() throws {
        let replica = try CommandSupport.open(db)
        for index in 0..<count {
            let id = "\(prefix)-\(index)"
            try replica.write { tx in
                try tx.put(
                    "sessions", id: id, RecordUpdate(set: ["kind": "crash-test"], increment: ["minutes_used": 1]))
                // Every third write also changes the one before: updates in place are killed too.
                if index % 3 == 2 {
                    try tx.put(
                        "sessions", id: "\(prefix)-\(index - 1)",
                        RecordUpdate(set: ["kind": "updated"], increment: ["minutes_used": 2]))
                }
            }
            // Only after the commit returned: this write is promised to be on disk.
            FileHandle.standardOutput.write(Data("committed \(id)\n".utf8))
        }
    }
}
