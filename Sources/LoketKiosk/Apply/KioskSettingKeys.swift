/// The replica settings the terminal keeps about profiles (besides the profile's own
/// `kiosk.*` rules, ``AgentSettings``).
public enum KioskSettingKeys {
    /// The fleet's trust file (canonical JSON), from enrolment, then from rotations.
    public static let trust = "kiosk.trust"
    /// The profile id this terminal runs, chosen at enrolment (`--profile`).
    public static let assignedProfile = "kiosk.assigned_profile"
    /// The installed profile's id and version (written with the profile's rules).
    public static let installedProfile = "kiosk.profile"
    public static let installedVersion = "kiosk.profile_version"
    /// The highest version the admins signed (not a reissue) this terminal installed of
    /// the assigned profile: the bar for the admins' next version.
    public static let installedAdminVersion = "kiosk.profile_admin_version"
    /// The installed profile's content, canonical JSON, as verified (the screen reads its
    /// services from it).
    public static let installedDocument = "kiosk.profile_json"
    /// Why the installed profile may no longer run although it has not expired: a trust
    /// rotation removed the keys that signed it. Absent when nothing is against it.
    public static let installedRevoked = "kiosk.profile_revoked"
    /// SHA-256 of the installed signed document.
    public static let installedDigest = "kiosk.profile_digest"
    /// Documents already judged and reported, digest → result (JSON object): a refused
    /// one is not tried again, nor reported twice.
    public static let judged = "kiosk.judged"
    /// The version each `profiles` record held when last read (JSON object): a record
    /// that goes backwards is a rollback attempt, reported as `not-newer`.
    public static let seen = "kiosk.seen"
}
