/// What a card's daily allowance counts: minutes at the terminals, or free pages at the
/// printers. Each has its own escrow at the hub.
public enum AllowanceUnit: String, Codable, Sendable, CaseIterable {
    case minutes
    case pages
}
