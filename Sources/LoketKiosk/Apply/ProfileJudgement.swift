/// What a terminal decided about one document from the `profiles` collection; each is
/// also written to the `profile_reports` collection for the hub.
public struct ProfileJudgement: Sendable, Equatable, CustomStringConvertible {
    /// The profile id (`trust` for a trust file).
    public var profile: String
    public var version: Int
    /// `applied`, `apply-failed`, or a ``ProfileRefusal`` code.
    public var result: String
    public var detail: String?

    public init(profile: String, version: Int, result: String, detail: String? = nil) {
        self.profile = profile
        self.version = version
        self.result = result
        self.detail = detail
    }

    public var description: String {
        "\(profile) version \(version): \(result)" + (detail.map { " (\($0))" } ?? "")
    }
}
