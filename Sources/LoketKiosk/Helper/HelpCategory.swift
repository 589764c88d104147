/// What a visitor's question at the information point was about: the only thing the
/// information point's statistics keep of it (no name, no card, no session, no text).
public enum HelpCategory: String, Sendable, CaseIterable, Codable {
    case digid
    case taxes = "belastingen"
    case allowances = "toeslagen"
    case care = "zorg"
    case work = "werk"
    case housing = "wonen"
    case pension = "pensioen"
    case other = "overig"
}
