import Crypto
import Foundation
public import LoketProtocol
public import LoketSync

/// What an admin does at the hub from the command line: order enrolment codes, list
/// terminals. Requests are signed with the admin's key file.
public final class AdminClient: Sendable {
    let connection: HubConnection
    let key: SigningKeyFile

    public init(hub: String, key: SigningKeyFile, configuration: SyncConfiguration, clock: any WallClock) throws {
        self.connection = try HubConnection(baseURL: hub, configuration: configuration, clock: clock)
        self.key = key
    }

    var signer: (principal: String, key: Curve25519.Signing.PrivateKey) { ("key:" + key.keyID, key.privateKey) }

    /// Orders a one-time enrolment code for a terminal.
    public func order(_ order: EnrolmentOrder) async throws -> EnrolmentTicket {
        let answer = try await connection.send(
            "POST", "/v1/admin/enrolments", body: Array(try JSONEncoder().encode(order)),
            contentType: ProtocolHeaders.jsonMediaType, signer: signer)
        do { return try JSONDecoder().decode(EnrolmentTicket.self, from: Data(answer.body)) } catch {
            throw SyncError.badAnswer("the enrolment ticket is not JSON of the expected form: \(error)")
        }
    }

    /// Sets the fleet's profile trust file (loket profile trust); the hub refuses one that
    /// is not a valid rotation of the trust it holds.
    public func setProfileTrust(_ file: [UInt8]) async throws -> ProfileTrustReceipt {
        let answer = try await connection.send(
            "PUT", "/v1/admin/profile-trust", body: file, contentType: ProtocolHeaders.jsonMediaType, signer: signer)
        do { return try JSONDecoder().decode(ProfileTrustReceipt.self, from: Data(answer.body)) } catch {
            throw SyncError.badAnswer("the trust receipt is not JSON of the expected form: \(error)")
        }
    }

    /// The enrolled terminals, as JSON text.
    public func terminals() async throws -> String {
        let answer = try await connection.send("GET", "/v1/admin/terminals", signer: signer)
        return String(decoding: answer.body, as: UTF8.self)
    }

    public func shutdown() async throws {
        try await connection.shutdown()
    }
}
