import Foundation

/// The console's files (`Sources/LoketHub/Resources/Console`): the page template, the
/// strings per language, the style sheet, from the resource bundle beside the binary.
enum ConsoleResources {
    static let folder: URL? = {
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        for folder in folders {
            let url = folder.appendingPathComponent(OpenAPIDocument.bundleName).appendingPathComponent("Console")
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("console.mustache").path) {
                return url
            }
        }
        return nil
    }()

    static func data(_ name: String) throws(HubError) -> Data {
        guard let folder, let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else {
            throw HubError(
                status: 500, code: "console-missing",
                "the console's file \(name) is not installed beside this binary (\(OpenAPIDocument.bundleName)/Console)"
            )
        }
        return data
    }
}
