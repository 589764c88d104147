import Foundation
import LoketLending
import Testing

@Suite struct DeviceImportTests {
    @Test("an inventory CSV: quoted fields, semicolons, a byte order mark and CRLF are read")
    func good() throws {
        let fixture = try DeskFixture()
        defer { fixture.close() }
        let csv =
            "\u{FEFF}asset_tag;kind;model;home_branch\r\nLPT-1;laptop;\"Lenovo; T14 \"\"Gen 2\"\"\";\r\ntab-2;Tablet;iPad;noord\r\n\r\n"
        let report = try fixture.desk.importDevices(csv: csv)
        #expect(report.succeeded && report.added == ["LPT-1", "TAB-2"])
        let devices = try fixture.desk.devices()
        #expect(devices.map(\.model) == ["Lenovo; T14 \"Gen 2\"", "iPad"])
        #expect(devices.map(\.homeBranch) == ["centrum", "noord"])
    }

    @Test("bad rows are reported by line, and nothing of a failed import is kept")
    func bad() throws {
        let fixture = try DeskFixture()
        defer { fixture.close() }
        try fixture.desk.addDevice(tag: "LPT-9", kind: .laptop, model: "old")
        let csv = """
            asset_tag,kind,model
            LPT-1,laptop,T14
            LPT-2,toaster,X
            LPT-9,laptop,again
            LPT-1,tablet,twice
            LPT 3,laptop,space
            LPT-4,laptop
            "LPT-5",laptop,"a
            two-line model"
            LPT-6,tablet

            """
        let report = try fixture.desk.importDevices(csv: csv)
        #expect(!report.succeeded && report.added.isEmpty)
        #expect(report.problems.map(\.line) == [3, 4, 5, 6, 7, 8, 10], "\(report.problems)")
        #expect(report.problems[0].message.contains("kind must be one of"))
        #expect(report.problems[1].message.contains("LPT-9 is already a device"))
        #expect(report.problems[2].message.contains("also on line 2"))
        #expect(report.problems[4].message.contains("2 fields, the header has 3"))
        #expect(report.problems[5].message.contains("model must be one line"))
        #expect(try fixture.desk.devices().map(\.assetTag) == ["LPT-9"], "nothing of the failed file was kept")
        do {
            _ = try fixture.desk.importDevices(csv: "tag,kind\nX,laptop\n")
            Issue.record("a file without the needed columns was read")
        } catch let error as LendingError {
            #expect(error.message.contains("line 1: unknown column tag"), "\(error)")
        }
        #expect(throws: LendingError.self) {
            try fixture.desk.importDevices(csv: "asset_tag,kind,model\n\"LPT-1,laptop,x\n")
        }
        #expect(throws: LendingError.self) { try fixture.desk.importDevices(csv: "") }
    }
}
