import LoketSync
import Testing

@Suite("Changeset codec")
struct ChangesetCodecTests {
    func sample(seed: UInt64, count: Int = 40) -> Changeset {
        var random = RandomChanges(seed: seed)
        var changeset = random.changeset(count: count)
        changeset.since = VersionVector([try! ReplicaID("a"): HybridTime(milliseconds: 3, counter: 1)!])
        changeset.upTo = VersionVector([
            try! ReplicaID("a"): HybridTime(milliseconds: 9, counter: 0)!,
            try! ReplicaID("b"): HybridTime(milliseconds: 2, counter: 0)!,
        ])
        return changeset
    }

    @Test("binary and JSON forms round-trip", arguments: 0..<30)
    func roundTrip(seed: Int) throws {
        let changeset = sample(seed: UInt64(seed))
        #expect(try Changeset(binary: changeset.encoded()) == changeset)
        #expect(try Changeset(jsonText: changeset.json.canonicalJSON) == changeset)
        #expect(try Changeset(decoding: Array(changeset.json.prettyJSON.utf8)) == changeset)
        #expect(try Changeset(decoding: changeset.encoded()) == changeset)
        let compact = changeset.encoded(version: 2)
        #expect(compact[4] == 2)
        #expect(try Changeset(binary: compact) == changeset)
        #expect(try Changeset(decoding: compact) == changeset)
    }

    @Test("extreme values round-trip")
    func extremes() throws {
        let origin = try ReplicaID(String(repeating: "z", count: 64))
        let values: [FieldValue] = [
            .int(.min), .int(.max), .int(-16), .int(111), .int(112), .int(-17), .double(-0.0),
            .double(.greatestFiniteMagnitude),
            .string(""), .string("Gemeente 's-Hertogenbosch — ü ß € 🙂 \u{0}"), .array([]), .object([:]),
            .object(["a": .array([.null, .bool(false), .object(["b": 1.5])])]),
        ]
        let changes =
            values.enumerated().map { index, value in
                Change(
                    collection: "c", recordID: "r\(index)", scope: "terminal:t-1", causalLength: UInt64(Int64.max),
                    timestamp: HybridTimestamp(
                        time: HybridTime(milliseconds: HybridTime.maximumMilliseconds, counter: .max)!, replica: origin),
                    operation: .register(field: "f", value: value))
            } + [
                Change(
                    collection: "c", recordID: "r", scope: "fleet", causalLength: 1,
                    timestamp: HybridTimestamp(time: HybridTime(milliseconds: 0, counter: 0)!, replica: origin),
                    operation: .counter(field: "n", increments: .max, decrements: .max))
            ]
        let changeset = Changeset(changes: changes)
        #expect(try Changeset(binary: changeset.encoded()) == changeset)
        #expect(try Changeset(binary: changeset.encoded(version: 2)) == changeset)
        #expect(try Changeset(jsonText: changeset.json.canonicalJSON) == changeset)
    }

    @Test("version 2 shares the beginnings of sorted names, including ones that split a character")
    func compactStrings() throws {
        let origin = try ReplicaID("desk-1")
        // "caf" + é (C3 A9) and "caf" + è (C3 A8) share four bytes: half a character.
        let ids = ["café", "cafè", "r10", "r1", "r100", "z"]
        let changes = ids.enumerated().map { index, id in
            Change(
                collection: "notes", recordID: id, scope: "fleet", causalLength: 1,
                timestamp: HybridTimestamp(
                    time: HybridTime(milliseconds: 1_000 + UInt64(index), counter: 0)!, replica: origin),
                operation: .register(field: "text", value: .string(id)))
        }
        let changeset = Changeset(changes: changes)
        let compact = changeset.encoded(version: 2)
        #expect(try Changeset(binary: compact) == changeset)
    }

    @Test("a field update costs few bytes")
    func compact() throws {
        let origin = try ReplicaID("desk-1")
        var changes: [Change] = []
        for index in 0..<1000 {
            let time = HybridTime(milliseconds: 1_767_225_600_000 + UInt64(index / 4), counter: UInt16(index % 4))!
            let value = FieldValue.int(Int64(index * 97 % 100_000))
            changes.append(
                Change(
                    collection: "bench", recordID: "r\(index * 37 % 100_000)", scope: "fleet", causalLength: 1,
                    timestamp: HybridTimestamp(time: time, replica: origin),
                    operation: .register(field: "f\(index % 10)", value: value)))
        }
        let bytes = Changeset(changes: changes).encoded()
        // Header 1, record ref 2 + its string (≤ 7), field ref 1, time 2, value ≤ 4.
        #expect(Double(bytes.count) / Double(changes.count) <= 18)
        // Version 2: sorted, record ids share their beginnings ("r1234" after "r1233": 3 bytes).
        let compact = Changeset(changes: changes).encoded(version: 2)
        #expect(Double(compact.count) / Double(changes.count) <= 15)
    }

    @Test("errors name the problem and the byte offset")
    func errors() throws {
        let good = sample(seed: 1).encoded()
        func decodeError(_ bytes: [UInt8]) -> ChangesetDecodingError? {
            do {
                _ = try Changeset(binary: bytes)
                return nil
            } catch { return error }
        }
        #expect(decodeError([])?.code == .truncated)
        #expect(decodeError(Array("LKC".utf8))?.code == .truncated)
        #expect(decodeError(Array("PK\u{3}\u{4}zip".utf8))?.code == .badMagic)
        var version = good
        version[4] = 9
        let versionError = decodeError(version)
        #expect(versionError?.code == .unsupportedVersion && versionError?.offset == 4)
        #expect(versionError?.description.contains("reads versions 1–2") == true)
        var flipped = good
        flipped[20] ^= 0x40
        let checksum = decodeError(flipped)
        #expect(checksum?.code == .checksumMismatch && checksum?.offset == good.count - 4)
        let cut = decodeError(Array(good.dropLast(10)))
        #expect(cut?.code == .checksumMismatch)
        #expect(cut?.description.contains("byte \(good.count - 14)") == true)

        // Structural errors, with a valid checksum so the parser itself is exercised.
        func sealed(_ body: [UInt8]) -> [UInt8] { body + checksumBytes(body) }
        let header: [UInt8] = Array("LKCS".utf8) + [1, 0]
        let overlong = decodeError(sealed(header + [0x80, 0x00]))  // string count as an overlong varint
        #expect(overlong?.code == .invalidVarint && overlong?.offset == 6)
        let tooMany = decodeError(sealed(header + [0x7F]))  // 127 strings in no bytes
        #expect(tooMany?.code == .outOfRange && tooMany?.offset == 6)
        let badUTF8 = decodeError(sealed(header + [1, 2, 0xC3, 0x28]))
        #expect(badUTF8?.code == .invalidUTF8 && badUTF8?.offset == 8)
        // One string "c", no vectors, one change that refers to string 5.
        let badIndex = decodeError(sealed(header + [1, 1, 0x63, 0, 0, 1, 0x40, 5]))
        #expect(badIndex?.code == .outOfRange && badIndex?.offset == 13)
        let reserved = decodeError(sealed(header + [0, 0, 0, 1, 0x80, 0, 0]))
        #expect(reserved?.code == .invalidTag && reserved?.offset == 10)
        let trailing = decodeError(sealed(header + [0, 0, 0, 0, 0xFF]))
        #expect(trailing?.code == .trailingBytes && trailing?.offset == 10)
        var limits = ChangesetDecodingLimits()
        limits.maximumBytes = 16
        #expect(throws: ChangesetDecodingError.self) { try Changeset(binary: good, limits: limits) }

        // Version 2's string table: (shared, length, rest) per string, sorted.
        let compact: [UInt8] = Array("LKCS".utf8) + [2, 0]
        let ok = try Changeset(binary: sealed(compact + [2, 0, 1, 0x61, 1, 1, 0x62, 0, 0, 0]))
        #expect(ok.changes.isEmpty)
        let unsorted = decodeError(sealed(compact + [2, 0, 1, 0x62, 0, 1, 0x61, 0, 0, 0]))  // "b", then "a"
        #expect(unsorted?.code == .outOfRange && unsorted?.offset == 10)
        #expect(unsorted?.description.contains("not after the one before") == true)
        let twice = decodeError(sealed(compact + [2, 0, 1, 0x61, 1, 0, 0, 0, 0]))  // "a", then "a" again
        #expect(twice?.code == .outOfRange)
        let overshare = decodeError(sealed(compact + [2, 0, 1, 0x61, 2, 1, 0x62, 0, 0, 0]))  // shares 2 of 1
        #expect(overshare?.code == .outOfRange && overshare?.offset == 10)
        // A shared prefix may end inside a character, as long as the whole string is UTF-8.
        let halfCharacter = decodeError(sealed(compact + [2, 0, 2, 0xC3, 0xA8, 1, 1, 0xFF, 0, 0, 0]))
        #expect(halfCharacter?.code == .invalidUTF8 && halfCharacter?.offset == 11)
        // No string is longer than 255 bytes: a short input cannot grow much by sharing.
        let long = decodeError(sealed(compact + [1, 0, 0x80, 0x02] + Array(repeating: 0x61, count: 256) + [0, 0, 0]))
        #expect(long?.code == .outOfRange && long?.offset == 8)
    }

    @Test("JSON errors name the path")
    func jsonErrors() {
        func message(_ text: String) -> String {
            do {
                _ = try Changeset(jsonText: text)
                return ""
            } catch { return error.description }
        }
        #expect(message("{").contains("byte 1"))
        #expect(message(#"{"format":"x"}"#).contains("$.format"))
        let badField =
            #"{"format":"loket-changeset","version":1,"changes":[{"collection":"c","record":"r","scope":"fleet","cl":1,"time":[1,0],"origin":"a","op":"register","field":"Bad Name","value":1}]}"#
        #expect(message(badField).contains("$.changes[0].field"))
        let evenCL =
            #"{"format":"loket-changeset","version":1,"changes":[{"collection":"c","record":"r","scope":"fleet","cl":2,"time":[1,0],"origin":"a","op":"add","field":"t","element":1}]}"#
        #expect(message(evenCL).contains("odd"))
    }
}
