/// The test harness could not set something up: a daemon would not start, a tool is missing.
public struct TestHarnessError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
