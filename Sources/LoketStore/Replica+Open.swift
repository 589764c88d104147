import Foundation
public import Logging

extension Replica {
    /// Opens a replica that must already exist (made by `loket db init`), so a mistyped
    /// path is an error rather than a new, empty replica.
    public static func openExisting(
        path: String, configuration: ReplicaConfiguration = ReplicaConfiguration(), logger: Logger
    )
        throws -> Replica
    {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.notAReplica, "no replica at \(path); create one with: loket db init \(path)")
        }
        var configuration = configuration
        configuration.createIfMissing = false
        return try Replica(path: path, configuration: configuration, logger: logger)
    }
}
