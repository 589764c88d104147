public import Crypto
import Foundation

/// Turns a card's UID into its pseudonymous token: HMAC-SHA-256 under the deployment's key,
/// the first 128 bits in hex, prefixed `card-`. The same card gives the same token on every
/// terminal of a deployment (so its daily minutes add up), and the token cannot be turned
/// back into the UID without the key. The UID itself is never kept, logged or synced.
public struct CardTokenizer: Sendable {
    let key: SymmetricKey

    /// - Parameter key: the deployment's card key, 32 bytes.
    public init(key: SymmetricKey) throws(CardReadError) {
        guard key.bitCount == 256 else {
            throw CardReadError(.badKey, "the card key must be 32 bytes, got \(key.bitCount / 8)")
        }
        self.key = key
    }

    /// The token for `uid`.
    public func token(_ uid: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: uid, using: key)
        return "card-" + mac.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
