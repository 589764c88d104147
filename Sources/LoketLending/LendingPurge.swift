/// What a purge of old loan history removed.
public struct LendingPurge: Sendable, Equatable, Codable {
    public var loans = 0
    public var returns = 0
    public var reservations = 0
    public var resolutions = 0
    public var notices = 0
    /// Borrowers' contact details.
    public var borrowers = 0

    public init() {}

    public var total: Int { loans + returns + reservations + resolutions + notices + borrowers }
}
