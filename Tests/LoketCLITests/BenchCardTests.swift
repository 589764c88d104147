import Foundation
import LoketSync
import LoketTesting
import Testing

/// `loket bench card` runs against the real pcscd with vpcd and prints its figures (the
/// figures themselves are recorded in docs/BENCHMARKS.md from a release build, never
/// asserted here).
@Suite struct BenchCardTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("bench card: three taps measured, one JSON line with p50, p99 and max")
    func benchCard() async throws {
        try await ExclusiveUse.pcscd.run {
            let daemon = try await Blocking.run { try PCSCDaemon() }
            defer { daemon.stop() }
            let log = daemon.folder.path("bench.log")
            let status = try await Spawn.runDetached(
                LoketBinary.url.path,
                [
                    "bench", "card", "--taps", "3", "--port", "\(PCSCDaemon.vpcdPort)", "--card",
                    Self.repository.appendingPathComponent("scripts/devices/fakecard.py").path,
                ], logPath: log)
            let output = try String(contentsOfFile: log, encoding: .utf8)
            #expect(status == 0, "\(output)")
            let line = output.split(separator: "\n").last.map(String.init) ?? ""
            guard case .object(let figures) = try FieldValue(json: line) else {
                Issue.record("not one JSON object: \(output)")
                return
            }
            #expect(figures["taps"] == .int(3))
            for name in ["tap_ms", "read_ms"] {
                guard case .object(let quantiles)? = figures[name], case .double(let p50)? = quantiles["p50"],
                    case .double(let p99)? = quantiles["p99"], case .double(let max)? = quantiles["max"]
                else {
                    Issue.record("\(name) is missing its quantiles: \(line)")
                    continue
                }
                #expect(0 < p50 && p50 <= p99 && p99 <= max, "\(name): \(line)")
            }
        }
    }
}
