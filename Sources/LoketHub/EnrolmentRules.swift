/// The errors of enrolment and of falling behind, in one place for both stores.
enum EnrolmentRules {
    static let unknownCode = HubError.forbidden(
        "enrolment-code-unknown", "this enrolment code is not known here; ask an admin for a new one")
    static let usedCode = HubError.conflict(
        "enrolment-code-used", "this enrolment code was already used; ask an admin for a new one")
    static let expiredCode = HubError.forbidden(
        "enrolment-code-expired", "this enrolment code has expired; ask an admin for a new one")

    static func snapshotRequired(cursor: Int64, horizon: Int64) -> HubError {
        HubError(
            status: 410, code: "snapshot-required",
            "cursor \(cursor) is behind the hub's horizon \(horizon): fetch /v1/snapshot, then pull from its horizon")
    }
}
