import Foundation
public import LoketProtocol

extension Hub {
    /// Takes a terminal's outbox brought on a USB stick (``OutboxFile``) as that terminal's
    /// push: refused whole unless the terminal is enrolled here and the file is signed with
    /// its enrolled key; then every change goes through the push's rules (its own origin,
    /// its scopes, record ownership, the audit chain). Entries the hub has taken before are
    /// acknowledged again and applied once.
    ///
    /// Every import is in the audit log as `actor`'s: `outbox.import` with what was taken,
    /// or `outbox.import-refused` with why (a file altered or made in another's name is an
    /// attempt to write as that terminal).
    public func importOutbox(_ bytes: [UInt8], by actor: String = HubSetup.operatorName) async throws -> (
        terminal: String, receipt: PushReceipt
    ) {
        let claimed = (try? OutboxFile(bytes: bytes)).map { "terminal:\($0.terminal)" } ?? "file"
        let imported: (terminal: String, receipt: PushReceipt)
        do { imported = try await takeOutbox(bytes) } catch {
            _ = try await recordAudit(
                actor: actor, action: "outbox.import-refused", target: claimed, detail: String("\(error)".prefix(300)))
            throw error
        }
        _ = try await recordAudit(
            actor: actor, action: "outbox.import", target: "terminal:\(imported.terminal)",
            detail: "\(imported.receipt.accepted) accepted, \(imported.receipt.refused.count) refused")
        return imported
    }

    private func takeOutbox(_ bytes: [UInt8]) async throws -> (terminal: String, receipt: PushReceipt) {
        guard bytes.count <= Self.maximumOutboxFileBytes else {
            throw HubError.badRequest(
                "bad-outbox-file",
                "the file holds \(bytes.count) bytes; an outbox file is at most \(Self.maximumOutboxFileBytes) (export in parts with --after)"
            )
        }
        let file: OutboxFile
        do { file = try OutboxFile(bytes: bytes) } catch {
            throw HubError.badRequest("bad-outbox-file", error.description)
        }
        guard let terminal = try await store.terminal(named: file.terminal) else {
            throw HubError.unauthorized(
                "unknown-principal",
                "the outbox file is terminal \(file.terminal)'s, which is not enrolled at this hub (or was retired)")
        }
        // The signature covers the batch's manifest, so the batch is read first; one that
        // cannot be read was altered or damaged on the way, as a signature would say.
        let prepared: PreparedPush
        do { prepared = try PreparedPush(body: file.batch) } catch let error as HubError {
            throw HubError.unauthorized(
                "bad-signature",
                "the outbox file's changes cannot be read, so it was altered or damaged: \(error.message)")
        }
        let attestation = file.attestation(prepared.manifest(origin: terminal.replicaID))
        guard
            attestation.vouchesForManifest(key: try Self.publicKey(of: .terminal(terminal)))
        else {
            throw HubError.unauthorized(
                "bad-signature",
                "the outbox file is not signed with terminal \(file.terminal)'s enrolled key: it was altered, or made by another"
            )
        }
        let receipt = try await push(
            prepared, attestation: attestation, as: Authenticated(principal: .terminal(terminal), nonce: nil))
        logger.notice(
            "outbox file imported",
            metadata: [
                "terminal": "\(terminal.name)", "accepted": "\(receipt.accepted)",
                "refused": "\(receipt.refused.count)",
            ])
        return (terminal.name, receipt)
    }

    /// The largest outbox file taken: an export holds at most 16 MiB of entries.
    public static let maximumOutboxFileBytes = 17 << 20
}
