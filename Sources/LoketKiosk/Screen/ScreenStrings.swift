import Foundation

/// The screen's words, per language, from resource files (`nl.json`, `en.json`), never
/// from code. Dutch at B1 level, and English. Both files must hold the same keys.
public struct ScreenStrings: Sendable {
    public static let languages = ["nl", "en"]
    let tables: [String: [String: String]]

    /// Reads every language's file (`<prefix>nl.json`, …: the kiosk's have no prefix, the
    /// desk's `desk-`); throws when one is missing, damaged, or lacks a key another has.
    public static func load(prefix: String = "") throws(ScreenError) -> ScreenStrings {
        var tables: [String: [String: String]] = [:]
        for language in languages {
            let data = try ScreenResources.data("\(prefix)\(language).json")
            guard let table = try? JSONDecoder().decode([String: String].self, from: data) else {
                throw ScreenError("\(prefix)\(language).json is not an object of texts")
            }
            tables[language] = table
        }
        let keys = Set(tables["nl"]!.keys)
        for (language, table) in tables where Set(table.keys) != keys {
            let missing = keys.symmetricDifference(table.keys).sorted().joined(separator: ", ")
            throw ScreenError("\(prefix)\(language).json and \(prefix)nl.json differ in: \(missing)")
        }
        return ScreenStrings(tables: tables)
    }

    /// Every text of `language` (Dutch when unknown).
    public func table(_ language: String) -> [String: String] { tables[language] ?? tables["nl"]! }

    /// One text with `{name}` placeholders filled in.
    public func text(_ key: String, _ language: String, _ values: [String: String] = [:]) -> String {
        var text = table(language)[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}
