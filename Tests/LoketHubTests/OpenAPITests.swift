import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

@Suite struct OpenAPITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("the hub serves the OpenAPI document of the repository, and it names every route the hub has")
    func servedDocument() async throws {
        let file = try String(
            contentsOf: Self.repository.appendingPathComponent("Sources/LoketHub/Resources/openapi.yaml"),
            encoding: .utf8)
        #expect(file.hasPrefix("openapi: 3.1.0"))
        try await withHub(.sqlite) { running in
            let served = try await RawHTTP.send(running.url, "GET", "/openapi.yaml")
            #expect(served.status == 200)
            #expect(served.headers["content-type"] == "application/yaml")
            #expect(String(decoding: served.body, as: UTF8.self) == file)
        }
        let documented = Set(
            file.split(separator: "\n").filter { $0.hasPrefix("  /") && $0.hasSuffix(":") }
                .map { String($0.dropFirst(2).dropLast()) })
        #expect(documented == Set(HubRouter.routes.keys), "routes and document differ")
    }

    @Test("schemathesis finds no fault: every documented answer, signed and unsigned, with random and broken input")
    func schemathesis() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-schemathesis")
        let data = folder.path("hub")
        let made = try LoketBinary.run(["hub", "init", "--data", data])
        #expect(made.status == 0, "\(made.stderr)")
        let (hub, url) = try LoketProcess.hub(data: data, folder: folder)
        defer {
            hub.signal(SIGTERM)
            hub.wait()
        }
        // An enrolled terminal to sign the sync requests with.
        let fuzzed = try await SyncClient.enrolled(
            replica: try Replica(path: folder.path("fuzzed.sqlite"), logger: TestLogging.silent), hub: url,
            adminKey: try SigningKeyFile(contentsOf: data + "/admin.key"),
            order: EnrolmentOrder(terminal: "fuzzed", scopes: ["branch:a", "fleet"]),
            configuration: SyncConfiguration(),
            clock: SystemWallClock(), logger: TestLogging.silent)
        let key = try #require(try fuzzed.replica.setting("sync.private_key"))
        try await fuzzed.shutdown()
        try fuzzed.replica.close()

        let log = folder.path("schemathesis.log")
        let status = try await Spawn.runDetached(
            Self.repository.appendingPathComponent("scripts/schemathesis/run").path,
            [url, data + "/admin.key", "fuzzed", key], logPath: log)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "schemathesis: \(output.suffix(6000))")
        #expect(output.contains(" passed"), "schemathesis ran no tests: \(output.suffix(2000))")
        // The hub still serves after it all.
        #expect(try await RawHTTP.send(url, "GET", "/readyz").status == 200)
    }
}
