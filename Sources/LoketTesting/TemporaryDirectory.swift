public import Foundation

/// A fresh folder under the system's temporary directory, removed by ``remove()`` (or
/// when the value is released).
public final class TemporaryDirectory: Sendable {
    /// The folder's URL.
    public let url: URL

    /// Creates the folder; `prefix` shows in its name.
    public init(prefix: String = "loket-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Removes the folder and everything in it.
    public func remove() { try? FileManager.default.removeItem(at: url) }

    deinit { remove() }
}
