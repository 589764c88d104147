/// Who signed a request: an enrolled terminal or a person's key.
public enum Principal: Sendable, Equatable {
    case terminal(TerminalRecord)
    case key(KeyRecord)

    /// The `Loket-Principal` header value.
    public var header: String {
        switch self {
        case .terminal(let terminal): "terminal:" + terminal.name
        case .key(let key): "key:" + key.keyID
        }
    }
}
