/// A card's free pages of the day at this terminal: escrowed at the hub, so terminals
/// printing offline together never give more than the daily number (the kiosk's
/// `CardAllowanceBook` in pages).
public protocol PageAllowance: Sendable {
    /// The free pages the card may still use now at this terminal, of `limit` a day.
    func freePages(card: String, at milliseconds: Int64, limit: Int) async throws -> Int
    /// Records `pages` used, and gives back the rest of what the terminal holds.
    func use(card: String, at milliseconds: Int64, limit: Int, pages: Int) async throws
}
