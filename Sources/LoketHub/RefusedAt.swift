/// Where a refused change stood in a push: its outbox entry and its index there.
struct RefusedAt: Hashable {
    var sequence: Int64
    var index: Int
}
