import Foundation

/// The kiosk screen's files (`Sources/LoketKiosk/Resources/Screen`): the page template,
/// the strings per language, the style sheet and the script, from the resource bundle
/// installed beside the `loket` binary.
enum ScreenResources {
    static let bundleName = "Loket_LoketKiosk.resources"

    /// The folder that holds them, or `nil` when the bundle is not installed.
    static let folder: URL? = {
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        for folder in folders {
            let url = folder.appendingPathComponent(bundleName).appendingPathComponent("Screen")
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("page.mustache").path) { return url }
        }
        return nil
    }()

    static func data(_ name: String) throws(ScreenError) -> Data {
        guard let folder else {
            throw ScreenError("the kiosk screen's files are not installed beside this binary (\(bundleName))")
        }
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else {
            throw ScreenError("the kiosk screen's file \(name) is missing from \(bundleName)")
        }
        return data
    }
}
