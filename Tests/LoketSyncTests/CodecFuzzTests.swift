import LoketSync
import Testing

/// Random and mutated inputs must decode to a value or a typed error, never trap. A trap
/// would crash the test process, which is the failure this test looks for.
@Suite("Codec fuzzing")
struct CodecFuzzTests {
    static let casesPerRun = 25_000

    @Test("100,000 random and mutated inputs never trap", arguments: 0..<4)
    func fuzz(run: Int) {
        var generator = SeededGenerator(seed: 0xF022 &+ UInt64(run))
        var random = RandomChanges(seed: UInt64(run) &+ 1000)
        let corpus = (0..<8).map { _ in random.changeset(count: Int.random(in: 1...30, using: &generator)) }
        var decoded = 0
        var failed = 0
        for index in 0..<Self.casesPerRun {
            var bytes: [UInt8]
            let base = corpus[index % corpus.count].encoded()
            switch index % 5 {
            case 0:
                // Pure noise, sometimes behind the right magic and version.
                bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                if Bool.random(using: &generator) { bytes = Array("LKCS".utf8) + [1, 0] + bytes }
            case 1:
                // Flip bytes, then fix the checksum so the parser sees the damage.
                bytes = base
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let at = Int.random(in: 6..<(bytes.count - 4), using: &generator)
                    bytes[at] = UInt8.random(in: 0...255, using: &generator)
                }
                bytes = reseal(bytes)
            case 2:
                // Cut anywhere, resealed.
                let keep = Int.random(in: 6...(base.count - 4), using: &generator)
                bytes = reseal(Array(base[0..<keep]) + [0, 0, 0, 0])
            case 3:
                // Insert or delete a run of bytes, resealed.
                bytes = Array(base.dropLast(4))
                let at = Int.random(in: 6...bytes.count, using: &generator)
                if Bool.random(using: &generator) {
                    bytes.insert(
                        contentsOf: (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                            UInt8.random(in: 0...255, using: &generator)
                        }, at: at)
                } else {
                    bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &generator)))
                }
                bytes = reseal(bytes + [0, 0, 0, 0])
            default:
                // Mutate the JSON form.
                var text = Array(corpus[index % corpus.count].json.canonicalJSON.utf8)
                for _ in 0..<Int.random(in: 1...3, using: &generator) where !text.isEmpty {
                    text[Int.random(in: 0..<text.count, using: &generator)] = UInt8.random(
                        in: 0...255, using: &generator)
                }
                bytes = text
            }
            do {
                let changeset = try Changeset(decoding: bytes)
                // Whatever decodes must encode and decode to itself.
                #expect(try Changeset(binary: changeset.encoded()) == changeset)
                decoded += 1
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                failed += 1
            }
        }
        // Both paths were taken: some inputs decode, most are refused.
        #expect(decoded > 0)
        #expect(failed > 0)
    }

    /// Replaces the last four bytes with the CRC-32C of the rest.
    func reseal(_ bytes: [UInt8]) -> [UInt8] {
        let body = Array(bytes.dropLast(4))
        return body + checksumBytes(body)
    }
}
