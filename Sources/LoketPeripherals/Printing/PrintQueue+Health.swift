extension PrintQueue {
    /// The printer of the profile's queue as the fleet sees it: `ok`, or `offline` with
    /// the reason (it cannot be reached, is stopped, or does not accept jobs); `nil` when
    /// the profile prints nowhere. Asks the printer (or CUPS) once, off the caller's thread.
    public func printerHealth() async -> (state: String, detail: String?)? {
        let target: PrintTarget
        do {
            guard let queue = rules().queue else { return nil }
            target = try PrintTarget.parse(queue, server: configuration.cupsServer)
        } catch {
            return ("offline", "the profile's print queue is not usable: \(error)")
        }
        let client = client
        do {
            let status = try await Self.blocking { () throws(PrintError) -> IPPPrinterStatus in
                try client.printerStatus(target)
            }
            if status.state == 5 || !status.acceptingJobs {
                let reasons = status.reasons.filter { $0 != "none" }.joined(separator: ", ")
                return (
                    "offline",
                    (status.acceptingJobs ? "stopped" : "not accepting jobs") + (reasons.isEmpty ? "" : " (\(reasons))")
                )
            }
            return ("ok", nil)
        } catch {
            return ("offline", error.kind == .unreachable ? "cannot be reached" : "\(error)")
        }
    }
}
