/// Counts a document's pages, for the free pages and the price. PDF: its page objects
/// (`/Type /Page`, not `/Pages`); plain text: form feeds split pages, and 66 lines fill
/// one (a printer's default for text). Other formats are refused.
public enum PageCounter {
    /// The formats Loket takes.
    public static let formats = ["application/pdf", "text/plain"]

    public static func pages(_ document: [UInt8], format: String) throws(PrintError) -> Int {
        switch format {
        case "application/pdf":
            guard document.starts(with: Array("%PDF-".utf8)) else {
                throw PrintError(.badInput, "the document is not a PDF (it does not start with %PDF-)")
            }
            let count = pdfPages(document)
            guard count > 0 else { throw PrintError(.badInput, "the PDF has no pages Loket can count") }
            return count
        case "text/plain":
            // Each form feed starts a page; a part of more than 66 lines takes more pages.
            var parts = document.split(separator: 0x0C, omittingEmptySubsequences: false)
            if parts.count > 1, parts.last?.allSatisfy({ $0 == 0x0A || $0 == 0x0D }) == true { parts.removeLast() }
            return parts.reduce(0) { total, part in
                var lines = part.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                if let last = part.last, last != 0x0A { lines += 1 }
                return total + max(1, (lines + 65) / 66)
            }
        default:
            throw PrintError(
                .badInput, "\(format) cannot be printed here; send \(formats.joined(separator: " or "))")
        }
    }

    /// `/Type /Page` or `/Type/Page` not followed by a letter (`/Pages` is the tree).
    static func pdfPages(_ bytes: [UInt8]) -> Int {
        let key = Array("/Type".utf8)
        let page = Array("/Page".utf8)
        var count = 0
        var index = 0
        while index + key.count < bytes.count {
            guard bytes[index] == key[0], bytes[index..<index + key.count].elementsEqual(key) else {
                index += 1
                continue
            }
            var at = index + key.count
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D { at += 1 }
            if at + page.count <= bytes.count, bytes[at..<at + page.count].elementsEqual(page) {
                let next = at + page.count < bytes.count ? bytes[at + page.count] : 0x20
                let isLetter = (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A)
                if !isLetter { count += 1 }
            }
            index = at
        }
        return count
    }
}
