import LoketSync
import Testing

@Suite("CSV cells")
struct CSVCellTests {
    @Test("texts that a spreadsheet would run get a leading quote; commas, quotes and line ends are quoted")
    func cells() {
        #expect(CSVCell.text("toeslagen") == "toeslagen")
        #expect(CSVCell.text("-") == "-", "the placeholder stays")
        for formula in ["=1+1", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx"] {
            #expect(CSVCell.text(formula).hasPrefix("'") || CSVCell.text(formula).hasPrefix("\"'"), "\(formula)")
        }
        #expect(CSVCell.text("=HYPERLINK(\"x\",\"y\")") == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")
        #expect(CSVCell.text("a,b") == "\"a,b\"")
        #expect(CSVCell.text("line\nbreak") == "\"line\nbreak\"")
        #expect(CSVCell.quoted("-5") == "-5", "numbers Loket formats are not texts")
    }
}
