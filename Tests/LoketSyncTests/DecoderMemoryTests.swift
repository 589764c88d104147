import Foundation
import LoketTesting
import Testing

@testable import LoketSync

/// Counts the remaining bytes just back must not make the decoder reserve or build more
/// than its budget: each hostile input is refused as `too large` under a small budget,
/// and decodes to the same value as before under a large one when it is valid.
@Suite("Decoder memory is bounded by a budget")
struct DecoderMemoryTests {
    @Test("hostile counts are refused as too large, never reserved", arguments: HostileChangesets.Kind.allCases)
    func hostile(kind: HostileChangesets.Kind) {
        let input = HostileChangesets.make(kind, size: 1 << 20)
        var limits = ChangesetDecodingLimits()
        limits.maximumDecodedBytes = 256 << 10
        do {
            _ = try Changeset(binary: input, limits: limits)
            Issue.record("\(kind) decoded under a 256 KiB budget")
        } catch {
            if kind == .wideObject {
                // Two members are all it takes to find the repeated key.
                #expect(error.code == .invalidChange, "\(error)")
            } else {
                #expect(error.code == .tooLarge, "\(error)")
                #expect(error.detail.contains("memory"))
            }
        }
    }

    @Test("a growing list is charged for every buffer it takes, so the budget bounds its peak")
    func growth() {
        var budget = DecodingBudget(1 << 20)
        var items: [Int] = []
        while budget.makeRoom(in: &items) { items.append(items.count) }
        let charged = (1 << 20) - budget.remaining
        let buffer = items.capacity * MemoryLayout<Int>.stride
        // The last doubling held the old buffer (half the new one) and the new one at once.
        #expect(charged >= buffer + buffer / 2, "charged \(charged) for a buffer of \(buffer)")
        #expect(charged <= 1 << 20)
        #expect(items.count == items.capacity, "refused only when full")
        var members: [String: Int] = [:]
        var objects = DecodingBudget(1 << 16)
        while objects.makeRoom(in: &members, slotCost: 64) { members["k\(members.count)"] = 0 }
        #expect(members.count == members.capacity)
        #expect((1 << 16) - objects.remaining >= members.capacity * 64 * 3 / 2)
    }

    @Test("the same inputs within the default budget decode or fail by their structure")
    func withinBudget() throws {
        let changes = try Changeset(binary: HostileChangesets.make(.minimalChanges, size: 1 << 16))
        #expect(changes.changes.count > 20_000)
        let strings = try Changeset(binary: HostileChangesets.make(.emptyStrings, size: 1 << 16))
        #expect(strings.changes.isEmpty)
        let nested = try Changeset(binary: HostileChangesets.make(.nestedArrays, size: 1 << 16))
        #expect(nested.changes.count == 1)
        let shared = try Changeset(binary: HostileChangesets.make(.sharedPrefixes, size: 1 << 16))
        #expect(shared.changes.isEmpty)
    }

    @Test("the JSON form is held to the same budget")
    func json() {
        var limits = ChangesetDecodingLimits()
        limits.maximumDecodedBytes = 64 << 10
        let text =
            "{\"format\":\"loket-changeset\",\"version\":1,\"changes\":[" + String(repeating: "[],", count: 50_000)
            + "[]]}"
        #expect {
            try Changeset(jsonText: text, limits: limits)
        } throws: { error in
            (error as? ChangesetDecodingError)?.code == .tooLarge
        }
    }

    @Test("an export page mark travels in both forms")
    func pageMark() throws {
        let mark = ExportPageMark(export: .max - 7, number: 3, isLast: true)
        let changeset = Changeset(changes: [], page: mark)
        #expect(try Changeset(binary: changeset.encoded()).page == mark)
        #expect(try Changeset(jsonText: changeset.json.canonicalJSON).page == mark)
        #expect(try Changeset(binary: Changeset(changes: []).encoded()).page == nil)
    }

    @Test("texts are read in NFC from either form")
    func normalised() throws {
        let change = Change(
            collection: "things", recordID: "cafe\u{301}", scope: "fleet", causalLength: 1,
            timestamp: HybridTimestamp(time: HybridTime(milliseconds: 1, counter: 0)!, replica: try ReplicaID("a")),
            operation: .add(field: "tags", element: .object(["e\u{301}": .string("o\u{308}")])))
        for decoded in [
            try Changeset(binary: Changeset(changes: [change]).encoded()),
            try Changeset(jsonText: Changeset(changes: [change]).json.canonicalJSON),
        ] {
            let got = decoded.changes[0]
            #expect(Array(got.recordID.utf8) == Array("caf\u{E9}".utf8))
            guard case .add(_, .object(let members)) = got.operation else {
                Issue.record("not an add of an object")
                continue
            }
            #expect(members.keys.map { Array($0.utf8) } == [Array("\u{E9}".utf8)])
            #expect(members.values.first.map { Array($0.canonicalJSON.utf8) } == Array("\"\u{F6}\"".utf8))
        }
        // Two keys that are one in NFC are one key twice.
        let twice = Changeset(changes: [change]).json.canonicalJSON.replacingOccurrences(
            of: "\"element\":{", with: "\"element\":{\"\u{E9}\":1,")
        #expect(throws: ChangesetDecodingError.self) { try Changeset(jsonText: twice) }
    }
}
