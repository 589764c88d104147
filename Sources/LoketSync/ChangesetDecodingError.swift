/// Bytes or JSON that are not a valid changeset, with what was wrong and where.
///
/// Decoding never traps on untrusted input: every failure is one of these. The codes can
/// grow without breaking callers (match on `code`, with a default).
public struct ChangesetDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The input does not start with the changeset magic bytes.
        public static let badMagic = Code("bad magic")
        /// A format version this build cannot read.
        public static let unsupportedVersion = Code("unsupported version")
        /// The input ends before the changeset does.
        public static let truncated = Code("truncated")
        /// The checksum does not match: the bytes were changed or cut.
        public static let checksumMismatch = Code("checksum mismatch")
        /// A varint that is too long or not minimal.
        public static let invalidVarint = Code("invalid varint")
        /// A count, index, length or number outside what the format allows here.
        public static let outOfRange = Code("out of range")
        /// The input is larger than the configured limit.
        public static let tooLarge = Code("too large")
        /// Text that is not valid UTF-8.
        public static let invalidUTF8 = Code("invalid UTF-8")
        /// A name or id that breaks its rules.
        public static let invalidIdentifier = Code("invalid identifier")
        /// An unknown operation, value tag or flag.
        public static let invalidTag = Code("invalid tag")
        /// Nested values deeper than the limit.
        public static let tooDeep = Code("too deep")
        /// A change that is well-formed bytes but breaks a rule of changes.
        public static let invalidChange = Code("invalid change")
        /// Bytes left over after the changeset.
        public static let trailingBytes = Code("trailing bytes")
        /// JSON that is not valid or not the changeset's JSON form.
        public static let invalidJSON = Code("invalid JSON")
    }

    public let code: Code
    /// The byte offset (from 0) where the problem was found.
    public let offset: Int
    /// What was wrong, in words; in the JSON form, it starts with the JSON path.
    public let detail: String

    public init(code: Code, offset: Int, detail: String) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    public var description: String { "invalid changeset at byte \(offset) (\(code)): \(detail)" }
}
