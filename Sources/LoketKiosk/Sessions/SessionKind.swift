/// Who a session is for: a visitor who tapped a library card, or a guest.
public enum SessionKind: String, Sendable, Equatable, Codable {
    case card
    case guest
}
