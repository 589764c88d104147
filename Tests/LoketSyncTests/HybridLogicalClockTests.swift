import LoketSync
import Testing

@Suite("Hybrid logical clock")
struct HybridLogicalClockTests {
    let replica = try! ReplicaID("terminal-1")

    @Test("ticks only rise, even when the wall clock steps back")
    func monotonic() {
        var clock = HybridLogicalClock(replica: replica)
        let first = clock.tick(wallMilliseconds: 1000)
        let second = clock.tick(wallMilliseconds: 1000)
        let third = clock.tick(wallMilliseconds: 400)  // wall clock stepped back
        let fourth = clock.tick(wallMilliseconds: 2000)
        #expect(first.time == HybridTime(milliseconds: 1000, counter: 0))
        #expect(second.time == HybridTime(milliseconds: 1000, counter: 1))
        #expect(third.time == HybridTime(milliseconds: 1000, counter: 2))
        #expect(fourth.time == HybridTime(milliseconds: 2000, counter: 0))
        #expect(first < second && second < third && third < fourth)
    }

    @Test("a full counter borrows the next millisecond")
    func counterOverflow() {
        var clock = HybridLogicalClock(replica: replica, last: HybridTime(milliseconds: 5, counter: .max)!)
        let next = clock.tick(wallMilliseconds: 5)
        #expect(next.time == HybridTime(milliseconds: 6, counter: 0))
    }

    @Test("receiving moves the clock past the remote time")
    func receive() throws {
        var clock = HybridLogicalClock(replica: replica, maximumDriftMilliseconds: 60_000)
        let remote = HybridTimestamp(
            time: HybridTime(milliseconds: 50_000, counter: 7)!, replica: try ReplicaID("desk"))
        try clock.receive(remote, wallMilliseconds: 10_000)
        let next = clock.tick(wallMilliseconds: 10_000)
        #expect(next > remote)
        #expect(next.time == HybridTime(milliseconds: 50_000, counter: 8))
    }

    @Test("a timestamp beyond the maximum drift is an error, not a clock jump")
    func drift() throws {
        var clock = HybridLogicalClock(replica: replica, maximumDriftMilliseconds: 1000)
        let before = clock.tick(wallMilliseconds: 10_000)
        let remote = HybridTimestamp(time: HybridTime(milliseconds: 11_001, counter: 0)!, replica: try ReplicaID("bad"))
        let error = #expect(throws: ClockError.self) { try clock.receive(remote, wallMilliseconds: 10_000) }
        #expect(error?.description.contains("1001 ms ahead") == true)
        #expect(clock.last == before.time)
        // Exactly at the limit is accepted.
        let edge = HybridTimestamp(time: HybridTime(milliseconds: 11_000, counter: 0)!, replica: try ReplicaID("ok"))
        try clock.receive(edge, wallMilliseconds: 10_000)
        #expect(clock.last == edge.time)
    }

    @Test("packed times sort like times")
    func packed() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<1000 {
            let a = HybridTime(
                milliseconds: .random(in: 0...HybridTime.maximumMilliseconds, using: &generator),
                counter: .random(in: 0...UInt16.max, using: &generator))!
            let b = HybridTime(
                milliseconds: .random(in: 0...HybridTime.maximumMilliseconds, using: &generator),
                counter: .random(in: 0...UInt16.max, using: &generator))!
            #expect(HybridTime(packed: a.packed) == a)
            #expect((a < b) == (a.packed < b.packed))
        }
        #expect(HybridTime(milliseconds: HybridTime.maximumMilliseconds + 1, counter: 0) == nil)
        #expect(HybridTime(packed: -1) == nil)
    }

    @Test("replica ids are checked")
    func replicaIDs() {
        #expect(throws: InvalidIdentifierError.self) { try ReplicaID("") }
        #expect(throws: InvalidIdentifierError.self) { try ReplicaID("has space") }
        #expect(throws: InvalidIdentifierError.self) { try ReplicaID(String(repeating: "a", count: 65)) }
        #expect((try? ReplicaID("branch-centrum:desk.1_a")) != nil)
        var generator = SeededGenerator(seed: 1)
        #expect(ReplicaID.isValid(ReplicaID.random(using: &generator).rawValue))
    }
}
