import Testing

@testable import LoketSync

/// The sorted map a record's fields and replicas live in: the same entries give the same
/// map however they arrive, and iteration is in key order.
@Suite("SmallMap")
struct SmallMapTests {
    typealias Map = SmallMap<String, Int>

    @Test("entries read out of order are put in order, the later of a repeated key kept")
    func readOutOfOrder() {
        let inOrder = Map(read: [.init(key: "a", value: 1), .init(key: "b", value: 2), .init(key: "c", value: 3)])
        let shuffled = Map(read: [
            .init(key: "c", value: 9), .init(key: "a", value: 1), .init(key: "b", value: 2), .init(key: "c", value: 3),
        ])
        #expect(inOrder == shuffled)
        #expect(shuffled.map(\.key) == ["a", "b", "c"])
        #expect(shuffled["c"] == 3)
        #expect(Map(read: []).isEmpty)
    }

    @Test("iteration walks the entries in key order, whatever order they were set in")
    func iteration() {
        var map = Map()
        for (key, value) in [("f2", 2), ("f0", 0), ("f1", 1)] { map[key] = value }
        #expect(map.map(\.key) == ["f0", "f1", "f2"])
        #expect(map.map(\.value) == [0, 1, 2])
        #expect(map.underestimatedCount == 3)
        map["f1"] = nil
        #expect(Array(map).map(\.key) == ["f0", "f2"])
    }
}
