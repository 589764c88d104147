import Foundation
import LoketSyncClient

/// A throwaway PostgreSQL server on loopback for one test: `initdb` into a temporary folder,
/// `pg_ctl start` on a free port (as the `postgres` user when running as root, since
/// `initdb` refuses root), trust authentication, stopped and removed by ``stop()``.
public final class PostgresServer: @unchecked Sendable {
    public let port: Int
    public let folder: TemporaryDirectory
    let binaries: String
    let runAsPostgres: Bool
    public static let user = "loket"

    /// `postgres://loket@127.0.0.1:PORT/DATABASE?sslmode=disable`.
    public func url(database: String = "postgres") -> String {
        "postgres://\(Self.user)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// - Parameter tls: a certificate and its key (PEM files) to serve TLS with; without
    ///   it the server speaks in clear only.
    /// - Parameter ports: picks the port to try next; a free one by default (a test of the
    ///   harness hands it a taken one first).
    public init(
        tls: (certificate: String, key: String)? = nil, ports: (() throws -> Int)? = nil
    ) throws {
        guard
            let bin = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql"))?
                .sorted(by: { $0.compare($1, options: .numeric) == .orderedAscending }).last
                .map({ "/usr/lib/postgresql/\($0)/bin" }),
            FileManager.default.isExecutableFile(atPath: bin + "/initdb")
        else {
            throw TestHarnessError(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); run scripts/bootstrap")
        }
        binaries = bin
        let asPostgres = getuid() == 0
        runAsPostgres = asPostgres
        folder = try TemporaryDirectory(prefix: "loket-pg")
        var tlsOptions = ""
        if let tls {
            let (certificate, key) = (folder.path("server.crt"), folder.path("server.key"))
            try FileManager.default.copyItem(atPath: tls.certificate, toPath: certificate)
            try FileManager.default.copyItem(atPath: tls.key, toPath: key)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
            tlsOptions = " -c ssl=on -c ssl_cert_file=\(certificate) -c ssl_key_file=\(key)"
        }
        if asPostgres {
            try Self.run("/bin/chown", ["-R", "postgres:postgres", folder.url.path])
        }
        let data = folder.path("data")
        try Self.run(
            bin + "/initdb", ["-D", data, "-U", Self.user, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            as: asPostgres)
        port = try Self.start(
            binaries: bin, data: data, folder: folder, options: tlsOptions,
            ports: ports ?? { try LoopbackPort.free() }
        ) {
            tool, arguments in
            try Self.run(tool, arguments, as: asPostgres)
        }
    }

    /// Starts the server on a port nothing listens on. The port is free when picked but
    /// may be taken before the server binds it (by another test's server, or a connection
    /// if the pick fell back to the kernel's range), so a start refused for its address is
    /// tried again on another port, five times at most; any other failure is thrown with
    /// the server's log.
    static func start(
        binaries: String, data: String, folder: TemporaryDirectory, options: String, ports: () throws -> Int,
        run: (String, [String]) throws -> Void
    ) throws -> Int {
        let log = folder.path("log")
        var attempt = 0
        while true {
            attempt += 1
            let port = try ports()
            do {
                try run(
                    binaries + "/pg_ctl",
                    [
                        "-D", data, "-l", log, "-w", "-t", "60", "-o",
                        "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder.url.path) -c fsync=off"
                            + " -c max_connections=200" + options,
                        "start",
                    ])
                return port
            } catch {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                guard attempt < 5, text.contains("Address already in use") else {
                    throw TestHarnessError("\(error)\nserver log:\n\(text.suffix(4000))")
                }
                try? FileManager.default.removeItem(atPath: log)
            }
        }
    }

    /// Makes a database.
    public func createDatabase(_ name: String) throws {
        try Self.run(
            binaries + "/psql",
            [
                "-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user, "-d", "postgres", "-Atqc",
                "CREATE DATABASE \(name)",
            ])
    }

    /// Runs `sql` in `database` with psql, as an operator at the console would.
    public func execute(_ sql: String, database: String = "postgres") throws {
        try Self.run(
            binaries + "/psql",
            [
                "-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user, "-d", database, "-v", "ON_ERROR_STOP=1", "-Atqc",
                sql,
            ])
    }

    /// Writes a backup of `database` to `file` (`pg_dump --format=custom`), as an operator
    /// would while the hub runs.
    public func dump(_ database: String, to file: String) throws {
        try Self.run(
            binaries + "/pg_dump",
            ["-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user, "-Fc", "-f", file, database])
    }

    /// Replaces `database` with the backup in `file`: dropped, made again, `pg_restore`d.
    public func restore(_ database: String, from file: String) throws {
        let connection = ["-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user]
        try Self.run(binaries + "/dropdb", connection + ["--force", database])
        try Self.run(binaries + "/createdb", connection + [database])
        try Self.run(binaries + "/pg_restore", connection + ["-d", database, file])
    }

    /// Stops the server (fast shutdown, waiting for it) and removes its folder.
    public func stop() {
        try? run(binaries + "/pg_ctl", ["-D", folder.path("data"), "-m", "fast", "-w", "-t", "60", "stop"])
        folder.remove()
    }

    func run(_ tool: String, _ arguments: [String]) throws {
        try Self.run(tool, arguments, as: runAsPostgres)
    }

    /// Runs a tool, as the `postgres` user when `asPostgres`.
    static func run(_ tool: String, _ arguments: [String], as asPostgres: Bool) throws {
        if asPostgres {
            try run(
                "/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", tool] + arguments)
        } else {
            try run(tool, arguments)
        }
    }

    /// Runs a tool and waits for it (see ``Spawn``: `pg_ctl start` leaves a daemon running).
    static func run(_ tool: String, _ arguments: [String]) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("loket-tool-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let status = try Spawn.run(tool, arguments, logPath: log)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw TestHarnessError("\(tool) \(arguments.joined(separator: " ")) failed (\(status)): \(text)")
        }
    }
}
