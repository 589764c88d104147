/// Why the store refused a request. The message says what was wrong and what to do.
///
/// Codes can grow without breaking callers: compare `code` against the static members.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The collection is not in the replica's schema.
        public static let unknownCollection = Code("unknown collection")
        /// The field is not in the collection's schema.
        public static let unknownField = Code("unknown field")
        /// The operation does not fit the field's kind (a set operation on a register…).
        public static let kindMismatch = Code("kind mismatch")
        /// A name, id or scope that breaks its rules.
        public static let invalidIdentifier = Code("invalid identifier")
        /// A value that cannot be stored (a number out of range…).
        public static let invalidValue = Code("invalid value")
        /// The record does not exist (or was deleted).
        public static let noSuchRecord = Code("no such record")
        /// The record lives in another scope.
        public static let scopeMismatch = Code("scope mismatch")
        /// The schema cannot become the requested one.
        public static let schemaConflict = Code("schema conflict")
        /// The database belongs to another replica than the one requested.
        public static let replicaMismatch = Code("replica mismatch")
        /// The file is not a Loket replica, or was made by a newer version.
        public static let notAReplica = Code("not a replica")
        /// The record is an audit entry: entries are appended, never changed or deleted.
        public static let appendOnly = Code("append only")
        /// SQLite reported an error.
        public static let database = Code("database")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
