/// One thing wrong with a profile document, where it is: `library.yaml:14
/// session.idleTimeout: must be 30–3600 seconds, got 5`.
public struct ProfileIssue: Sendable, Equatable, CustomStringConvertible, Error {
    /// The file as the admin named it (or `<input>`).
    public var file: String
    /// 1-based line in the file; `nil` when the document has no lines (a missing field of
    /// the whole document, or canonical JSON on one line).
    public var line: Int?
    /// The field's path: `session.idleTimeout`, `services[2].urls[0]`; empty for the document.
    public var path: String
    public var message: String

    public init(file: String, line: Int?, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return path.isEmpty ? "\(place): \(message)" : "\(place) \(path): \(message)"
    }
}
