/// One nonce waiting to be recorded with others in one transaction (``GroupWriter``).
struct NonceJob: Sendable {
    var principal: String
    var nonce: String
    var time: Int64
}
