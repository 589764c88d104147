public import Foundation

extension Hub {
    /// One statistics table as CSV (``FleetStatistics``): the fleet's for an admin, the
    /// branch's rows for staff.
    public func statistics(_ table: FleetStatistics.Table, by principal: Principal, timeZone: TimeZone = .current)
        async throws -> String
    {
        guard principal.role != nil else {
            throw HubError.forbidden("people-only", "statistics are for admins and staff, not terminals")
        }
        let records = try await store.records(in: [table.collection]).map { (record: $0.record, state: $0.state) }
        var branches: [String: String] = [:]
        for terminal in try await store.terminals() { branches[terminal.name] = Self.branch(of: terminal) }
        await audit(principal, "statistics.export", "statistics:\(table.rawValue)")
        return FleetStatistics.csv(
            table, records: records, branches: branches, only: principal.isAdmin ? nil : principal.branch ?? "",
            timeZone: timeZone)
    }
}
