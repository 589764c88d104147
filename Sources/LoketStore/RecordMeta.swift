/// A record's existence metadata as the store keeps it in `loket_records`.
struct RecordMeta: Sendable, Equatable {
    /// Causal length: odd alive, even deleted.
    var causalLength: UInt64
    /// Packed hybrid time of the existence change; 0 while existence is only implied.
    var time: Int64
    /// The existence change's origin; empty while only implied.
    var origin: String
    var scope: String

    var isAlive: Bool { causalLength % 2 == 1 }

    /// Whether an existence write `(time, origin, scope)` beats this one in the same
    /// generation: the same order as `RecordState.existenceWins` (implied is lowest).
    func isBeaten(byTime time: Int64, origin: String, scope: String) -> Bool {
        if time != self.time { return time > self.time }
        if origin != self.origin { return self.origin.utf8.lexicographicallyPrecedes(origin.utf8) }
        return self.scope.utf8.lexicographicallyPrecedes(scope.utf8)
    }
}
