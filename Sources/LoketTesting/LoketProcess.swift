public import Foundation

/// The built `loket` running in the background (a hub, an agent, a sync), for tests that
/// kill it, signal it, or talk to it over the network. Output goes to files in `folder`.
public final class LoketProcess: @unchecked Sendable {
    public let process: Process
    public let outputPath: String

    /// Starts `loket arguments…`; stdout and stderr go to `<folder>/<name>.log`.
    public init(_ arguments: [String], folder: TemporaryDirectory, name: String) throws {
        outputPath = folder.path("\(name).log")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        log.seekToEndOfFile()
        process = Process()
        process.executableURL = LoketBinary.url
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
    }

    public var pid: Int32 { process.processIdentifier }

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
            if Self.accepts(port: port) { return }
            guard process.isRunning else {
                throw TestHarnessError("loket ended before listening on \(port): \(output)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TestHarnessError("nothing listens on \(port) after \(seconds) s: \(output)")
    }

    public static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
