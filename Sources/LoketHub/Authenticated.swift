/// A request whose signature and time ``Hub/verify(_:)`` checked: who signed it, and the
/// nonce the hub operation records (refusing the request when it was seen before).
public struct Authenticated: Sendable {
    public var principal: Principal
    /// `nil` only for calls that are not requests (tests, tools in the hub's own process).
    public var nonce: RequestNonce?

    public init(principal: Principal, nonce: RequestNonce?) {
        self.principal = principal
        self.nonce = nonce
    }
}
