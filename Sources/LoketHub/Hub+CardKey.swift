import Crypto
import Foundation

extension Hub {
    /// The name the deployment's card key is kept under.
    static let cardKeyDocument = "card-token-key"

    /// The deployment's card key, base64 of 32 bytes: terminals turn card UIDs into tokens
    /// with it (HMAC-SHA-256), so one card has one token on every terminal of the
    /// deployment. Made once, at the first enrolment, by compare-and-set (two hub processes
    /// enrolling at once agree on one key), and handed to terminals only at enrolment. It
    /// never leaves the store otherwise and is never logged.
    func cardKey() async throws -> String {
        for _ in 0..<4 {
            if let held = try await store.document(named: Self.cardKeyDocument) {
                let text = String(decoding: held, as: UTF8.self)
                guard let raw = Data(base64Encoded: text), raw.count == 32 else {
                    throw HubError(
                        status: 500, code: "store-damaged",
                        "the stored card key is not 32 bytes of base64; restore it from a backup (a new key would give every card a new token)"
                    )
                }
                return text
            }
            let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            if try await store.replaceDocument(named: Self.cardKeyDocument, with: Array(fresh.utf8), expected: nil) {
                logger.notice("the deployment's card key was made")
                return fresh
            }
        }
        throw HubError.conflict("busy", "the card key kept changing while it was read; retry")
    }
}
