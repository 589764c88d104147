import LoketSync

/// Random but valid changes over a small domain, so that changes collide often.
struct RandomChanges {
    var generator: SeededGenerator
    let replicas = ["a", "b", "c"].map { try! ReplicaID($0) }
    let records = ["r1", "r2", "r3"]
    let scopes = ["fleet", "branch:centrum"]
    let values: [FieldValue] = [.null, true, 1, -7, 2.5, "x", "y", .array([1, "z"]), .object(["k": "v"])]

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &generator)] }

    mutating func timestamp() -> HybridTimestamp {
        HybridTimestamp(
            time: HybridTime(
                milliseconds: UInt64.random(in: 1...6, using: &generator),
                counter: UInt16.random(in: 0...2, using: &generator))!,
            replica: pick(replicas))
    }

    mutating func change() -> Change {
        let timestamp = timestamp()
        let operation: ChangeOperation
        var cl = UInt64.random(in: 1...4, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: operation = .existence
        case 1, 2: operation = .register(field: "name", value: pick(values))
        case 3:
            operation = .counter(
                field: "count", increments: UInt64.random(in: 0...5, using: &generator),
                decrements: UInt64.random(in: 0...5, using: &generator))
        case 4: operation = .add(field: "tags", element: pick(values))
        default:
            // A remove is later than the add it removes.
            let tag = HybridTimestamp(
                time: HybridTime(milliseconds: timestamp.time.milliseconds - 1, counter: 0)!, replica: pick(replicas))
            operation = .remove(field: "tags", element: pick(values), tag: tag)
        }
        if operation != .existence && cl % 2 == 0 { cl -= 1 }
        return Change(
            collection: "things", recordID: pick(records), scope: pick(scopes), causalLength: cl, timestamp: timestamp,
            operation: operation)
    }

    mutating func changeset(count: Int) -> Changeset {
        Changeset(changes: (0..<count).map { _ in change() })
    }
}
