import Foundation
import GRDB
import LoketStore
import LoketSync
import LoketTesting

/// A temporary folder with replicas that share a test schema and manual clocks.
final class StoreFixture {
    static let schema = try! Schema([
        CollectionSchema(
            name: "things", fields: ["name": .register, "note": .register, "count": .counter, "tags": .set])
    ])
    let directory: TemporaryDirectory
    let clock = ManualWallClock()

    init() throws { directory = try TemporaryDirectory(prefix: "loket-store") }

    func open(
        _ name: String, file: String? = nil, schema: Schema? = StoreFixture.schema, clock: ManualWallClock? = nil,
        drift: UInt64? = nil
    ) throws -> Replica {
        var configuration = ReplicaConfiguration(replicaID: try ReplicaID(name), schema: schema)
        configuration.wallClock = clock ?? self.clock
        if let drift { configuration.maximumDriftMilliseconds = drift }
        return try Replica(
            path: directory.path("\(file ?? name).sqlite"), configuration: configuration, logger: TestLogging.silent)
    }

    /// Brings `target` up to date with `source`, page by page, through the binary form.
    @discardableResult
    static func sync(from source: Replica, to target: Replica, limit: Int = 50_000) throws -> MergeReport {
        let since = try target.versionVector()
        var cursor: ExportCursor?
        var total = MergeReport()
        repeat {
            let page = try source.changes(since: since, limit: limit, after: cursor)
            let report = try target.merge(try Changeset(binary: page.changeset.encoded()))
            total += report
            cursor = page.next
        } while cursor != nil
        return total
    }
}
