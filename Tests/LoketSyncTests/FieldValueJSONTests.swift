import LoketSync
import Testing

@Suite("FieldValue JSON")
struct FieldValueJSONTests {
    @Test("parses and prints canonical JSON")
    func canonical() throws {
        let value = try FieldValue(json: #" { "b": [1, 2.5, -0.5e1, "x\n\u00e9\ud83d\ude00"], "a": null, "c": true } "#)
        #expect(value.canonicalJSON == #"{"a":null,"b":[1,2.5,-5.0,"x\né😀"],"c":true}"#)
        #expect(try FieldValue(json: value.canonicalJSON) == value)
        #expect(try FieldValue(json: "9223372036854775807") == .int(.max))
        #expect(try FieldValue(json: "9223372036854775808") == .double(9223372036854775808))
        #expect(FieldValue.double(2).canonicalJSON == "2.0")
        #expect(FieldValue.string("\u{1}").canonicalJSON == #""\u0001""#)
    }

    @Test(
        "bad JSON names the byte offset",
        arguments: [
            ("[1,]", 3), ("{\"a\":1,\"a\":2}", 7), ("\"abc", 4), ("01", 1), ("[1] x", 4), ("1e999", 0),
            ("\"\\ud800\"", 7),
        ])
    func errors(text: String, offset: Int) {
        let error = #expect(throws: JSONParseError.self) { try FieldValue(json: text) }
        #expect(error?.offset == offset, "\(text): \(String(describing: error))")
    }

    @Test("deep nesting is refused, not a stack overflow")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try FieldValue(json: deep) }
    }
}
