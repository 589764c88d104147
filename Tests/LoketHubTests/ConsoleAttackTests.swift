import Foundation
import LoketHub
import LoketStore
import LoketSync
import LoketTesting
import Testing

/// The console's log-in as an attacker meets it: a burst of parallel guesses, names that
/// do not exist, a stolen session after the password was changed, a session left open.
@Suite("Console under attack", .serialized)
struct ConsoleAttackTests {
    static let password = "correct horse battery"

    @Test(
        "60 parallel wrong passwords: five are checked, the rest wait; the right one waits a second",
        arguments: StoreKind.allCases)
    func burstIsCounted(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            try await running.hub.addUser(name: "ilse", role: .admin, branch: nil, password: Self.password)
            let attacker = ConsoleClient(base: running.url, connections: 60)
            defer { Task { try? await attacker.shutdown() } }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for attempt in 0..<60 {
                    group.addTask {
                        try await attacker.post(
                            "/console/login", ["name": "ilse", "password": "guess number \(attempt)"]
                        )
                        .status
                    }
                }
                return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(statuses == [401: 5, 429: 55], "\(statuses)")
            let counted = try await running.hub.store.document(named: "login-failures/ilse")
            let times = try JSONDecoder().decode([Int64].self, from: Data(try #require(counted)))
            #expect(times.count == 5, "every checked guess is counted")
            let checks = try await Self.passwordChecks(running)
            #expect(checks == 5, "scrypt ran for the five checked guesses only")

            let ilse = ConsoleClient(base: running.url)
            defer { Task { try? await ilse.shutdown() } }
            var page = try await ilse.post("/console/login", ["name": "ilse", "password": Self.password])
            #expect(page.status == 429, "the right password waits too")
            clock.advance(by: 1_000)
            page = try await ilse.post("/console/login", ["name": "ilse", "password": Self.password])
            #expect(page.status == 303, "a second later it works: no 15-minute lock-out")
            #expect(try await running.hub.store.document(named: "login-failures/ilse") == nil, "and the count is gone")
        }
    }

    @Test("a name without an account costs the same password work as one with")
    func unknownNamesCostTheSame() async throws {
        let clock = ManualWallClock()
        try await withHub(.sqlite, clock: clock) { running in
            try await running.hub.addUser(name: "ilse", role: .admin, branch: nil, password: Self.password)
            let client = ConsoleClient(base: running.url)
            defer { Task { try? await client.shutdown() } }
            let known = try await client.post("/console/login", ["name": "ilse", "password": "a wrong password"])
            let unknown = try await client.post("/console/login", ["name": "nobody", "password": "a wrong password"])
            #expect(known.status == 401 && unknown.status == 401)
            #expect(known.text == unknown.text, "the same answer")
            #expect(try await Self.passwordChecks(running) == 2, "scrypt ran for both")
        }
    }

    @Test(
        "a session ends when its password, role or branch changes, when it idles, and when the user is removed",
        arguments: StoreKind.allCases)
    func sessionsEnd(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            let hub = running.hub
            try await hub.addUser(name: "anna", role: .staff, branch: "noord", password: Self.password)
            let anna = ConsoleClient(base: running.url)
            defer { Task { try? await anna.shutdown() } }
            func logIn(_ password: String = Self.password) async throws -> Int {
                try await anna.post("/console/login", ["name": "anna", "password": password]).status
            }
            func inside() async throws -> Bool { try await anna.get("/console").status == 200 }
            func loggedIn(_ password: String = Self.password) async throws -> Bool {
                let status = try await logIn(password)
                let entered = try await inside()
                return status == 303 && entered
            }

            #expect(try await loggedIn())
            try await hub.addUser(
                name: "anna", role: .staff, branch: "noord", password: "a new long password", replace: true)
            #expect(try await !inside(), "a new password ends the session a thief may hold")
            #expect(try await loggedIn("a new long password"))
            try await hub.addUser(
                name: "anna", role: .staff, branch: "zuid", password: "a new long password", replace: true)
            #expect(try await !inside(), "a new branch ends it too")

            #expect(try await loggedIn("a new long password"))
            clock.advance(by: 29 * 60_000)
            #expect(try await inside(), "used within half an hour")
            clock.advance(by: 29 * 60_000)
            #expect(try await inside(), "the idle time counts from the last use")
            clock.advance(by: 31 * 60_000)
            #expect(try await !inside(), "idle for more than half an hour: ended")

            #expect(try await loggedIn("a new long password"))
            #expect(try await hub.removeUser(name: "anna"))
            #expect(try await !inside(), "removed: the session ends")
            #expect(try await logIn("a new long password") == 401)
            #expect(try await hub.removeUser(name: "anna") == false)
            #expect(try await hub.store.documents(prefix: "console-session/").isEmpty)
        }
    }

    @Test("HSTS on every answer when the hub is reached over HTTPS, not otherwise")
    func strictTransport() async throws {
        var configuration = HubConfiguration()
        configuration.consoleSecureCookie = true
        try await withHub(.sqlite, configuration: configuration) { running in
            let answer = try await RawHTTP.send(running.url, "GET", "/console/login")
            #expect(answer.headers["strict-transport-security"] == "max-age=31536000")
            let health = try await RawHTTP.send(running.url, "GET", "/healthz")
            #expect(health.headers["strict-transport-security"] == "max-age=31536000")
        }
        try await withHub(.sqlite) { running in
            let answer = try await RawHTTP.send(running.url, "GET", "/console/login")
            #expect(answer.headers["strict-transport-security"] == nil, "plain HTTP on loopback: no HSTS")
        }
    }

    /// The hub's count of password checks, from its metrics.
    static func passwordChecks(_ running: RunningHub) async throws -> Int {
        let text = await running.hub.metrics.scrape()
        let line = text.split(separator: "\n").first { $0.hasPrefix("loket_hub_console_password_checks_total ") }
        return Int(line?.split(separator: " ").last ?? "") ?? 0
    }
}
