import LoketStore

extension Hub {
    /// Sets the gauges `/metrics` reads from the store: terminals enrolled and offline,
    /// each terminal's time since its last request, the largest of them.
    func updateMetrics() async {
        do {
            let terminals = try await store.terminals()
            let now = self.now
            var offline = 0
            var largest: Int64 = 0
            for terminal in terminals {
                let lag = terminal.lastSeenMilliseconds > 0 ? max(0, now - terminal.lastSeenMilliseconds) / 1000 : -1
                if lag < 0 || lag > Int64(configuration.alertRules.offlineAfterSeconds) { offline += 1 }
                largest = max(largest, lag)
                metrics.gauge("loket_hub_terminal_sync_lag_seconds", [("terminal", terminal.name)]).record(lag)
            }
            metrics.gauge("loket_hub_terminals").record(terminals.count)
            metrics.gauge("loket_hub_terminals_offline").record(offline)
            metrics.gauge("loket_hub_sync_lag_seconds_max").record(largest)
            metrics.gauge("loket_hub_store_up").record(1)
        } catch {
            metrics.gauge("loket_hub_store_up").record(0)
            logger.warning("metrics could not read the store", metadata: ["error": "\(error)"])
        }
    }
}
