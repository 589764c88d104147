import Foundation
public import LoketSync

/// A profile as Chromium's managed policy (the JSON file Chromium reads from
/// `/etc/chromium/policies/managed/`): every address blocked but the profile's services
/// and the kiosk screen; no incognito windows (the browser's profile folder is inside the
/// session folder, which the wipe removes and checks after every session — incognito
/// would also shut out the session bar, ``KioskExtension``); no extension installs (the
/// session bar is loaded by the kiosk unit); no developer tools, no sign-in, no saved passwords or form data;
/// downloads to the session folder; printing as the profile says. Policy names are Chromium's own (chromeenterprise.google
/// policy list).
public enum ChromiumPolicy {
    /// The file name Loket writes in the policy folder.
    public static let fileName = "loket-kiosk.json"

    /// The policy as a JSON object.
    public static func policy(_ profile: KioskProfile, configuration: BrowserPolicyConfiguration) -> FieldValue {
        var allowed = Set(profile.services.flatMap(\.urls).map { urlFilter($0) })
        allowed.insert(urlFilter(kiosk: configuration.kioskURL))
        let kiosk = FieldValue.string(configuration.kioskURL)
        return .object([
            "URLBlocklist": .array(["*"]),
            "URLAllowlist": .array(allowed.sorted().map { FieldValue.string($0) }),
            // 1: incognito not available. The session's browsing data lives in the session
            // folder (tmpfs), removed and checked by the wipe after every session.
            "IncognitoModeAvailability": .int(1),
            // 2: developer tools not allowed.
            "DeveloperToolsAvailability": .int(2),
            // 1: dangerous downloads blocked; the rest into the session folder, no prompt.
            "DownloadRestrictions": .int(1),
            "DownloadDirectory": .string(configuration.downloadDirectory),
            "PromptForDownloadLocation": .bool(false),
            "PrintingEnabled": .bool(profile.printing.enabled),
            "BrowserSignin": .int(0),
            "SyncDisabled": .bool(true),
            "PasswordManagerEnabled": .bool(false),
            "AutofillAddressEnabled": .bool(false),
            "AutofillCreditCardEnabled": .bool(false),
            "SavingBrowserHistoryDisabled": .bool(true),
            "BrowserAddPersonEnabled": .bool(false),
            "BrowserGuestModeEnabled": .bool(false),
            "EditBookmarksEnabled": .bool(false),
            "BookmarkBarEnabled": .bool(false),
            // No extension but the session bar, which the kiosk unit loads unpacked: a
            // blocklist of "*" would also stop unpacked loading (Chromium: "disabled by the
            // administrator"), so visitors are kept from installing any by these instead —
            // no site may offer one, none from outside, and the web store and chrome://
            // pages are blocked by URLBlocklist.
            "ExtensionInstallSources": .array([]),
            "BlockExternalExtensions": .bool(true),
            "DefaultBrowserSettingEnabled": .bool(false),
            "MetricsReportingEnabled": .bool(false),
            "SearchSuggestEnabled": .bool(false),
            // Visitors read many languages: offer translation.
            "TranslateEnabled": .bool(true),
            "ApplicationLocaleValue": .string(profile.languages.default),
            "HomepageLocation": kiosk,
            "HomepageIsNewTabPage": .bool(false),
            "NewTabPageLocation": kiosk,
            // 4: open the listed URLs at start.
            "RestoreOnStartup": .int(4),
            "RestoreOnStartupURLs": .array([kiosk]),
        ])
    }

    /// The policy file's bytes: JSON, keys sorted, indented for people who look.
    public static func render(_ profile: KioskProfile, configuration: BrowserPolicyConfiguration) -> [UInt8] {
        Array((policy(profile, configuration: configuration).prettyJSON + "\n").utf8)
    }

    /// A profile URL pattern as a Chromium URL filter. Chromium matches a host with all its
    /// subdomains, or exactly when it starts with a dot, and a path as a prefix:
    /// `https://*.digid.nl/*` → `https://digid.nl` (the domain and every subdomain — Chromium
    /// cannot leave out the domain itself), `https://digid.nl/*` → `https://.digid.nl`,
    /// `https://a.nl/forms/*` → `https://.a.nl/forms/`.
    public static func urlFilter(_ pattern: String) -> String {
        var rest = Substring(pattern)
        var scheme = "https"
        if let range = rest.range(of: "://") {
            scheme = String(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var host = String(rest[..<slash])
        var path = String(rest[slash...])
        if host.hasPrefix("*.") { host.removeFirst(2) } else { host = "." + host }
        if path.hasSuffix("*") { path.removeLast() }
        if path == "/" { path = "" }
        return "\(scheme)://\(host)\(path)"
    }

    /// The kiosk screen's address as a filter: that exact host and port, every path.
    static func urlFilter(kiosk url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host, let scheme = components.scheme
        else { return url }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(scheme)://.\(host)\(port)"
    }
}
