import Foundation
import LoketSync
import LoketTesting
import Testing

/// `loket changes import` of 64 MiB checksum-valid files built to make the decoder take
/// memory the bytes do not back, under a 1 GiB address-space limit (`ulimit -v`): the
/// command refuses each with a clear error and exit 1, never aborts on a failed
/// allocation. (Before the decoder had a budget, the minimal changes alone asked for
/// 3.5 GB; before lists were charged by the buffers they grow into, the nested arrays
/// peaked at 906 MB resident and aborted on a loaded machine under 1.5 GiB.)
@Suite("Decoding hostile files under a memory limit")
struct DecoderMemoryLimitTests {
    static let limitKiB = 1 << 20

    @Test("64 MiB hostile changesets are refused, not allocated", arguments: HostileChangesets.Kind.allCases)
    func hostile(kind: HostileChangesets.Kind) throws {
        let directory = try TemporaryDirectory(prefix: "loket-hostile")
        let db = directory.path("r.sqlite")
        #expect(try LoketBinary.run(["db", "init", db]).status == 0)
        let file = directory.path("\(kind.rawValue).lkc")
        try Data(HostileChangesets.make(kind, size: 64 << 20 - 64)).write(to: URL(fileURLWithPath: file))
        let result = try LoketBinary.run(["changes", "import", db, file], virtualMemoryKiB: Self.limitKiB)
        #expect(result.status == 1, "\(kind): exit \(result.status): \(result.stderr.suffix(400))")
        let expected = kind == .wideObject ? "appears twice" : "would take more memory than the limit allows"
        #expect(result.stderr.contains(expected), "\(kind): \(result.stderr.suffix(400))")
        #expect(result.stderr.contains(file))
        // Nothing of it was stored.
        #expect(try LoketBinary.run(["db", "dump", db]).stdout.contains("\"sessions\": []"))
    }

    @Test("under the same limit, a large valid file imports")
    func valid() throws {
        let directory = try TemporaryDirectory(prefix: "loket-valid")
        let db = directory.path("r.sqlite")
        #expect(try LoketBinary.run(["db", "init", db]).status == 0)
        let origin = try ReplicaID("desk")
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        let changes = (0..<50_000).map { index in
            Change(
                collection: "sessions", recordID: "s\(index)", scope: "fleet", causalLength: 1,
                timestamp: HybridTimestamp(
                    time: HybridTime(milliseconds: now, counter: UInt16(index % 60_000))!, replica: origin),
                operation: .register(field: "kind", value: "guest"))
        }
        let file = directory.path("valid.lkc")
        try Data(Changeset(changes: changes).encoded()).write(to: URL(fileURLWithPath: file))
        let result = try LoketBinary.run(["changes", "import", db, file], virtualMemoryKiB: Self.limitKiB)
        #expect(result.status == 0, "\(result.stderr.suffix(400))")
        #expect(result.stdout.contains("50000 changes read"))
    }
}
