import ArgumentParser
import Logging
import LoketHub
import LoketStore
import ServiceLifecycle

struct HubServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the hub's HTTP API until SIGTERM or Ctrl-C.",
        discussion: """
            Listens on HOST:PORT (default 127.0.0.1:8470). Without --tls-cert/--tls-key
            it speaks plain HTTP: put it behind a TLS reverse proxy, or bind it to
            loopback only. A profile rollout halts by itself when more than
            --rollout-unhealthy-share of a ring's terminals report unhealthy within
            --rollout-window seconds of the ring's start (docs/PROFILES.md).

            Every --alert-interval seconds the hub checks each terminal: offline longer
            than --offline-after, a failed wipe, changes waiting longer than --sync-lag,
            an expected device missing, the printer offline, less than --disk-free
            percent of its disk free. New and cleared alerts go to the log, and to
            --alert-webhook (JSON POST) and/or an e-mail per notice in --alert-mail-drop
            (docs/OPERATIONS.md, "Alerts"). /metrics serves Prometheus metrics; /console
            is the fleet console (log-ins: loket hub add-user).

            Example:
              loket hub serve --data hub-data --listen 127.0.0.1:8470
            """)

    @Option(help: "The hub's data folder (made by loket hub init).") var data: String
    @Option(help: "HOST:PORT to listen on; port 0 picks a free port.") var listen = "127.0.0.1:8470"
    @Option(help: "A postgres:// URL; without it the store is SQLite in the data folder.") var store: String?
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain for TLS.") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key for TLS.") var tlsKey: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning or error.") var logLevel = "info"
    @Option(
        name: .customLong("rollout-unhealthy-share"), help: "Share of a ring's terminals unhealthy that halts (0–1).")
    var rolloutUnhealthyShare = HubConfiguration().rolloutUnhealthyShare
    @Option(name: .customLong("rollout-window"), help: "Seconds after a ring's start its reports count.")
    var rolloutWindow = HubConfiguration().rolloutWindowSeconds
    @Option(name: .customLong("rollout-max-sync-lag"), help: "Seconds since its last sync a healthy terminal may be.")
    var rolloutMaxSyncLag = HubConfiguration().rolloutMaximumSyncLagSeconds
    @Option(name: .customLong("offline-after"), help: "Seconds without a word before a terminal is offline.")
    var offlineAfter = AlertRules().offlineAfterSeconds
    @Option(name: .customLong("sync-lag"), help: "Seconds a terminal's oldest unsent change may wait.")
    var syncLag = AlertRules().syncLagSeconds
    @Option(name: .customLong("disk-free"), help: "Percent of free disk below which a terminal alerts.")
    var diskFree = AlertRules().diskFreePercent
    @Option(name: .customLong("alert-interval"), help: "Seconds between alert checks.")
    var alertInterval = HubConfiguration().alertCheckIntervalSeconds
    @Option(name: .customLong("alert-webhook"), help: "An http(s) URL that receives every alert notice as JSON.")
    var alertWebhook: String?
    @Option(name: .customLong("alert-mail-drop"), help: "A folder for alert e-mails (RFC 5322 files for the MTA).")
    var alertMailDrop: String?
    @Option(name: .customLong("alert-mail-to"), help: "Who alert e-mails go to (with --alert-mail-drop).")
    var alertMailTo: String?
    @Option(name: .customLong("alert-mail-from"), help: "The From: of alert e-mails (with --alert-mail-drop).")
    var alertMailFrom: String?
    @Flag(
        name: .customLong("console-secure-cookie"),
        help: "Mark the console's cookie Secure (HTTPS only): behind a TLS reverse proxy.")
    var consoleSecureCookie = false
    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "A reverse proxy (address or network, e.g. 10.0.0.5 or 10.0.0.0/8) whose X-Forwarded-For names the client; repeat for several.",
            discussion:
                "The console counts wrong passwords per client address; behind a proxy every request comes from the proxy's."
        ))
    var trustedProxy: [String] = []

    func validate() throws {
        guard (0...1).contains(rolloutUnhealthyShare) else {
            throw ValidationError("--rollout-unhealthy-share must be 0–1 (0.2 is 20 %), got \(rolloutUnhealthyShare)")
        }
        guard rolloutWindow >= 60 else {
            throw ValidationError("--rollout-window must be 60 seconds or more, got \(rolloutWindow)")
        }
        guard rolloutMaxSyncLag >= 1 else {
            throw ValidationError("--rollout-max-sync-lag must be 1 second or more, got \(rolloutMaxSyncLag)")
        }
        guard offlineAfter >= 60, syncLag >= 60, alertInterval >= 1 else {
            throw ValidationError(
                "--offline-after and --sync-lag must be 60 seconds or more, --alert-interval 1 or more")
        }
        do { _ = try TrustedProxies(trustedProxy) } catch { throw ValidationError("--trusted-proxy: \(error.message)") }
        guard (0...100).contains(diskFree) else { throw ValidationError("--disk-free must be 0–100, got \(diskFree)") }
        guard (alertMailDrop == nil) == (alertMailTo == nil), (alertMailDrop == nil) == (alertMailFrom == nil) else {
            throw ValidationError("--alert-mail-drop needs --alert-mail-to and --alert-mail-from, and they need it")
        }
    }

    func run() async throws {
        var configuration = HubConfiguration()
        configuration.rolloutUnhealthyShare = rolloutUnhealthyShare
        configuration.rolloutWindowSeconds = rolloutWindow
        configuration.rolloutMaximumSyncLagSeconds = rolloutMaxSyncLag
        configuration.alertRules.offlineAfterSeconds = offlineAfter
        configuration.alertRules.syncLagSeconds = syncLag
        configuration.alertRules.diskFreePercent = diskFree
        configuration.alertCheckIntervalSeconds = alertInterval
        if consoleSecureCookie { configuration.consoleSecureCookie = true }
        configuration.trustedProxies = try TrustedProxies(trustedProxy)
        var notifiers: [any AlertNotifier] = []
        if let alertWebhook {
            do { notifiers.append(try WebhookNotifier(url: alertWebhook)) } catch {
                throw ValidationError(error.message)
            }
        }
        if let alertMailDrop, let alertMailTo, let alertMailFrom {
            notifiers.append(MailDropNotifier(folder: alertMailDrop, from: alertMailFrom, to: alertMailTo))
        }
        (configuration.host, configuration.port) = try CommandSupport.hostAndPort(listen, option: "--listen")
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("give both --tls-cert and --tls-key, or neither")
        }
        configuration.tlsCertificatePath = tlsCert
        configuration.tlsKeyPath = tlsKey
        let logger = try CommandSupport.logger(level: logLevel)
        let hubStore = try await HubSetup.openStore(data: data, store: store, logger: logger)
        try await hubStore.prepare()
        let hub = Hub(store: hubStore, configuration: configuration, clock: SystemWallClock(), logger: logger)
        let scheme = tlsCert == nil ? "http" : "https"
        let server = HubServer(hub: hub) { host, port in
            CommandSupport.printLine("hub listening on \(scheme)://\(host):\(port)")
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [server, AlertMonitor(hub: hub, notifiers: notifiers, logger: logger)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
            try await hubStore.close()
        } catch {
            try? await hubStore.close()
            throw error
        }
        logger.info("hub stopped")
    }
}
