/// A signed request's nonce, recorded by the store so the request cannot be replayed
/// within the hub's time window. The store records it in the same transaction as the
/// request's own work where it can (pushes, pulls).
public struct RequestNonce: Sendable, Equatable {
    /// The `Loket-Principal` header: `terminal:<name>` or `key:<id>`.
    public var principal: String
    public var nonce: String
    /// The request's `Loket-Time`, Unix milliseconds (nonces are forgotten after twice the window).
    public var timeMilliseconds: Int64

    public init(principal: String, nonce: String, timeMilliseconds: Int64) {
        self.principal = principal
        self.nonce = nonce
        self.timeMilliseconds = timeMilliseconds
    }
}
