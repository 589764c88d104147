import Foundation

/// The catalog shipped with Loket (`Sources/LoketPeripherals/Resources/catalog.yaml`, the
/// same file as `Hardware/catalog.yaml`), from the resource bundle beside the binary.
public enum CatalogResources {
    static let bundleName = "Loket_LoketPeripherals.resources"

    /// The shipped catalog's path, or `nil` when the bundle is not installed.
    public static let path: String? = {
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        for folder in folders {
            let url = folder.appendingPathComponent(bundleName).appendingPathComponent("catalog.yaml")
            if FileManager.default.fileExists(atPath: url.path) { return url.path }
        }
        return nil
    }()

    /// The shipped catalog.
    public static func shipped() throws(CatalogError) -> HardwareCatalog {
        guard let path else {
            throw CatalogError(
                "the hardware catalog is not installed beside this binary (\(bundleName)); give --catalog")
        }
        return try HardwareCatalog.load(path: path)
    }
}
