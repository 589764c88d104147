public import Crypto
import Foundation
public import LoketStore

/// Who this terminal is to the hub, as kept in its replica after enrolment: the hub's
/// address, the terminal's name and Ed25519 key, its scopes, and the deployment's card key.
public struct TerminalIdentity: Sendable {
    public var hub: String
    public var terminal: String
    var privateKey: Curve25519.Signing.PrivateKey
    public var scopes: [String]
    public var collections: [String]
    /// The deployment's card key (32 bytes) the hub handed out at enrolment; `nil` when
    /// the terminal was enrolled at a hub without one (enrol again to read cards).
    public var cardKey: SymmetricKey?

    /// The identity stored in `replica`, or ``SyncError/notEnrolled(_:)``.
    public static func load(from replica: Replica) throws -> TerminalIdentity {
        let settings = try replica.settings(prefix: "sync.")
        guard let hub = settings[SyncSettings.hub], let terminal = settings[SyncSettings.terminal],
            let keyText = settings[SyncSettings.privateKey]
        else {
            throw SyncError.notEnrolled(
                "\(replica.path) is not enrolled at a hub; run: loket terminal enrol --db \(replica.path) --hub URL --code CODE"
            )
        }
        guard let raw = Data(base64Encoded: keyText),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw SyncError.notEnrolled("the terminal key in \(replica.path) is damaged; enrol the terminal again")
        }
        var cardKey: SymmetricKey?
        if let text = try replica.setting(SyncSettings.cardKey) {
            guard let raw = Data(base64Encoded: text), raw.count == 32 else {
                throw SyncError.notEnrolled(
                    "the card key in \(replica.path) (\(SyncSettings.cardKey)) is damaged; enrol the terminal again")
            }
            cardKey = SymmetricKey(data: raw)
        }
        return TerminalIdentity(
            hub: hub, terminal: terminal, privateKey: key,
            scopes: Self.list(settings[SyncSettings.scopes]),
            collections: Self.list(settings[SyncSettings.collections]),
            cardKey: cardKey)
    }

    static func list(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: " ").map(String.init)
    }
}
