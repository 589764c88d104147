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

    @Test(
        "behind a trusted reverse proxy, wrong passwords count by the client it names; anyone else's header is not believed"
    )
    func forwardedClients() async throws {
        let clock = ManualWallClock()
        var configuration = HubConfiguration()
        configuration.trustedProxies = try TrustedProxies(["127.0.0.1", "::1"])
        try await withHub(.sqlite, configuration: configuration, clock: clock) { running in
            try await running.hub.addUser(name: "ilse", role: .admin, branch: nil, password: Self.password)
            let proxy = ConsoleClient(base: running.url)
            defer { Task { try? await proxy.shutdown() } }
            // One client's guesses: ten are free, the eleventh waits.
            let statuses = try await Self.guesses(proxy) { _ in "192.0.2.66, 203.0.113.5" }
            #expect(statuses == Self.eleventhWaits, "\(statuses)")
            // Another client behind the same proxy is not slowed down by them.
            let page = try await proxy.post(
                "/console/login", ["name": "ilse", "password": Self.password],
                headers: ["X-Forwarded-For": "198.51.100.7"])
            #expect(page.status == 303, "another client logs in at once")
        }
        // Without trusting the proxy, the header changes nothing: a client cannot pick the
        // address its guesses are counted by.
        try await withHub(.sqlite, clock: clock) { running in
            let attacker = ConsoleClient(base: running.url)
            defer { Task { try? await attacker.shutdown() } }
            let statuses = try await Self.guesses(attacker) { attempt in "203.0.113.\(attempt)" }
            #expect(statuses == Self.eleventhWaits, "\(statuses)")
        }
    }

    /// Ten wrong passwords from one address are free; the eleventh waits.
    static let eleventhWaits = Array(repeating: 401, count: 10) + [429]

    /// Eleven wrong passwords, each at another name (so only the address counts), with the
    /// `X-Forwarded-For` of `forwardedFor(attempt)`; answers the statuses.
    static func guesses(_ client: ConsoleClient, forwardedFor: (Int) -> String) async throws -> [Int] {
        var statuses: [Int] = []
        for attempt in 0...10 {
            let page = try await client.post(
                "/console/login", ["name": "guess\(attempt)", "password": "wrong"],
                headers: ["X-Forwarded-For": forwardedFor(attempt)])
            statuses.append(page.status)
        }
        return statuses
    }

    @Test("trusted proxies: addresses and networks, walked from the right; bad entries named")
    func trustedProxyRules() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8", "fd00::/8", "192.0.2.1"])
        #expect(proxies.contains("10.200.3.4") && proxies.contains("fd12::1") && proxies.contains("192.0.2.1"))
        #expect(!proxies.contains("11.0.0.1") && !proxies.contains("192.0.2.2") && !proxies.contains("fe80::1"))
        // Not from a proxy: the peer, whatever the header says.
        #expect(proxies.client(peer: "198.51.100.7", forwardedFor: ["203.0.113.5"]) == "198.51.100.7")
        // Two proxies in a row: the first address from the right that is none of them.
        #expect(
            proxies.client(peer: "10.0.0.2", forwardedFor: ["1.2.3.4, 203.0.113.5", "10.0.0.9"]) == "203.0.113.5")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: []) == "10.0.0.2")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["10.1.1.1"]) == "10.1.1.1")
        // Garbage where an address belongs ends the walk at the proxy that wrote it.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["203.0.113.5, unknown"]) == "10.0.0.2")
        #expect(throws: HubConfigurationError.self) { try TrustedProxies(["proxy.example"]) }
        #expect(throws: HubConfigurationError.self) { try TrustedProxies(["10.0.0.0/33"]) }
        #expect(TrustedProxies().client(peer: "127.0.0.1", forwardedFor: ["203.0.113.5"]) == "127.0.0.1")
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
