import Foundation
public import Logging

/// `loket bench wipe`: a browser profile shaped like Chromium's (a cache of many files,
/// code cache, local storage, cookies and history databases, downloads) of a given size,
/// wiped and checked, several times over.
public enum WipeBenchmark {
    public struct Result: Sendable {
        public var files: Int
        public var megabytes: Double
        /// Wipe and check of each run, milliseconds.
        public var wipeMilliseconds: [Double]
        public var checkMilliseconds: [Double]
    }

    /// Fills `directory` with a profile of about `megabytes` MiB in `files` files, wipes it,
    /// `runs` times.
    public static func run(directory: String, megabytes: Int, files: Int, runs: Int, logger: Logger) throws -> Result {
        let wiper = SessionWiper(configuration: WipeConfiguration(sessionDirectory: directory), logger: logger)
        var wipes: [Double] = []
        var checks: [Double] = []
        var made = (files: 0, bytes: Int64(0))
        for _ in 0..<runs {
            made = try fill(directory, megabytes: megabytes, files: files)
            let report = try wiper.wipe(sessionID: "bench")
            guard report.removedFiles == made.files else {
                throw WipeError("the wipe removed \(report.removedFiles) files of \(made.files)")
            }
            wipes.append(report.removeMilliseconds)
            checks.append(report.checkMilliseconds)
        }
        return Result(
            files: made.files, megabytes: Double(made.bytes) / 1_048_576, wipeMilliseconds: wipes,
            checkMilliseconds: checks)
    }

    /// Writes the profile: 85 % of the bytes in the cache, the rest spread over the other
    /// parts; a third of the files are small (1–4 KiB), as a real profile's are.
    static func fill(_ directory: String, megabytes: Int, files: Int) throws -> (files: Int, bytes: Int64) {
        let manager = FileManager.default
        let parts: [(folder: String, share: Double, fileShare: Double)] = [
            ("chromium/Default/Cache/Cache_Data", 0.85, 0.6),
            ("chromium/Default/Code Cache/js", 0.06, 0.2),
            ("chromium/Default/Local Storage/leveldb", 0.03, 0.1),
            ("chromium/Default/IndexedDB/https_digid.nl_0.indexeddb.leveldb", 0.02, 0.05),
            ("downloads", 0.04, 0.05),
        ]
        let total = Int64(megabytes) * 1_048_576
        var written = (files: 0, bytes: Int64(0))
        var block = [UInt8](repeating: 0, count: 64 * 1024)
        var generator = SystemRandomNumberGenerator()
        for index in block.indices { block[index] = UInt8.random(in: 0...255, using: &generator) }
        for part in parts {
            let folder = (directory as NSString).appendingPathComponent(part.folder)
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let count = max(1, Int(Double(files) * part.fileShare))
            let bytes = Int64(Double(total) * part.share)
            let small = count / 3
            let large = max(1, count - small)
            let each = max(Int64(4096), (bytes - Int64(small) * 2048) / Int64(large))
            for file in 0..<count {
                let size = file < small ? Int64(1024 + (file % 4) * 1024) : each
                let data = Data(
                    (0..<Int((size + Int64(block.count) - 1) / Int64(block.count))).flatMap { _ in block }
                        .prefix(Int(size)))
                let path = (folder as NSString).appendingPathComponent(String(format: "f_%06x", file))
                guard manager.createFile(atPath: path, contents: data) else { throw WipeError("cannot write \(path)") }
                written.files += 1
                written.bytes += size
            }
        }
        for name in ["Cookies", "History", "Web Data", "Login Data", "Preferences"] {
            let path = (directory as NSString).appendingPathComponent("chromium/Default/\(name)")
            guard manager.createFile(atPath: path, contents: Data(block.prefix(16 * 1024))) else {
                throw WipeError("cannot write \(path)")
            }
            written.files += 1
            written.bytes += 16 * 1024
        }
        return written
    }
}
