/// Where a lent device is in its round: out, back and waiting for a wipe, wiped and ready.
public enum DeviceState: String, Sendable, CaseIterable, Codable {
    /// On the shelf, wiped: may be lent.
    case available
    /// With a borrower.
    case lent
    /// Back at a desk; must be wiped before the next borrower.
    case returnedNeedsWipe = "returned-needs-wipe"
    /// Being wiped.
    case wiping
    /// Out of use until repaired (a reason in its note).
    case broken
    /// No longer lent, kept for the record.
    case retired
}
