/// The version of Loket this binary is: `loket --version`, the health reports, the
/// Debian package.
public enum LoketVersion {
    public static let current = "0.8.0"
}
