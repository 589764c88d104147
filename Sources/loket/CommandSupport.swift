import Foundation
import Logging
import LoketStore
import LoketSync

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

    /// The shared logger at `level` (for long-running commands: `info` by default).
    static func logger(level: String) throws -> Logger {
        guard let parsed = Logger.Level(rawValue: level) else {
            throw CommandError(
                "--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), got \(level)"
            )
        }
        var copy = logger
        copy.logLevel = parsed
        return copy
    }

    /// Splits `HOST:PORT`; errors name the option.
    static func hostAndPort(_ text: String, option: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port), colon != text.startIndex
        else {
            throw CommandError("\(option) must be HOST:PORT (port 0–65535), got \(text)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    static func open(_ path: String) throws -> Replica {
        try Replica.openExisting(path: path, logger: logger)
    }

    /// A terminal's replica, with the collections this version of Loket brings added
    /// (a replica made by an older version lacks `profiles`, say).
    static func openTerminal(_ path: String) throws -> Replica {
        var configuration = ReplicaConfiguration()
        configuration.schema = .builtIn
        return try Replica.openExisting(path: path, configuration: configuration, logger: logger)
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
