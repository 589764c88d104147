import Foundation

/// The hub's record of one profile's rollout, kept whole as the document
/// `rollout/<profile id>` and changed only by compare-and-set, together with the records
/// it publishes (``HubStore/publish(_:origin:replacing:with:expected:)``): any number of
/// hub processes agree on it.
struct ProfileRollout: Codable, Sendable, Equatable {
    /// A version the hub holds: pushed by an admin, or re-issued by the hub.
    struct Version: Codable, Sendable, Equatable {
        var number: Int
        /// The admin-signed version whose content it carries (itself, unless re-issued).
        var carries: Int
        var atMilliseconds: Int64
        /// The admin key that pushed it, or `hub` for a reissue.
        var by: String
    }

    /// A version sent to a ring.
    struct Stage: Codable, Sendable, Equatable {
        var version: Int
        var ring: String
        var scope: String
        var atMilliseconds: Int64
    }

    /// A version stopped: by too many unhealthy reports, or by an admin.
    struct Halt: Codable, Sendable, Equatable {
        var version: Int
        var atMilliseconds: Int64
        var reason: String
        var reissuedAs: Int?
    }

    var profile: String
    var versions: [Version] = []
    var stages: [Stage] = []
    var halts: [Halt] = []
    /// The last hybrid time (packed) of a record the hub published for this profile: the
    /// next is later, whichever hub process writes it and whatever its clock says.
    var clock: Int64 = 0

    init(profile: String) { self.profile = profile }

    var newest: Int { versions.map(\.number).max() ?? 0 }

    func version(_ number: Int) -> Version? { versions.first { $0.number == number } }

    func isHalted(_ number: Int) -> Bool { halts.contains { $0.version == number } }

    /// The newest version sent to any ring.
    var current: Int? { stages.map(\.version).max() }

    /// The version under watch: the newest sent, unless it is a reissue or halted.
    var watched: Int? {
        guard let current, let version = version(current), version.carries == version.number, !isHalted(current)
        else { return nil }
        return current
    }

    /// The newest version before `number` that was sent somewhere and not halted: what a
    /// halt of `number` returns to.
    func lastGood(before number: Int) -> Version? {
        let sent = Set(stages.map(\.version))
        return versions.filter { $0.number < number && sent.contains($0.number) && !isHalted($0.number) }
            .max { $0.number < $1.number }
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    init(decoding bytes: [UInt8], name: String) throws {
        do { self = try JSONDecoder().decode(Self.self, from: Data(bytes)) } catch {
            throw HubError(status: 500, code: "store-damaged", "the stored \(name) cannot be read: \(error)")
        }
    }
}
