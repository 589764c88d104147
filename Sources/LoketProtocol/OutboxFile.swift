public import Crypto
import Foundation
import LoketSync

/// A terminal's outbox on a USB stick: the push it would have sent, signed with its own
/// key, for a hub it cannot reach (`loket terminal export-outbox`, then `loket hub
/// import-outbox`). The hub takes it as that terminal's push: the signature checked against
/// the terminal's enrolled key, every change its own (`foreign-origin` otherwise), the same
/// scope, ownership and audit rules. A file cannot be altered or made in another terminal's
/// name without its key; importing one twice applies nothing twice (the hub skips outbox
/// numbers it has seen), and a file of a retired terminal is refused.
///
/// Binary form:
///
///     "LKOF"  version (1 byte, 2)  name length (1 byte)  terminal name (1–64 of A–Z a–z 0–9 . _ -)
///     signature (64 bytes, Ed25519)  outbox batch (``OutboxBatch``'s binary form, to the end)
///
/// The signature covers `"loket outbox file v2\n" + name + "\n" + manifest digest`, the
/// batch's ``PushManifest`` as the terminal's replica: the name is signed with the batch
/// and its segments, a request signature can never pass for a file's, and the hub keeps
/// the signature with the rows so that terminals can check them (docs/PROTOCOL.md, "Origin
/// signatures").
public struct OutboxFile: Sendable, Equatable {
    public static let magic: [UInt8] = Array("LKOF".utf8)
    public static let version: UInt8 = 2

    /// The terminal whose outbox this is (its name at the hub).
    public let terminal: String
    public let signature: [UInt8]
    /// The outbox batch, as signed.
    public let batch: [UInt8]

    /// Signs `batch` (``OutboxBatch/encode(_:)``) as `terminal`'s, whose replica id is `origin`.
    public init(terminal: String, batch: [UInt8], origin: String, key: Curve25519.Signing.PrivateKey)
        throws(ProtocolError)
    {
        guard Self.isTerminalName(terminal) else { throw Self.badName(terminal) }
        self.terminal = terminal
        self.batch = batch
        let manifest = try PushManifest(origin: origin, batch: batch)
        do { signature = Array(try key.signature(for: Self.signed(terminal, manifestDigest: manifest.digest))) } catch {
            throw ProtocolError("the outbox could not be signed: \(error)")
        }
    }

    /// Reads a file; says what is wrong and where.
    public init(bytes: [UInt8]) throws(ProtocolError) {
        guard bytes.count >= 6, Array(bytes[0..<4]) == Self.magic else {
            throw ProtocolError(
                "not an outbox file: it must start with \"LKOF\" (made by loket terminal export-outbox)")
        }
        guard bytes[4] == Self.version else {
            throw ProtocolError(
                "outbox file version \(bytes[4]) is not supported (this hub reads version 2): export it again with this loket"
            )
        }
        let length = Int(bytes[5])
        guard length > 0, bytes.count >= 6 + length + 64 else {
            throw ProtocolError("the outbox file is cut short in its header (\(bytes.count) bytes)")
        }
        // The name reaches the hub's messages and audit log before anything is verified:
        // only a name a terminal can have is read.
        guard let name = String(validating: bytes[6..<6 + length], as: UTF8.self), Self.isTerminalName(name) else {
            throw ProtocolError(
                "the outbox file's terminal name is not one a terminal can have (1–64 of A–Z a–z 0–9 . _ -)")
        }
        terminal = name
        signature = Array(bytes[6 + length..<6 + length + 64])
        batch = Array(bytes[(6 + length + 64)...])
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        Self.magic + [Self.version, UInt8(terminal.utf8.count)] + Array(terminal.utf8) + signature + batch
    }

    /// The file's signature as the hub keeps it with the rows, over `manifest` (the
    /// batch's, as the terminal's replica).
    public func attestation(_ manifest: PushManifest) -> PushAttestation {
        PushAttestation(form: .file(terminal: terminal), signature: signature, manifest: manifest)
    }

    /// 1–64 of `A–Z a–z 0–9 . _ -`, as the hub enrols terminals.
    static func isTerminalName(_ name: String) -> Bool { Scope.isValid("terminal:" + name) }

    static func badName(_ name: String) -> ProtocolError {
        ProtocolError("\"\(name.prefix(80))\" is not a terminal name (1–64 of A–Z a–z 0–9 . _ -)")
    }

    static func signed(_ terminal: String, manifestDigest: String) -> Data {
        Data(Array("loket outbox file v2\n".utf8) + Array(terminal.utf8) + [0x0A] + Array(manifestDigest.utf8))
    }
}
