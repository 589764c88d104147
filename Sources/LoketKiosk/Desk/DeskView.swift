/// The lending desk's pages.
public enum DeskView: String, Sendable, CaseIterable {
    /// Lend and take back, with today's counts.
    case home
    /// Loans past their due date.
    case overdue
    /// Devices that came back and wait for a wipe.
    case wipes
    /// What desks did while apart that cannot both be true.
    case conflicts
    /// Every device and its state.
    case devices

    var path: String { self == .home ? "/" : "/\(rawValue)" }
}
