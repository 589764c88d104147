import Crypto
import Foundation

/// The session bar on service pages: a small Chromium extension (Manifest V3) that the
/// kiosk browser loads. On every https page it shows the visitor's time left, "Back to
/// Loket" and "Stop" in their language, lays the kiosk's warning over the page (with "I am
/// still here" for the idle warning), tells the kiosk the visitor is busy (a tap or a key,
/// so a visitor typing on DigiD is not timed out), and leaves the page for the kiosk
/// screen once the session is over. Its worker talks only to the kiosk screen on loopback
/// (`status.json`, `POST /input|continue|end`).
///
/// Its files are in the screen's resources (`Resources/Screen/extension`); the manifest
/// carries a fixed public key, so the extension has the same id on every terminal and the
/// managed policy can allow it while blocking every other extension.
public enum KioskExtension {
    /// The manifest's public key (SubjectPublicKeyInfo, base64). Only its id matters: the
    /// extension is loaded unpacked, never signed, so no private key is kept anywhere.
    public static let key =
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApKtlto+ioDFF4/05/2+Le5H/XlsPUPJYFMdNfY+8igdF3lQNXpr0ijcXk3SE08QCwMlnxZhS2QZV89PpRGv6M0l/F5uaotfbO5y1L68RtLUPw3RMIBCrqEmWBRnYFkakPpg3VXfzhtUdlxOkpetOym5VD0M671wypyYvcwUWJj6zZ2/PBEXN5R0ODg2pWLWFhlMxmsHnidyJrEXWXiNS9TFd1L8SZv3aFIe3d9Oa6VdjA98VdKqYqzd1LznwQx7NKSyJgxueG6Ojn7NLx5Zw1ZtrlhTspIj5N5AYTR/4XRFrV1tyvTjpM6Xi2M7ea8HDUiF/CcCKJbBtQrzTPav0kQIDAQAB"

    /// The files, by name within the extension's folder.
    public static let fileNames = ["manifest.json", "background.js", "bar.js"]

    /// The extension's id, as Chromium derives it from the key: the first 128 bits of its
    /// SHA-256, each hex digit written as a letter a–p.
    public static let id: String = {
        let digest = SHA256.hash(data: Data(base64Encoded: key) ?? Data())
        let hex = digest.prefix(16).map { String(format: "%02x", $0) }.joined()
        return String(hex.map { Character(UnicodeScalar(UInt8(97) + UInt8(Int(String($0), radix: 16)!))) })
    }()

    /// The extension's files for a kiosk screen at `kioskURL` (`http://127.0.0.1:8471/`).
    public static func files(kioskURL: String) throws(ScreenError) -> [String: String] {
        guard let url = URL(string: kioskURL), let scheme = url.scheme, let host = url.host else {
            throw ScreenError("the kiosk screen's address \(kioskURL) is not a URL")
        }
        let origin = "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        var files: [String: String] = [:]
        for name in fileNames {
            files[name] = String(decoding: try ScreenResources.data("extension/\(name)"), as: UTF8.self)
                .replacingOccurrences(of: "__KEY__", with: key)
                .replacingOccurrences(of: "__KIOSK_ORIGIN__", with: origin)
                .replacingOccurrences(of: "__KIOSK_URL__", with: origin + "/")
        }
        return files
    }
}
