public import Foundation
public import LoketLending

/// What a terminal does: its services, session rules, languages, printing, devices, and
/// how it behaves offline. Written in YAML (``ProfileDocument``), signed and shipped as
/// canonical JSON (``SignedProfile``); docs/PROFILES.md documents every field.
public struct KioskProfile: Sendable, Equatable, Codable {
    /// `[a-z0-9-]`, 1–64: the profile's name across its versions.
    public var id: String
    /// Rises with every change, never goes back: a terminal refuses a version not above
    /// the one it runs. 1 or more.
    public var version: Int
    /// After this moment terminals refuse the profile (an old profile cannot be replayed
    /// forever). RFC 3339 in UTC, `2027-06-30T00:00:00Z`.
    public var expires: String
    /// Free text for admins. The default is empty.
    public var description: String
    public var targeting: ProfileTargeting
    /// At least one.
    public var services: [AllowedService]
    public var session: SessionRules
    public var languages: LanguageSettings
    public var accessibility: AccessibilityDefaults
    public var printing: PrintingSettings
    public var peripherals: ExpectedPeripherals
    public var offline: OfflinePolicy
    public var wipe: WipePolicy
    public var informationPoint: InformationPointSettings
    /// The lending desk's rules (docs/LENDING.md).
    public var lending: LendingRules

    public init(
        id: String, version: Int, expires: String, description: String = "", targeting: ProfileTargeting = .init(),
        services: [AllowedService], session: SessionRules = .init(), languages: LanguageSettings = .init(),
        accessibility: AccessibilityDefaults = .init(), printing: PrintingSettings = .init(),
        peripherals: ExpectedPeripherals = .init(), offline: OfflinePolicy = .init(), wipe: WipePolicy = .init(),
        informationPoint: InformationPointSettings = .init(), lending: LendingRules = .init()
    ) {
        self.id = id
        self.version = version
        self.expires = expires
        self.description = description
        self.targeting = targeting
        self.services = services
        self.session = session
        self.languages = languages
        self.accessibility = accessibility
        self.printing = printing
        self.peripherals = peripherals
        self.offline = offline
        self.wipe = wipe
        self.informationPoint = informationPoint
        self.lending = lending
    }

    /// `expires` as a moment.
    public var expiryDate: Date { ProfileDocument.parseTimestamp(expires) ?? .distantPast }
}
