import Foundation
public import LoketProtocol

extension SyncClient: AllowanceAuthority {
    /// Asks the hub for the card's free minutes of the day (`POST /v1/allowances/claim`).
    public func claimAllowance(_ claim: AllowanceClaim) async throws -> AllowanceGrant {
        try await allowance("/v1/allowances/claim", claim)
    }

    /// Gives back what this terminal holds of the card's day (`POST /v1/allowances/release`).
    public func releaseAllowance(_ claim: AllowanceClaim) async throws -> AllowanceGrant {
        try await allowance("/v1/allowances/release", claim)
    }

    func allowance(_ path: String, _ claim: AllowanceClaim) async throws -> AllowanceGrant {
        let answer = try await connection.send(
            "POST", path, body: Array(try JSONEncoder().encode(claim)), contentType: ProtocolHeaders.jsonMediaType,
            signer: signer, timeout: .milliseconds(configuration.allowanceTimeoutMilliseconds))
        do { return try JSONDecoder().decode(AllowanceGrant.self, from: Data(answer.body)) } catch {
            throw SyncError.badAnswer("the allowance answer is not JSON of the expected form: \(error)")
        }
    }
}
