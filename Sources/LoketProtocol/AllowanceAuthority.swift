/// Who grants a card's daily minutes: the hub, reached by the terminal's sync client.
/// The kiosk asks it when a card session starts and tells it when one ends; when it
/// cannot be reached the kiosk spends only what it holds.
public protocol AllowanceAuthority: Sendable {
    func claimAllowance(_ claim: AllowanceClaim) async throws -> AllowanceGrant
    func releaseAllowance(_ claim: AllowanceClaim) async throws -> AllowanceGrant
}
