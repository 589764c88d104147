/// A command-line mistake that is not a store error: a missing file, a bad option value.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
