/// One cell of the CSV files Loket writes for people (RFC 4180): quoted when it holds a
/// comma, a quote or a line end; and a text that begins with `=`, `+`, `-`, `@`, a tab or
/// a carriage return — what a spreadsheet runs as a formula — gets a leading `'`. The texts
/// in these files come from terminals and desks: hostile until checked.
public enum CSVCell {
    /// A text cell, neutralised and quoted as needed. The placeholder `-` alone stays.
    public static func text(_ value: String) -> String {
        var value = value
        if value != "-", let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        return quoted(value)
    }

    /// A cell as it is (a number Loket formatted), quoted as needed.
    public static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        var cell = "\""
        for character in value { cell += character == "\"" ? "\"\"" : String(character) }
        return cell + "\""
    }
}
