import Foundation
public import LoketProtocol

extension SyncClient {
    /// Completes `report` with the sync's own figures — the outbox's length and the age of
    /// its oldest entry, the last round that finished, the quarantine — and sends it to
    /// the hub (`POST /v1/health`).
    public func reportHealth(_ report: HealthReport) async throws {
        var report = report
        let now = Int64(clamping: clock.nowMilliseconds())
        report.reportedAtMilliseconds = now
        report.outboxEntries = try replica.outboxCount()
        report.outboxOldestSeconds = try replica.outbox(limit: 1).first.map {
            Int(max(0, now - Int64(clamping: $0.time.milliseconds)) / 1000)
        }
        report.lastSyncMilliseconds = try replica.setting(SyncSettings.lastSuccess).flatMap { Int64($0) }
        report.quarantined = try replica.quarantine().count
        let reference = try replica.clockReference()
        if reference.goodMilliseconds > 0 { report.clockOffsetMilliseconds = reference.offsetMilliseconds }
        _ = try await connection.send(
            "POST", "/v1/health", body: Array(try JSONEncoder().encode(report)),
            contentType: ProtocolHeaders.jsonMediaType, signer: signer)
    }
}
