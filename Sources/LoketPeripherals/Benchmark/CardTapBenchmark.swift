import Crypto
import Foundation
import Synchronization

/// `loket bench card`: taps a virtual card on pcscd's virtual reader (vpcd) again and again
/// and measures, for each tap, from the moment the card reached the reader to the moment
/// the agent holds its token — and the part of that from pcscd reporting the card to the
/// token (what Loket itself spends: connect, `FF CA 00 00 00`, HMAC).
///
/// The card is a program speaking vpcd's protocol (scripts/devices/fakecard.py) that writes
/// the moment it connected (CLOCK_MONOTONIC) to the file named by `LOKET_CARD_STAMP`;
/// pcscd with vpcd must be running (scripts/with-pcscd starts one).
public enum CardTapBenchmark {
    public struct Result: Sendable {
        /// Card on the reader → token, per tap, milliseconds.
        public var tapMilliseconds: [Double]
        /// pcscd reports the card → token, per tap, milliseconds.
        public var readMilliseconds: [Double]
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Taps `taps` times with the card program `card` (run with `python3` when it ends in
    /// `.py`), the UID `uid`, on vpcd at `port`. Each tap waits up to `timeout` seconds.
    public static func run(
        taps: Int, card: String, uid: String = "04B3E7C2A1F080", port: Int = 35963, timeout: Double = 10
    ) throws -> Result {
        let tokenizer = try CardTokenizer(key: .init(size: .bits256))
        let taps = max(1, taps)
        let arrivals = Mutex<[(token: UInt64, milliseconds: Double)]>([])
        let readers = DispatchSemaphore(value: 0)
        let tapped = DispatchSemaphore(value: 0)
        let errors = Mutex<[String]>([])
        let thread = PCSCReaderThread(tokenizer: tokenizer) { event in
            switch event {
            case .readers(let names) where !names.isEmpty: readers.signal()
            case .tapped(_, _, let milliseconds):
                arrivals.withLock { $0.append((monotonicNanoseconds(), milliseconds)) }
                tapped.signal()
            case .failed(let reader, let error): errors.withLock { $0.append("\(reader): \(error)") }
            case .serviceUnavailable(let why): errors.withLock { $0.append(why) }
            default: break
            }
        }
        thread.start()
        defer { thread.stop() }
        guard readers.wait(timeout: .now() + timeout) == .success else {
            throw Failure(
                description: "no card reader appeared: \(errors.withLock { $0 }) (is pcscd with vpcd running?)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-bench-card-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var result = Result(tapMilliseconds: [], readMilliseconds: [])
        for round in 0..<taps {
            let stamp = folder.appendingPathComponent("stamp-\(round)").path
            let process = Process()
            if card.hasSuffix(".py") {
                process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
                process.arguments = [card, "\(port)", uid]
            } else {
                process.executableURL = URL(fileURLWithPath: card)
                process.arguments = ["\(port)", uid]
            }
            var environment = ProcessInfo.processInfo.environment
            environment["LOKET_CARD_STAMP"] = stamp
            process.environment = environment
            try process.run()
            let answered = tapped.wait(timeout: .now() + timeout)
            // SIGKILL: the child may have inherited a blocked SIGTERM from this thread.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            guard answered == .success, let arrival = arrivals.withLock({ $0.last }) else {
                throw Failure(description: "tap \(round + 1) gave no token in \(timeout) s: \(errors.withLock { $0 })")
            }
            guard let text = try? String(contentsOfFile: stamp, encoding: .utf8), let placed = UInt64(text) else {
                throw Failure(description: "the card program wrote no time to \(stamp)")
            }
            result.tapMilliseconds.append(Double(arrival.token &- placed) / 1_000_000)
            result.readMilliseconds.append(arrival.milliseconds)
            // The card is away; let pcscd see the reader empty before the next tap.
            Thread.sleep(forTimeInterval: 0.6)
        }
        return result
    }

    static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

}
