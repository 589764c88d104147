/// A service a visitor may use: shown as a tile on the kiosk screen, its URL patterns put
/// on the browser's allow-list.
public struct AllowedService: Sendable, Equatable, Codable {
    /// What the visitor sees on the tile: `DigiD`, `Toeslagen`.
    public var name: String
    /// `government`, `library`, `health`, `work`, `education` or `general`: how tiles group.
    public var category: String
    /// An icon name from the kiosk's icon set (`[a-z0-9-]`); the default is `globe`.
    public var icon: String
    /// URL patterns the browser may open for this service: `https://` plus host (a leading
    /// `*.` takes every subdomain), an optional port and an optional path (a trailing `*`
    /// takes everything below it).
    public var urls: [String]

    public static let categories = ["government", "library", "health", "work", "education", "general"]

    public init(name: String, category: String, icon: String, urls: [String]) {
        self.name = name
        self.category = category
        self.icon = icon
        self.urls = urls
    }
}
