import LoketStore

extension LendingDesk {
    /// The columns of an inventory file: `asset_tag`, `kind` and `model` are required,
    /// `home_branch` is optional (default: the desk's branch).
    public static let importColumns = ["asset_tag", "kind", "model", "home_branch"]

    /// Adds the devices of an inventory CSV (a header row, then one device per row) — all of
    /// them or, when any row is bad, none: the report then lists every bad row by line.
    public func importDevices(csv text: String) throws -> DeviceImport {
        let table = try CSVTable(parsing: text)
        let unknown = table.header.filter { !Self.importColumns.contains($0) }
        guard unknown.isEmpty else {
            throw LendingError(
                .invalidInput,
                "line 1: unknown column\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); the columns are \(Self.importColumns.joined(separator: ", "))"
            )
        }
        for required in ["asset_tag", "kind", "model"] where !table.header.contains(required) {
            throw LendingError(.invalidInput, "line 1: the header has no column \(required)")
        }
        let column = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        struct Refused: Error { let report: DeviceImport }
        do {
            return try replica.write { tx in
                var added: [String] = []
                var problems: [DeviceImport.Problem] = []
                var seen: [String: Int] = [:]
                for row in table.rows {
                    guard row.fields.count == table.header.count else {
                        problems.append(
                            .init(
                                line: row.line,
                                message: "\(row.fields.count) fields, the header has \(table.header.count)"))
                        continue
                    }
                    func value(_ name: String) -> String? {
                        column[name].map { row.fields[$0].trimmingCharacters(in: .whitespaces) }
                    }
                    do {
                        let tag = try AssetTag.normalize(value("asset_tag") ?? "", field: "asset_tag")
                        if let earlier = seen[tag] {
                            throw LendingError(.alreadyExists, "\(tag) is also on line \(earlier)")
                        }
                        seen[tag] = row.line
                        let kind = try DeviceKind.parse(value("kind") ?? "")
                        let home = value("home_branch").flatMap { $0.isEmpty ? nil : $0 }
                        _ = try add(tag: tag, kind: kind, model: value("model") ?? "", homeBranch: home, in: &tx)
                        added.append(tag)
                    } catch let error as LendingError {
                        problems.append(.init(line: row.line, message: error.message))
                    }
                }
                guard problems.isEmpty else { throw Refused(report: DeviceImport(added: [], problems: problems)) }
                return DeviceImport(added: added, problems: [])
            }
        } catch let refused as Refused {
            return refused.report  // the transaction was rolled back: nothing of the file is kept
        }
    }
}
