import Foundation
public import LoketPeripherals

/// A book in pages is the print queue's escrow of free pages: the day is the terminal's.
extension CardAllowanceBook: PageAllowance {
    public func freePages(card: String, at milliseconds: Int64, limit: Int) async throws -> Int {
        try await available(card: card, day: LocalDay.of(milliseconds, in: .current), limit: limit)
    }

    public func use(card: String, at milliseconds: Int64, limit: Int, pages: Int) async throws {
        try await spend(card: card, day: LocalDay.of(milliseconds, in: .current), limit: limit, amount: pages)
    }
}
