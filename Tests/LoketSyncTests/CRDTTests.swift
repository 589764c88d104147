import LoketSync
import Testing

@Suite("Field CRDTs")
struct CRDTTests {
    let a = try! ReplicaID("a")
    let b = try! ReplicaID("b")

    func ts(_ ms: UInt64, _ replica: ReplicaID, counter: UInt16 = 0) -> HybridTimestamp {
        HybridTimestamp(time: HybridTime(milliseconds: ms, counter: counter)!, replica: replica)
    }

    @Test("last writer wins by time, then by replica id")
    func lww() {
        var register = LWWRegister(value: "old", timestamp: ts(10, b))
        let tookEarlier = register.assign("earlier", at: ts(9, b))
        #expect(!tookEarlier)
        let tookLater = register.assign("later", at: ts(11, a))
        #expect(tookLater)
        #expect(register.value == "later")
        // Same time: the greater replica id wins, on every replica.
        var left = LWWRegister(value: "from a", timestamp: ts(20, a))
        var right = LWWRegister(value: "from b", timestamp: ts(20, b))
        left.merge(LWWRegister(value: "from b", timestamp: ts(20, b)))
        right.merge(LWWRegister(value: "from a", timestamp: ts(20, a)))
        #expect(left == right)
        #expect(left.value == "from b")
    }

    @Test("PN-counter keeps one slot per replica and merges by maximum")
    func counter() {
        var x = PNCounter()
        var y = PNCounter()
        x.add(5, at: a)
        x.add(-2, at: a)
        y.add(10, at: b)
        var xy = x
        xy.merge(y)
        var yx = y
        yx.merge(x)
        #expect(xy == yx)
        #expect(xy.value == 13)
        xy.merge(x)  // idempotent
        #expect(xy.value == 13)
        var big = PNCounter()
        big.add(.max, at: a)
        big.add(.max, at: b)
        #expect(big.value == .max)  // clamped, not trapped
    }

    @Test("add wins over a concurrent remove; an observed add is removed")
    func addWins() {
        var shared = AddWinsSet()
        shared.add("printer", tag: ts(1, a))
        var left = shared
        var right = shared
        left.remove("printer", at: ts(3, a))  // saw only the first add
        right.add("printer", tag: ts(2, b))  // concurrent re-add
        var merged = left
        merged.merge(right)
        #expect(merged.contains("printer"))
        var other = right
        other.merge(left)
        #expect(merged == other)
        merged.remove("printer", at: ts(4, a))  // now every add is observed
        #expect(!merged.contains("printer"))
        #expect(merged.elements.isEmpty)
    }

    @Test("causal length: delete and re-create converge by maximum")
    func causalLength() {
        var x = CausalLength()
        x.create()
        #expect(x.isAlive && x.value == 1)
        var y = x
        x.delete()
        y.delete()
        y.create()
        var merged = x
        merged.merge(y)
        #expect(merged.value == 3 && merged.isAlive)
        x.create()  // re-create on x too: the same length
        #expect(x == y)
    }

    @Test("every field CRDT is a semilattice: idempotent, commutative, associative", arguments: 0..<20)
    func lattice(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        func randomCounter() -> PNCounter {
            var c = PNCounter()
            for _ in 0..<3 {
                c.add(Int64.random(in: -5...5, using: &generator), at: Bool.random(using: &generator) ? a : b)
            }
            return c
        }
        func randomSet() -> AddWinsSet {
            var s = AddWinsSet()
            for _ in 0..<4 {
                let element: FieldValue = Bool.random(using: &generator) ? "x" : "y"
                if Bool.random(using: &generator) {
                    s.add(
                        element, tag: ts(.random(in: 1...4, using: &generator), Bool.random(using: &generator) ? a : b))
                } else {
                    s.remove(
                        element, at: ts(.random(in: 5...8, using: &generator), Bool.random(using: &generator) ? a : b))
                }
            }
            return s
        }
        func laws<T: Equatable>(_ x: T, _ y: T, _ z: T, _ merge: (T, T) -> T) {
            #expect(merge(x, x) == x, "idempotent, seed \(seed)")
            #expect(merge(x, y) == merge(y, x), "commutative, seed \(seed)")
            #expect(merge(merge(x, y), z) == merge(x, merge(y, z)), "associative, seed \(seed)")
        }
        laws(randomCounter(), randomCounter(), randomCounter()) {
            var m = $0; m.merge($1); return m
        }
        laws(randomSet(), randomSet(), randomSet()) {
            var m = $0; m.merge($1); return m
        }
        let values: [FieldValue] = ["p", "q", 1]
        func register() -> LWWRegister {
            LWWRegister(
                value: values[Int.random(in: 0..<3, using: &generator)],
                timestamp: ts(.random(in: 1...3, using: &generator), Bool.random(using: &generator) ? a : b))
        }
        laws(register(), register(), register()) {
            var m = $0; m.merge($1); return m
        }
        laws(
            CausalLength(.random(in: 0...5, using: &generator)), CausalLength(.random(in: 0...5, using: &generator)),
            CausalLength(.random(in: 0...5, using: &generator))
        ) {
            var m = $0; m.merge($1); return m
        }
    }
}
