public import Foundation

/// Runs the built `loket` command as a user would, for tests of the command-line tool.
public enum LoketBinary {
    /// The result of one run.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `loket` executable beside the test bundle (`.build/<config>/loket`).
    public static var url: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        // On Linux the tests run from `.build/<config>/LoketPackageTests.xctest`.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("loket").path),
            folder.path != "/"
        {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("loket")
    }

    /// Runs `loket` with `arguments` and waits for it; with `virtualMemoryKiB`, under that
    /// limit of its address space (`ulimit -v`), so an allocation beyond it fails.
    public static func run(_ arguments: [String], stdin: String? = nil, virtualMemoryKiB: Int? = nil) throws -> Result {
        let process = Process()
        if let virtualMemoryKiB {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(virtualMemoryKiB) && exec \"$0\" \"$@\"", url.path] + arguments
        } else {
            process.executableURL = url
            process.arguments = arguments
        }
        // stderr goes to a file, so reading stdout to its end can never deadlock on it.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("loket-stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errURL.path])
        }
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer { try? errHandle.close() }
        let out = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
