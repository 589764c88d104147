import Crypto
import Foundation
import LoketSync

/// Console log-ins (docs/OPERATIONS.md, "The fleet console"): accounts with a role and a
/// branch, passwords kept as scrypt, sessions by a random token in a cookie. Five wrong
/// passwords for a name within 15 minutes lock it for the rest of those 15 minutes.
extension Hub {
    static let userPrefix = "user/"
    static let consoleSessionPrefix = "console-session/"
    static let loginFailurePrefix = "login-failures/"

    /// Makes (or, with `replace`, changes) a console account. Names are 1–64 of a–z 0–9 . _ -;
    /// passwords at least 12 characters.
    public func addUser(
        name: String, role: KeyRecord.Role, branch: String?, password: String, replace: Bool = false
    ) async throws {
        guard name.utf8.count <= 64, !name.isEmpty,
            name.unicodeScalars.allSatisfy({ "abcdefghijklmnopqrstuvwxyz0123456789._-".unicodeScalars.contains($0) })
        else { throw HubError.badRequest("bad-user-name", "a user name is 1–64 of a–z 0–9 . _ -, got \"\(name)\"") }
        guard password.count >= 12, password.utf8.count <= 1_024 else {
            throw HubError.badRequest("weak-password", "a console password has at least 12 characters")
        }
        switch (role, branch) {
        case (.staff, nil): throw HubError.badRequest("no-branch", "a staff user belongs to a branch: give --branch")
        case (.staff, let branch?) where !Scope.isValid("branch:" + branch):
            throw HubError.badRequest("bad-branch", "branch id \"\(branch)\" must be 1–64 of A–Z a–z 0–9 . _ -")
        case (.admin, .some):
            throw HubError.badRequest("admin-branch", "an admin is for the whole fleet: leave out --branch")
        default: break
        }
        let account = try ConsoleAccount(name: name, role: role, branch: branch, password: password, at: now)
        let documentName = Self.userPrefix + name
        let current = try await store.document(named: documentName)
        guard current == nil || replace else {
            throw HubError.conflict("user-exists", "a user named \(name) exists; give --replace to set a new password")
        }
        guard
            try await store.replaceDocument(
                named: documentName, with: Array(try JSONEncoder().encode(account)), expected: current)
        else { throw HubError.conflict("busy", "the user \(name) changed meanwhile; retry") }
    }

    /// Checks a name and password; answers a new session's token (for the cookie) and who.
    public func logIn(name: String, password: String) async throws -> (token: String, user: ConsoleUser) {
        let failures = try await recentFailures(name)
        guard failures.count < 5 else {
            throw HubError(status: 429, code: "locked", "too many wrong passwords: try again in 15 minutes")
        }
        guard let body = try await store.document(named: Self.userPrefix + name),
            let account = try? JSONDecoder().decode(ConsoleAccount.self, from: Data(body)),
            account.accepts(password)
        else {
            try await recordFailure(name, failures)
            throw HubError.unauthorized("bad-login", "the name or the password is wrong")
        }
        var generator = SystemRandomNumberGenerator()
        let token = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let session = ConsoleSession(
            user: account.user, createdAtMilliseconds: now,
            expiresAtMilliseconds: now + Int64(configuration.consoleSessionSeconds) * 1000)
        guard
            try await store.replaceDocument(
                named: Self.consoleSessionPrefix + Self.digest(token), with: Array(try JSONEncoder().encode(session)),
                expected: nil)
        else { throw HubError.conflict("busy", "a session could not be made; log in again") }
        _ = try await store.deleteDocument(named: Self.loginFailurePrefix + name)
        await audit(.user(account.user), "console.login", "user:\(name)")
        return (token, account.user)
    }

    /// Who holds the session `token`, while it runs.
    public func consoleUser(token: String) async throws -> ConsoleUser? {
        guard !token.isEmpty, token.utf8.count <= 64,
            let body = try await store.document(named: Self.consoleSessionPrefix + Self.digest(token)),
            let session = try? JSONDecoder().decode(ConsoleSession.self, from: Data(body)),
            session.expiresAtMilliseconds > now
        else { return nil }
        return session.user
    }

    /// Ends the session `token`.
    public func logOut(token: String) async throws {
        guard let user = try await consoleUser(token: token) else { return }
        _ = try await store.deleteDocument(named: Self.consoleSessionPrefix + Self.digest(token))
        await audit(.user(user), "console.logout", "user:\(user.name)")
    }

    /// Forgets what is over: console log-ins past their end, wrong-password counts older
    /// than the lock-out, alerts cleared (and their clear sent) more than 30 days ago.
    /// Answers how many documents went.
    func pruneDocuments() async throws -> Int {
        var pruned = 0
        let decoder = JSONDecoder()
        for (name, body) in try await store.documents(prefix: Self.consoleSessionPrefix) {
            guard let session = try? decoder.decode(ConsoleSession.self, from: Data(body)),
                session.expiresAtMilliseconds > now
            else {
                if try await store.deleteDocument(named: name) { pruned += 1 }
                continue
            }
        }
        for (name, body) in try await store.documents(prefix: Self.loginFailurePrefix) {
            let times = (try? decoder.decode([Int64].self, from: Data(body))) ?? []
            if times.allSatisfy({ $0 <= now - 15 * 60_000 }), try await store.deleteDocument(named: name) {
                pruned += 1
            }
        }
        for alert in try await storedAlerts() where alert.clearSent {
            if let cleared = alert.clearedAtMilliseconds, cleared < now - 30 * 86_400_000,
                try await store.deleteDocument(named: Self.alertPrefix + alert.id)
            {
                pruned += 1
            }
        }
        return pruned
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    func recentFailures(_ name: String) async throws -> [Int64] {
        guard let body = try await store.document(named: Self.loginFailurePrefix + name),
            let times = try? JSONDecoder().decode([Int64].self, from: Data(body))
        else { return [] }
        return times.filter { $0 > now - 15 * 60_000 }
    }

    func recordFailure(_ name: String, _ failures: [Int64]) async throws {
        let documentName = Self.loginFailurePrefix + name
        let current = try await store.document(named: documentName)
        _ = try await store.replaceDocument(
            named: documentName, with: Array(try JSONEncoder().encode(failures + [now])), expected: current)
    }
}
