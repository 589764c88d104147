/// A rendered file that could not be put into place.
public struct ProfileInstallError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "cannot install \(path): \(reason); the agent must be able to write there (docs/PROFILES.md)"
    }
}
