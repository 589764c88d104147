import LoketSync

/// The wall clock corrected by what the hub said of it: a terminal whose clock runs ahead
/// stamps its writes with the hub's time (docs/PROTOCOL.md, "Clocks").
struct CorrectedWallClock: WallClock {
    let base: any WallClock
    let header: Replica.Header

    func nowMilliseconds() -> UInt64 { header.corrected(base.nowMilliseconds()) }
}
