extension String {
    /// The text in Unicode Normalization Form C (canonical composition).
    ///
    /// Swift compares strings by canonical equivalence, SQLite by bytes: `café` written
    /// with U+00E9 and with `e` + U+0301 is one key to a Swift dictionary and two to a
    /// SQLite index. Loket therefore keeps every piece of text — record ids, set elements,
    /// text values, object keys — in NFC, where canonically equivalent texts have the
    /// same bytes and both comparisons agree (docs/PROTOCOL.md, "Identity").
    public var nfc: String {
        // ASCII is NFC as it stands: the common case costs one pass over the bytes.
        if utf8.allSatisfy({ $0 < 0x80 }) { return self }
        // The standard library's own normaliser (the one its comparisons use); no
        // Foundation in LoketSync.
        let normalized = String(decoding: _nfcCodeUnits, as: UTF8.self)
        return normalized.utf8.elementsEqual(utf8) ? self : normalized
    }

    /// Whether the text is in NFC already.
    public var isNFC: Bool { utf8.allSatisfy({ $0 < 0x80 }) || _nfcCodeUnits.elementsEqual(utf8) }
}
