import LoketSync

extension RecordUpdate {
    /// Builds an update from command-line assignments (`FIELD=VALUE`).
    ///
    /// A VALUE (or ELEM) is read as JSON when it parses as JSON, else taken as a string:
    /// `count=3` sets the number 3, `name=Ada` the string "Ada", `name='"3"'` the string "3".
    /// Increments must be whole numbers; several increments of one field add up. Setting
    /// a field twice is an error.
    public init(set: [String], increment: [String], add: [String], remove: [String]) throws(StoreError) {
        self.init()
        var seen = Set<String>()
        func split(_ argument: String, _ option: String) throws(StoreError) -> (String, String) {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw StoreError(.invalidValue, "\(option)\(argument): expected FIELD=VALUE")
            }
            return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
        }
        for argument in set {
            let (field, text) = try split(argument, "")
            guard seen.insert(field).inserted else { throw StoreError(.invalidValue, "field \(field) is set twice") }
            self.set[field] = Self.value(text)
        }
        for argument in increment {
            let (field, text) = try split(argument, "--incr ")
            guard let delta = Int64(text) else {
                throw StoreError(.invalidValue, "--incr \(argument): \(text) is not a whole number (−2^63…2^63−1)")
            }
            guard self.set[field] == nil else {
                throw StoreError(.invalidValue, "field \(field) is both set and incremented")
            }
            // Several increments of one field add up.
            let (sum, overflow) = self.increment[field, default: 0].addingReportingOverflow(delta)
            guard !overflow else {
                throw StoreError(.invalidValue, "--incr \(field): the increments add up past 2^63 - 1")
            }
            self.increment[field] = sum
        }
        for argument in add {
            let (field, text) = try split(argument, "--add ")
            self.add[field, default: []].append(Self.value(text))
        }
        for argument in remove {
            let (field, text) = try split(argument, "--remove ")
            self.remove[field, default: []].append(Self.value(text))
        }
    }

    static func value(_ text: String) -> FieldValue { (try? FieldValue(json: text)) ?? .string(text) }
}
