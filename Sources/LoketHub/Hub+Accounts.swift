import Crypto
import Foundation
import LoketSync

/// Console log-ins (docs/OPERATIONS.md, "The fleet console"): accounts with a role and a
/// branch, passwords kept as scrypt, sessions by a random token in a cookie. Wrong
/// passwords slow further attempts down, per name and per client address (``LoginThrottle``).
extension Hub {
    static let userPrefix = "user/"
    static let consoleSessionPrefix = "console-session/"
    static let loginFailurePrefix = "login-failures/"
    /// Wrong passwords per client address (its SHA-256: no address is kept in clear).
    static let loginAddressPrefix = "login-address-failures/"

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
    ///
    /// Each attempt is counted as a wrong password before the password is checked, in one
    /// compare-and-set per counter (the name's, and the client address's when known), so
    /// a burst of parallel attempts is counted attempt by attempt; the right password
    /// takes its count back. Past a few wrong passwords the next attempt waits
    /// (``LoginThrottle``: 429). A name without an account costs the same scrypt work as
    /// one with, on a thread of its own (``PasswordWork``).
    public func logIn(name: String, password: String, address: String? = nil) async throws -> (
        token: String, user: ConsoleUser
    ) {
        let badLogin = HubError.unauthorized("bad-login", "the name or the password is wrong")
        guard !name.isEmpty, name.utf8.count <= 64, password.utf8.count <= 1_024,
            name.unicodeScalars.allSatisfy({ "abcdefghijklmnopqrstuvwxyz0123456789._-".unicodeScalars.contains($0) })
        else { throw badLogin }
        let addressCounter = address.map { Self.loginAddressPrefix + Self.digest($0) }
        if let addressCounter { try await countAttempt(addressCounter, LoginThrottle.address) }
        let attempt = try await countAttempt(Self.loginFailurePrefix + name, LoginThrottle.account)
        let account = try await store.document(named: Self.userPrefix + name).flatMap {
            try? JSONDecoder().decode(ConsoleAccount.self, from: Data($0))
        }
        metrics.counter("loket_hub_console_password_checks_total").increment()
        let accepted = try await passwordWork.run {
            guard let account else {
                ConsoleAccount.spendTime(on: password)
                return false
            }
            return account.accepts(password)
        }
        guard let account, accepted else { throw badLogin }
        // The right password: its attempt was no failure.
        try await takeBack(attempt, from: Self.loginFailurePrefix + name, all: true)
        if let addressCounter { try await takeBack(attempt, from: addressCounter, all: false) }
        var generator = SystemRandomNumberGenerator()
        let token = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let session = ConsoleSession(
            user: account.user, createdAtMilliseconds: now,
            expiresAtMilliseconds: now + Int64(configuration.consoleSessionSeconds) * 1000,
            accountStamp: account.stamp, lastSeenMilliseconds: now)
        guard
            try await store.replaceDocument(
                named: Self.consoleSessionPrefix + Self.digest(token), with: Array(try JSONEncoder().encode(session)),
                expected: nil)
        else { throw HubError.conflict("busy", "a session could not be made; log in again") }
        await audit(.user(account.user), "console.login", "user:\(name)")
        return (token, account.user)
    }

    /// Who holds the session `token`, while it runs: not past its end, not idle longer
    /// than the hub allows, and its account unchanged since it began (a new password,
    /// role or branch, or the account removed, ends it).
    public func consoleUser(token: String) async throws -> ConsoleUser? {
        let name = Self.consoleSessionPrefix + Self.digest(token)
        guard !token.isEmpty, token.utf8.count <= 64, let body = try await store.document(named: name),
            var session = try? JSONDecoder().decode(ConsoleSession.self, from: Data(body))
        else { return nil }
        let idleLimit = Int64(configuration.consoleIdleSeconds) * 1000
        let lastSeen = session.lastSeenMilliseconds ?? session.createdAtMilliseconds
        let account = try await store.document(named: Self.userPrefix + session.user.name).flatMap {
            try? JSONDecoder().decode(ConsoleAccount.self, from: Data($0))
        }
        guard session.expiresAtMilliseconds > now, now - lastSeen <= idleLimit, let account,
            account.stamp == session.accountStamp, account.user == session.user
        else {
            _ = try await store.deleteDocument(named: name)
            return nil
        }
        // Seen again: written at most once a minute (another process may have written it).
        if now - lastSeen >= 60_000 {
            session.lastSeenMilliseconds = now
            _ = try await store.replaceDocument(
                named: name, with: Array(try JSONEncoder().encode(session)), expected: body)
        }
        return session.user
    }

    /// Removes a console account: it can no longer log in, and its sessions end.
    /// Answers `false` when there was none.
    public func removeUser(name: String) async throws -> Bool {
        guard try await store.deleteDocument(named: Self.userPrefix + name) else { return false }
        let decoder = JSONDecoder()
        for (document, body) in try await store.documents(prefix: Self.consoleSessionPrefix) {
            if let session = try? decoder.decode(ConsoleSession.self, from: Data(body)), session.user.name == name {
                _ = try await store.deleteDocument(named: document)
            }
        }
        return true
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
                session.expiresAtMilliseconds > now,
                now - (session.lastSeenMilliseconds ?? session.createdAtMilliseconds)
                    <= Int64(configuration.consoleIdleSeconds) * 1000
            else {
                if try await store.deleteDocument(named: name) { pruned += 1 }
                continue
            }
        }
        for prefix in [Self.loginFailurePrefix, Self.loginAddressPrefix] {
            for (name, body) in try await store.documents(prefix: prefix) {
                let times = (try? decoder.decode([Int64].self, from: Data(body))) ?? []
                if LoginThrottle.recent(times, now: now).isEmpty, try await store.deleteDocument(named: name) {
                    pruned += 1
                }
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

    /// Counts an attempt against `counter` before the password is checked: refused (429)
    /// while ``LoginThrottle`` says to wait, else added in one compare-and-set, retried
    /// when another attempt wrote first. Answers the attempt's time.
    @discardableResult
    func countAttempt(_ counter: String, _ throttle: LoginThrottle) async throws -> Int64 {
        for _ in 0..<64 {
            let current = try await store.document(named: counter)
            let failures = LoginThrottle.recent(
                current.flatMap { try? JSONDecoder().decode([Int64].self, from: Data($0)) } ?? [], now: now)
            let time = now
            if let next = throttle.nextAttempt(after: failures), time < next {
                let seconds = (next - time + 999) / 1000
                throw HubError(
                    status: 429, code: "locked",
                    "too many wrong passwords: try again in \(seconds) s")
            }
            let body = Array(try JSONEncoder().encode(failures + [time]))
            if try await store.replaceDocument(named: counter, with: body, expected: current) { return time }
        }
        throw HubError(status: 503, code: "busy", "too many log-ins at once: try again in a moment")
    }

    /// Takes an attempt's count back after the right password: the whole count (`all`,
    /// the name's) or that one attempt (the address's).
    func takeBack(_ attempt: Int64, from counter: String, all: Bool) async throws {
        for _ in 0..<64 {
            guard let current = try await store.document(named: counter) else { return }
            var times = (try? JSONDecoder().decode([Int64].self, from: Data(current))) ?? []
            if all {
                times = []
            } else if let index = times.firstIndex(of: attempt) {
                times.remove(at: index)
            } else {
                return
            }
            if times.isEmpty {
                if try await store.deleteDocument(named: counter) { return }
            } else if try await store.replaceDocument(
                named: counter, with: Array(try JSONEncoder().encode(times)), expected: current)
            {
                return
            }
        }
    }
}
