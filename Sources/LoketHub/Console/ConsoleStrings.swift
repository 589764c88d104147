import Foundation

/// The console's words in Dutch and English (`console-nl.json`, `console-en.json`); both
/// files hold the same keys.
struct ConsoleStrings: Sendable {
    static let languages = ["nl", "en"]
    let tables: [String: [String: String]]

    static func load() throws(HubError) -> ConsoleStrings {
        var tables: [String: [String: String]] = [:]
        for language in languages {
            guard
                let table = try? JSONDecoder().decode(
                    [String: String].self, from: try ConsoleResources.data("console-\(language).json"))
            else {
                throw HubError(
                    status: 500, code: "console-missing", "console-\(language).json is not an object of texts")
            }
            tables[language] = table
        }
        guard Set(tables["nl"]!.keys) == Set(tables["en"]!.keys) else {
            throw HubError(
                status: 500, code: "console-missing", "console-nl.json and console-en.json differ in their keys")
        }
        return ConsoleStrings(tables: tables)
    }

    func table(_ language: String) -> [String: String] { tables[language] ?? tables["nl"]! }

    func text(_ key: String, _ language: String, _ values: [String: String] = [:]) -> String {
        var text = table(language)[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}
