/// The errors of enrolment and of falling behind, in one place for both stores.
enum EnrolmentRules {
    static let unknownCode = HubError.forbidden(
        "enrolment-code-unknown", "this enrolment code is not known here; ask an admin for a new one")
    static let usedCode = HubError.conflict(
        "enrolment-code-used", "this enrolment code was already used; ask an admin for a new one")
    static let expiredCode = HubError.forbidden(
        "enrolment-code-expired", "this enrolment code has expired; ask an admin for a new one")

    /// The terminal holds more than the hub: the hub's store was restored from an older
    /// backup. Nothing is dropped on either side; an operator decides (docs/OPERATIONS.md).
    static func cursorAhead(cursor: Int64, last: Int64) -> HubError {
        HubError.conflict(
            "cursor-ahead",
            "cursor \(cursor) is beyond the hub's newest change \(last): was the hub restored from an older backup? see docs/OPERATIONS.md"
        )
    }

    static func snapshotRequired(cursor: Int64, horizon: Int64) -> HubError {
        HubError(
            status: 410, code: "snapshot-required",
            "cursor \(cursor) is behind the hub's horizon \(horizon): fetch /v1/snapshot, then pull from its horizon")
    }
}
