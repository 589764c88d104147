public import Foundation
import LoketSyncClient

/// The built `loket` running in the background (a hub, an agent, a sync), for tests that
/// kill it, signal it, or talk to it over the network. Output goes to files in `folder`.
public final class LoketProcess: @unchecked Sendable {
    public let process: Process
    public let outputPath: String

    /// Starts `loket arguments…` (the built one, or `executable`); stdout and stderr go to
    /// `<folder>/<name>.log`.
    public init(_ arguments: [String], folder: TemporaryDirectory, name: String, executable: URL? = nil) throws {
        outputPath = folder.path("\(name).log")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        log.seekToEndOfFile()
        process = Process()
        process.executableURL = executable ?? LoketBinary.url
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
    }

    public var pid: Int32 { process.processIdentifier }

    /// Whether the process has not ended yet.
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` (SIGKILL, SIGTERM, …).
    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end; returns its exit status (the signal number if killed).
    @discardableResult
    public func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// What it printed so far.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Waits until something accepts connections on 127.0.0.1:`port`, or throws after
    /// `seconds` (or when the process has ended).
    public func waitForPort(_ port: Int, seconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if LoopbackPort.accepts(port) { return }
            guard process.isRunning else {
                throw TestHarnessError("loket ended before listening on \(port): \(output)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TestHarnessError("nothing listens on \(port) after \(seconds) s: \(output)")
    }

    /// `loket hub serve --data DATA` on 127.0.0.1:`port` (a free one by default), with
    /// `--store` when given; returns once it listens, with its URL.
    public static func hub(
        data: String, store: String? = nil, port: Int? = nil, folder: TemporaryDirectory, name: String = "hub"
    ) throws -> (process: LoketProcess, url: String) {
        let port = try port ?? LoopbackPort.free()
        let hub = try LoketProcess(
            ["hub", "serve", "--data", data, "--listen", "127.0.0.1:\(port)", "--log-level", "warning"]
                + (store.map { ["--store", $0] } ?? []),
            folder: folder, name: name)
        try hub.waitForPort(port)
        return (hub, "http://127.0.0.1:\(port)")
    }
}
