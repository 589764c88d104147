/// What an inventory import did: the devices added, or — when any row was bad — every bad
/// row by line, and nothing added.
public struct DeviceImport: Sendable, Equatable, Codable {
    /// One bad row: its line in the file and what is wrong.
    public struct Problem: Sendable, Equatable, Codable {
        public var line: Int
        public var message: String
    }

    public var added: [String]
    public var problems: [Problem]

    public var succeeded: Bool { problems.isEmpty }
}
