/// The console's pages and where they are.
enum ConsolePage: Equatable {
    case login
    case overview
    case terminal(String)
    case rollouts
    case alerts
    case audit
    case statistics
    /// Only a message (a page refused, a page not there), with the menu.
    case message(String)

    var navigationKey: String? {
        switch self {
        case .overview, .terminal: "overviewTitle"
        case .rollouts: "rolloutsTitle"
        case .alerts: "alertsTitle"
        case .audit: "auditTitle"
        case .statistics: "statisticsTitle"
        case .login, .message: nil
        }
    }

    /// The menu: staff see no rollouts (they are the fleet's).
    static func menu(admin: Bool) -> [(key: String, href: String)] {
        [("overviewTitle", "/console")] + (admin ? [("rolloutsTitle", "/console/rollouts")] : [])
            + [
                ("alertsTitle", "/console/alerts"), ("auditTitle", "/console/audit"),
                ("statisticsTitle", "/console/statistics"),
            ]
    }
}
