import Foundation

/// A CSV file read the way spreadsheets write it (RFC 4180): a header row, fields split by
/// commas (or semicolons, which Dutch spreadsheets use, when the header has no comma),
/// quoted fields with doubled quotes inside, CRLF or LF line ends, a UTF-8 byte order mark
/// ignored.
public struct CSVTable: Sendable, Equatable {
    /// One data row: its fields and the line of the file it starts on.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    public var header: [String]
    public var rows: [Row]

    /// - Throws: ``LendingError`` `.invalidInput` naming the line of an unclosed quote, or
    ///   an empty file.
    public init(parsing text: String) throws(LendingError) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        let firstLine = scalars.prefix { $0 != "\n" && $0 != "\r" }
        let separator: Unicode.Scalar = !firstLine.contains(",") && firstLine.contains(";") ? ";" : ","
        var records: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var quoted = false
        var quoteLine = 1
        var index = 0
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Row(line: recordLine, fields: fields)) }
            fields = []
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if quoted {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                quoted = true
                quoteLine = line
            case separator:
                endField()
            case "\r":
                if index < scalars.count, scalars[index] == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(scalar)
            }
        }
        if quoted { throw LendingError(.invalidInput, "line \(quoteLine): a quote is opened and never closed") }
        endRecord()
        guard let first = records.first else {
            throw LendingError(.invalidInput, "the file is empty: it needs a header row")
        }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        rows = Array(records.dropFirst())
    }
}
