/// Where a print job is, as the visitor, the desk and the fleet see it.
public enum PrintJobState: String, Codable, Sendable, CaseIterable {
    /// Waiting for its owner: a card's tap at the release station, or a guest's
    /// "Afdrukken" in their session.
    case held
    /// Released, waiting for the printer (kept on disk while the printer is off).
    case released
    /// The printer has it.
    case printing
    case done
    /// The printer refused or lost it; `error` says why.
    case failed
    /// Never printed: its session ended (guests) or its hold ran out (cards).
    case cancelled
}
