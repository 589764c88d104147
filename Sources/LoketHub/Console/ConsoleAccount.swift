import CryptoExtras
import Foundation

/// A console log-in as the hub keeps it (document `user/<name>`): the person's role and
/// branch, and their password as scrypt (N = 2^15, r = 8, p = 1, 32 bytes, a 16-byte
/// random salt). Never the password itself.
struct ConsoleAccount: Codable, Sendable, Equatable {
    var name: String
    var role: KeyRecord.Role
    var branch: String?
    var salt: String
    var hash: String
    var n: Int
    var r: Int
    var p: Int
    var createdAtMilliseconds: Int64

    enum CodingKeys: String, CodingKey {
        case name, role, branch, salt, hash, n, r, p
        case createdAtMilliseconds = "created_at_ms"
    }

    static let cost = (n: 1 << 15, r: 8, p: 1)

    init(name: String, role: KeyRecord.Role, branch: String?, password: String, at now: Int64) throws {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        self.name = name
        self.role = role
        self.branch = branch
        self.salt = Data(salt).base64EncodedString()
        (n, r, p) = Self.cost
        hash = try Self.derive(password, salt: salt, n: Self.cost.n, r: Self.cost.r, p: Self.cost.p)
        createdAtMilliseconds = now
    }

    /// Whether `password` is this account's, compared in constant time.
    func accepts(_ password: String) -> Bool {
        guard let salt = Data(base64Encoded: salt), let expected = Data(base64Encoded: hash),
            let derived = try? Self.derive(password, salt: Array(salt), n: n, r: r, p: p),
            let given = Data(base64Encoded: derived), given.count == expected.count
        else { return false }
        return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    var user: ConsoleUser { ConsoleUser(name: name, role: role, branch: branch) }

    /// Changes whenever the account is written anew (its salt is new each time): sessions
    /// begun under another stamp have ended.
    var stamp: String { salt }

    /// The same work as checking a real account's password, for a name with no account,
    /// so the time taken does not tell which names exist.
    static func spendTime(on password: String) {
        _ = try? derive(password, salt: Array(repeating: 0, count: 16), n: cost.n, r: cost.r, p: cost.p)
    }

    static func derive(_ password: String, salt: [UInt8], n: Int, r: Int, p: Int) throws -> String {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: n, blockSize: r, parallelism: p)
        return key.withUnsafeBytes { Data($0).base64EncodedString() }
    }
}
