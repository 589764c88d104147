import Foundation
import LoketLending
import LoketStore
import LoketSync
import LoketTesting

/// Desks on real replica files in a temporary folder, on one manual clock (desks far apart
/// in time would refuse each other's changes as clock drift); `sync` carries every change
/// between them (what the hub does, without one).
final class DeskFixture {
    let folder: TemporaryDirectory
    var desks: [LendingDesk] = []
    let clock = ManualWallClock()

    init(branches: [String] = ["centrum"], rules: LendingRules = LendingRules()) throws {
        folder = try TemporaryDirectory(prefix: "loket-lending")
        for (index, branch) in branches.enumerated() {
            var configuration = ReplicaConfiguration()
            configuration.wallClock = clock
            let replica = try Replica(
                path: folder.path("desk\(index).sqlite"), configuration: configuration, logger: TestLogging.silent)
            desks.append(
                try LendingDesk(
                    replica: replica, branch: branch, desk: "desk-\(index)", rules: rules, clock: clock,
                    logger: TestLogging.silent))
        }
    }

    var desk: LendingDesk { desks[0] }

    /// Every desk gets every other desk's changes, until nothing new moves.
    func sync() throws {
        for _ in 0..<3 {
            for source in desks {
                for target in desks where target.replica !== source.replica {
                    try target.replica.merge(try source.replica.changes(since: try target.replica.versionVector()))
                }
            }
        }
    }

    func advance(days: Double) { clock.advance(by: Int64(days * 86_400_000)) }

    func close() {
        for desk in desks { try? desk.replica.close() }
        folder.remove()
    }

    /// A card token, as the card reader makes them.
    static func card(_ number: Int) -> String { "card-" + String(format: "%032x", number) }
}
