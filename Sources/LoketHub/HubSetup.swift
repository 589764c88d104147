import Crypto
import Foundation
public import Logging
import LoketProtocol
import LoketStore
import LoketSync

/// Creating a hub's data folder and opening its store: what `loket hub init` and
/// `loket hub serve` share.
public enum HubSetup {
    /// The SQLite store's file in the data folder.
    public static func sqlitePath(data: String) -> String { data + "/hub.sqlite" }
    /// The first admin's key file in the data folder.
    public static func adminKeyPath(data: String) -> String { data + "/admin.key" }

    /// Opens the store: PostgreSQL when `store` is a `postgres://` URL, else SQLite in `data`.
    public static func openStore(data: String, store: String?, logger: Logger) async throws -> any HubStore {
        if let store {
            guard store.hasPrefix("postgres://") || store.hasPrefix("postgresql://") else {
                throw HubError(
                    status: 500, code: "bad-store",
                    "--store must be a postgres:// URL (omit it for SQLite in the data folder), got \(store)")
            }
            return try PostgresHubStore(url: store, logger: logger)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder), isFolder.boolValue else {
            throw HubError(
                status: 500, code: "no-data-folder",
                "\(data) is not a hub data folder; run: loket hub init --data \(data)")
        }
        return try SQLiteHubStore(path: sqlitePath(data: data))
    }

    /// What `hub init` made.
    public struct Initialised: Sendable {
        public var storeDescription: String
        public var adminKeyPath: String
        public var adminKeyID: String
    }

    /// Creates the data folder (mode 0700), the store's tables and the first admin key
    /// (`admin.key`, mode 0600). Refuses a folder that already holds an admin key.
    public static func initialise(data: String, store: String?, logger: Logger) async throws -> Initialised {
        let keyPath = adminKeyPath(data: data)
        if FileManager.default.fileExists(atPath: keyPath) {
            throw HubError(
                status: 500, code: "already-initialised",
                "\(data) already holds a hub (\(keyPath) exists); serve it with: loket hub serve --data \(data)")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw HubError(status: 500, code: "no-data-folder", "cannot create \(data): \(error.localizedDescription)")
        }
        let hubStore = try await openStore(data: data, store: store, logger: logger)
        do {
            try await hubStore.prepare()
            let key = SigningKeyFile(keyID: "admin", privateKey: Curve25519.Signing.PrivateKey())
            try await hubStore.addKey(KeyRecord(keyID: key.keyID, role: .admin, publicKey: key.publicKeyBase64))
            try key.write(to: keyPath)
            try await auditLocal(hubStore, logger: logger, action: "hub.init", target: "key:\(key.keyID)")
            try await hubStore.close()
            return Initialised(
                storeDescription: store.map(redact) ?? sqlitePath(data: data), adminKeyPath: keyPath,
                adminKeyID: key.keyID)
        } catch {
            try? await hubStore.close()
            throw error
        }
    }

    /// Makes a key for a person — an admin, or staff of one branch — writes its private
    /// half to `keyPath` (mode 0600, never overwritten) and registers the public half.
    public static func addKey(
        data: String, store: String?, keyID: String, role: KeyRecord.Role, branch: String?, keyPath: String,
        logger: Logger
    ) async throws {
        guard Scope.isValid("terminal:" + keyID) else {
            throw HubError.badRequest("bad-key-id", "a key id is 1–64 of A–Z a–z 0–9 . _ -, got \"\(keyID)\"")
        }
        switch (role, branch) {
        case (.staff, nil):
            throw HubError.badRequest("no-branch", "a staff key belongs to a branch: give --branch")
        case (.staff, let branch?) where !Scope.isValid("branch:" + branch):
            throw HubError.badRequest("bad-branch", "branch id \"\(branch)\" must be 1–64 of A–Z a–z 0–9 . _ -")
        case (.admin, .some):
            throw HubError.badRequest("admin-branch", "an admin key is for the whole fleet: leave out --branch")
        default: break
        }
        let key = SigningKeyFile(keyID: keyID, privateKey: Curve25519.Signing.PrivateKey())
        let hubStore = try await openStore(data: data, store: store, logger: logger)
        do {
            try await hubStore.prepare()
            if FileManager.default.fileExists(atPath: keyPath) {
                throw HubError.conflict("key-file-exists", "\(keyPath) exists; a key file is never overwritten")
            }
            try await hubStore.addKey(
                KeyRecord(keyID: keyID, role: role, branch: branch, publicKey: key.publicKeyBase64))
            try key.write(to: keyPath)
            try await auditLocal(
                hubStore, logger: logger, action: "key.add", target: "key:\(keyID)",
                detail: role == .admin ? "admin" : "staff of \(branch ?? "")")
            try await hubStore.close()
        } catch {
            try? await hubStore.close()
            throw error
        }
    }

    /// Removes a person's key (rotation: add the new key first, then remove the old one).
    public static func removeKey(data: String, store: String?, keyID: String, logger: Logger) async throws {
        try await withHub(data: data, store: store, logger: logger) { hub in
            guard try await hub.store.removeKey(id: keyID) else {
                throw HubError.notFound("no key \(keyID) is registered at this hub")
            }
            try await hub.recordAudit(actor: operatorName, action: "key.remove", target: "key:\(keyID)")
        }
    }

    /// Records what an operator did on the hub machine itself (not over HTTP): the actor is
    /// the operating-system user who ran the command.
    static func auditLocal(
        _ store: any HubStore, logger: Logger, action: String, target: String, detail: String = ""
    ) async throws {
        let hub = Hub(store: store, configuration: HubConfiguration(), clock: SystemWallClock(), logger: logger)
        try await hub.recordAudit(actor: operatorName, action: action, target: target, detail: detail)
    }

    /// Who runs a command on the hub machine, for the audit log: `os-user:<name>` (the
    /// name `sudo` was called by, when it was).
    public static var operatorName: String {
        "os-user:" + (ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.userName)
    }

    /// Runs `body` with a hub over the data folder's store (or `store`), its tables made or
    /// upgraded, and closes the store whatever happens: for commands on the hub machine.
    public static func withHub<T>(data: String, store: String?, logger: Logger, _ body: (Hub) async throws -> T)
        async throws -> T
    {
        let hubStore = try await openStore(data: data, store: store, logger: logger)
        do {
            try await hubStore.prepare()
            let result = try await body(
                Hub(store: hubStore, configuration: HubConfiguration(), clock: SystemWallClock(), logger: logger))
            try await hubStore.close()
            return result
        } catch {
            try? await hubStore.close()
            throw error
        }
    }

    /// The hub's systemd unit, as the Debian package installs it
    /// (`/lib/systemd/system/loket-hub.service`). Options go in `/etc/default/loket-hub`
    /// (`LOKET_HUB_OPTIONS=...`): the store, TLS, alerts.
    public static func systemdUnit(loketPath: String = "/usr/bin/loket", user: String = "loket") -> String {
        """
        # Installed by the loket package. Options: /etc/default/loket-hub (LOKET_HUB_OPTIONS);
        # make the hub first: sudo -u \(user) loket hub init --data /var/lib/loket/hub
        [Unit]
        Description=Loket hub (sync, enrolment, fleet console)
        Documentation=file:///usr/share/doc/loket/OPERATIONS.md
        Wants=network-online.target
        After=network-online.target postgresql.service
        ConditionPathExists=/var/lib/loket/hub

        [Service]
        Type=simple
        User=\(user)
        Group=\(user)
        Environment=LOKET_HUB_OPTIONS=
        EnvironmentFile=-/etc/default/loket-hub
        ExecStart=\(loketPath) hub serve --data /var/lib/loket/hub $LOKET_HUB_OPTIONS
        Restart=on-failure
        RestartSec=2
        # SIGTERM ends the hub gracefully (requests in flight finish).
        KillSignal=SIGTERM
        TimeoutStopSec=30
        StateDirectory=loket
        StateDirectoryMode=0750
        NoNewPrivileges=yes
        ProtectSystem=strict
        ProtectHome=yes
        PrivateTmp=yes
        PrivateDevices=yes
        ReadWritePaths=/var/lib/loket

        [Install]
        WantedBy=multi-user.target

        """
    }

    /// A store URL without its password, for printing and logs.
    public static func redact(_ url: String) -> String {
        guard let components = URLComponents(string: url), components.password != nil else { return url }
        var copy = components
        copy.password = "***"
        return copy.string ?? "postgres://***"
    }
}
