/// The refusals both stores give, worded once.
extension HubError {
    static let unknownCode = HubError.forbidden(
        "enrolment-code-unknown", "this enrolment code is not known here; ask an admin for a new one")
    static let usedCode = HubError.conflict(
        "enrolment-code-used", "this enrolment code was already used; ask an admin for a new one")
    static let expiredCode = HubError.forbidden(
        "enrolment-code-expired", "this enrolment code has expired; ask an admin for a new one")

    /// A replica id names one terminal's changes: another terminal may not take it, or
    /// its changes and audit entries would pass for the first one's.
    static func replicaIDTaken(_ replicaID: String) -> HubError {
        .conflict(
            "replica-id-taken",
            "replica id \(replicaID) belongs to another terminal here; enrol with a new replica (loket terminal enrol makes one)"
        )
    }

    static let unsignedPush = HubError.badRequest(
        "unsigned-push",
        "the push is signed over its raw body (outbox batch version 1), not over its changes per scope; update loket on the terminal: its outbox is kept until then"
    )

    static func replicaKeyTaken(_ replicaID: String) -> HubError {
        .conflict(
            "replica-key-taken",
            "replica id \(replicaID) was enrolled with another key, and a replica id has one key for good (its changes are signed with it); enrol from that replica's own file, or with a new replica (a new --db)"
        )
    }

    static func replayed(_ nonce: RequestNonce) -> HubError {
        .unauthorized("replayed-request", "this request (nonce \(nonce.nonce)) was already received")
    }

    static func notEnrolled(terminal: String, replicaID: String) -> HubError {
        .unauthorized("not-enrolled", "terminal \(terminal) with replica \(replicaID) is not enrolled here")
    }

    /// Throws unless a pull may read from `cursor`: `410 snapshot-required` below the
    /// horizon; `409 cursor-ahead` beyond the newest change — the terminal holds more than
    /// the hub, whose store was restored from an older backup; nothing is dropped on either
    /// side, an operator decides (docs/OPERATIONS.md).
    static func checkPull(cursor: Int64, horizon: Int64, last: Int64) throws(HubError) {
        if cursor < horizon {
            throw HubError(
                status: 410, code: "snapshot-required",
                "cursor \(cursor) is behind the hub's horizon \(horizon): fetch /v1/snapshot, then pull from its horizon"
            )
        }
        if cursor > last {
            throw HubError.conflict(
                "cursor-ahead",
                "cursor \(cursor) is beyond the hub's newest change \(last): was the hub restored from an older backup? see docs/OPERATIONS.md"
            )
        }
    }
}
