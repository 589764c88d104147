import Foundation
import Logging
import LoketStore

/// What every command shares: logging to stderr, opening replicas, writing output.
enum CommandSupport {
    /// Log warnings and errors to stderr (never record contents).
    static let logger: Logger = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        return Logger(label: "loket")
    }()

    static func open(_ path: String) throws -> Replica {
        try Replica.openExisting(path: path, logger: logger)
    }

    static func printLine(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func readFile(_ path: String, what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("cannot read \(what) \(path): no such file, or not readable")
        }
        return [UInt8](data)
    }
}
