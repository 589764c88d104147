/// What the first step of a pull found: the terminal is caught up (`last` is the answer's
/// cursor, no log to read), or there are rows up to `last` to read.
struct PullStart: Sendable {
    var last: Int64
    var caughtUp: Bool
    /// The last row stored before pushes were signed.
    var signedFrom: Int64
}
