import Foundation
import LoketProtocol

/// How `loket profile` commands print a rollout for a person.
enum ProfileStatusText {
    static func render(_ status: ProfileStatus) -> String {
        var lines = [
            "\(status.profile): \(status.state)"
                + (status.current.map { ", version \($0) sent" } ?? "")
                + " (versions held: \(status.versions.map(String.init).joined(separator: ", ")))"
        ]
        if let halted = status.haltedVersion {
            lines.append("  halted version \(halted): \(status.haltReason ?? "")")
            if let reissued = status.reissuedVersion {
                let carries = status.reissues[String(reissued)].map { " (the content of version \($0))" } ?? ""
                lines.append("  re-issued as version \(reissued)\(carries) where version \(halted) went")
            } else {
                lines.append("  nothing re-issued: no earlier good version, or no automatic rollback")
            }
        }
        if !status.automaticRollback {
            lines.append(
                "  automatic rollback is off: the fleet's trust does not list this hub's reissue key (loket admin reissue-key)"
            )
        }
        if !status.rings.isEmpty {
            lines.append("  ring            version  terminals  healthy  unhealthy  waiting  window ends")
            for ring in status.rings {
                let ends = Date(timeIntervalSince1970: Double(ring.windowEndsAtMilliseconds) / 1000)
                    .formatted(.iso8601)
                lines.append(
                    "  " + pad(ring.ring, 16) + pad(String(ring.version), 9) + pad(String(ring.terminals), 11)
                        + pad(String(ring.healthy), 9) + pad(String(ring.unhealthy), 11) + pad(String(ring.waiting), 9)
                        + ends)
            }
        }
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
