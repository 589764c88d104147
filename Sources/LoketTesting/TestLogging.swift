public import Logging

/// Loggers for tests.
public enum TestLogging {
    /// A logger that drops everything.
    public static let silent = Logger(label: "loket.test", factory: { _ in SwiftLogNoOpLogHandler() })
}
