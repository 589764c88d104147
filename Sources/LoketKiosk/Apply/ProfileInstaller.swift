import Foundation

/// Puts what a profile renders into place: Chromium's managed policy into its policy
/// folder, the units into systemd's folder, cage's PAM file into PAM's. Each file is
/// written beside its place and renamed over it, so a reader never sees half a file.
public struct ProfileInstaller: Sendable {
    public var configuration: KioskLaunchConfiguration
    /// Prefixed to every path: `/` on a terminal, a temporary folder in tests.
    public var root: String

    public init(configuration: KioskLaunchConfiguration = .init(), root: String = "/") {
        self.configuration = configuration
        self.root = root
    }

    /// Where each rendered file goes, by its name in ``KioskRendering/files(_:configuration:)``
    /// (the agent's settings go into the replica instead).
    public func destinations() -> [String: String] {
        let c = configuration
        var destinations = [
            ChromiumPolicy.fileName: path(c.browser.policyDirectory, ChromiumPolicy.fileName),
            "loket-agent.service": path(c.unitDirectory, "loket-agent.service"),
            "loket-kiosk.service": path(c.unitDirectory, "loket-kiosk.service"),
            "pam.d/loket-kiosk": path(c.pamDirectory, "loket-kiosk"),
        ]
        for name in KioskExtension.fileNames {
            destinations[KioskRendering.extensionFolder + "/" + name] = path(c.extensionDirectory, name)
        }
        return destinations
    }

    /// Installs `profile`'s files; answers the paths written. Throws ``ProfileInstallError``
    /// naming the path that could not be written.
    @discardableResult
    public func install(_ profile: KioskProfile) throws(ProfileInstallError) -> [String] {
        let files: [String: String]
        do { files = try KioskRendering.files(profile, configuration: configuration) } catch {
            throw ProfileInstallError(path: configuration.extensionDirectory, reason: error.message)
        }
        var written: [String] = []
        for (name, destination) in destinations().sorted(by: { $0.key < $1.key }) {
            guard let text = files[name] else { continue }
            try Self.write(Data(text.utf8), to: destination)
            written.append(destination)
        }
        return written
    }

    func path(_ folder: String, _ name: String) -> String {
        (root as NSString).appendingPathComponent((folder as NSString).appendingPathComponent(name))
    }

    static func write(_ data: Data, to destination: String) throws(ProfileInstallError) {
        let folder = (destination as NSString).deletingLastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(
            ".\((destination as NSString).lastPathComponent).loket-new")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, destination) == 0 else {
                throw ProfileInstallError(path: destination, reason: String(cString: strerror(errno)))
            }
        } catch let error as ProfileInstallError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ProfileInstallError(path: destination, reason: error.localizedDescription)
        }
    }
}
