extension HybridTime {
    /// The rule a time's JSON form follows, for error messages.
    static let jsonRule = "[milliseconds, counter] with milliseconds < 2^47 and counter < 65536"

    /// The time as JSON: `[milliseconds, counter]`.
    public var json: FieldValue { .array([.int(Int64(milliseconds)), .int(Int64(counter))]) }

    /// Reads the JSON form of ``json``, or returns `nil` when `json` is not one.
    public init?(json: FieldValue) {
        guard case .array(let parts) = json, parts.count == 2, case .int(let ms) = parts[0],
            case .int(let counter) = parts[1], ms >= 0, counter >= 0, counter <= Int64(UInt16.max)
        else { return nil }
        self.init(milliseconds: UInt64(ms), counter: UInt16(counter))
    }
}
