/// The start of one pull, done with others in one light transaction (``GroupWriter``):
/// the request's nonce, the cursor checks and the terminal's acknowledgement.
struct PullJob: Sendable {
    var terminal: String
    var cursor: Int64
    var now: Int64
    var nonce: RequestNonce?
    /// Whether the terminal has scopes at all (without, there is nothing to read).
    var hasScopes: Bool
}
