import Foundation

/// The OpenAPI 3.1 document of the hub (`Sources/LoketHub/Resources/openapi.yaml`), read
/// from the resource bundle installed beside the `loket` binary.
enum OpenAPIDocument {
    static let bundleName = "Loket_LoketHub.resources"

    /// The document, or `nil` when the resource bundle is not installed.
    static let bytes: [UInt8]? = {
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        for folder in folders {
            let url = folder.appendingPathComponent(bundleName).appendingPathComponent("openapi.yaml")
            if let data = try? Data(contentsOf: url) { return [UInt8](data) }
        }
        return nil
    }()
}
