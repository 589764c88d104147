import Foundation
import LoketHub
import LoketKiosk
import LoketLending
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

/// The anonymous statistics: what terminals and desks record — sessions, the information
/// point's questions, print jobs, the desk's loan counts — synced to the hub and counted
/// there per hour, day or week and branch; staff get their branch's rows; no id is in them.
@Suite struct StatisticsTests {
    @Test(
        "sessions, questions, prints and loans as CSV, from two branches, staff their own",
        arguments: StoreKind.allCases)
    func statistics(store: StoreKind) async throws {
        let clock = ManualWallClock()  // 2026-01-01 00:00 UTC, advanced below
        try await withHub(store, clock: clock) { running in
            let north = try await running.terminal(
                "noord-01", scopes: ["branch:noord", "terminal:noord-01"], clock: clock)
            let south = try await running.terminal(
                "zuid-01", scopes: ["branch:zuid", "terminal:zuid-01"], clock: clock)
            let utc = TimeZone(identifier: "UTC")!
            clock.advance(by: 9 * 3_600_000 + 15 * 60_000)  // 09:15
            let start = Int64(clock.nowMilliseconds())
            for (client, id, kind, minutes) in [
                (north, "s-1", "guest", 20), (north, "s-2", "card", 35), (south, "s-3", "card", 10),
            ] {
                let name = client === north ? "noord-01" : "zuid-01"
                try client.replica.put(
                    "sessions", id: id, scope: "terminal:\(name)",
                    RecordUpdate(
                        set: ["terminal": .string(name), "kind": .string(kind), "started_at": .int(start)],
                        increment: ["minutes_used": Int64(minutes)]))
            }
            let questions = HelpQuestionLog(
                replica: north.replica, terminal: "noord-01", timeZone: utc, logger: TestLogging.silent)
            try questions.record(.allowances, at: start)
            try questions.record(.allowances, at: start)
            try questions.record(.digid, at: start)
            for (id, pages, charged, state) in [("j-1", 3, 0, "done"), ("j-2", 12, 2, "done"), ("j-3", 1, 0, "failed")]
            {
                try north.replica.put(
                    "print_jobs", id: id, scope: "terminal:noord-01",
                    RecordUpdate(set: [
                        "terminal": .string("noord-01"), "pages": .int(Int64(pages)),
                        "charged_pages": .int(Int64(charged)),
                        "state": .string(state), "submitted_at": .int(start),
                    ]))
            }
            let desk = try LendingDesk(
                replica: south.replica, branch: "zuid", desk: "zuid-01", clock: clock, logger: TestLogging.silent)
            try desk.addDevice(tag: "LPT-1", kind: .laptop, model: "T14")
            let borrower = "card-" + String(repeating: "ab", count: 16)
            _ = try desk.checkout("LPT-1", borrower: borrower)
            try desk.returnDevice("LPT-1")
            for client in [north, south] { _ = try await client.sync() }

            let admin = ConsoleUserPrincipal.admin
            var csv = try await running.hub.statistics(.sessions, by: admin, timeZone: utc)
            #expect(
                csv
                    == "date,hour,branch,kind,sessions,minutes\r\n2026-01-01,9,noord,card,1,35\r\n2026-01-01,9,noord,guest,1,20\r\n2026-01-01,9,zuid,card,1,10\r\n",
                "\(csv)")
            csv = try await running.hub.statistics(.questions, by: admin, timeZone: utc)
            #expect(
                csv == "date,branch,category,questions\r\n2026-01-01,noord,digid,1\r\n2026-01-01,noord,toeslagen,2\r\n",
                "\(csv)")
            csv = try await running.hub.statistics(.prints, by: admin, timeZone: utc)
            #expect(
                csv == "date,branch,jobs,pages,charged_pages,failed_jobs\r\n2026-01-01,noord,3,16,2,1\r\n", "\(csv)")
            csv = try await running.hub.statistics(.loans, by: admin, timeZone: utc)
            #expect(csv.hasPrefix("week,branch,kind,loans,returned,returned_late\r\n"))
            #expect(csv.hasSuffix(",zuid,laptop,1,1,0\r\n"), "\(csv)")
            #expect(!csv.contains("card-") && !csv.contains("LPT-1"), "no borrower, no device")

            let staff = Principal.user(ConsoleUser(name: "anna", role: .staff, branch: "noord"))
            csv = try await running.hub.statistics(.sessions, by: staff, timeZone: utc)
            #expect(!csv.contains("zuid") && csv.contains("noord,guest"), "\(csv)")
            #expect(
                try await running.hub.statistics(.loans, by: staff, timeZone: utc).split(separator: "\r\n").count == 1)
        }
    }
}

extension StatisticsTests {
    @Test("a terminal cannot count its questions or sessions for another branch: the branch comes from the scope")
    func branchFromScope() async throws {
        let clock = ManualWallClock()
        try await withHub(.sqlite, clock: clock) { running in
            let north = try await running.terminal(
                "noord-01", scopes: ["branch:noord", "terminal:noord-01"], clock: clock)
            let south = try await running.terminal(
                "zuid-01", scopes: ["branch:zuid", "terminal:zuid-01"], clock: clock)
            // Written in its own scope, naming the other branch's terminal in the payload.
            try north.replica.put(
                "help_questions", id: "2026-01-01/digid", scope: "terminal:noord-01",
                RecordUpdate(
                    set: ["terminal": .string("zuid-01"), "day": .string("2026-01-01"), "category": .string("digid")],
                    increment: ["count": 7]))
            try north.replica.put(
                "sessions", id: "s-x", scope: "terminal:noord-01",
                RecordUpdate(
                    set: ["terminal": .string("zuid-01"), "kind": .string("guest"), "started_at": .int(1_000)],
                    increment: ["minutes_used": 5]))
            _ = try await north.sync()
            let utc = TimeZone(identifier: "UTC")!
            let questions = try await running.hub.statistics(.questions, by: ConsoleUserPrincipal.admin, timeZone: utc)
            #expect(questions.contains("2026-01-01,noord,digid,7") && !questions.contains("zuid"), "\(questions)")
            let sessions = try await running.hub.statistics(.sessions, by: ConsoleUserPrincipal.admin, timeZone: utc)
            #expect(sessions.contains(",noord,guest,1,5") && !sessions.contains("zuid"), "\(sessions)")
            for client in [north, south] { try await client.shutdown() }
        }
    }

    @Test("a text a terminal wrote cannot become a formula in the spreadsheet staff open")
    func formulaInjection() async throws {
        let clock = ManualWallClock()
        try await withHub(.sqlite, clock: clock) { running in
            let north = try await running.terminal(
                "noord-01", scopes: ["branch:noord", "terminal:noord-01"], clock: clock)
            for (id, category) in [
                ("q-1", "=HYPERLINK(\"http://evil.example\",\"klik\")"), ("q-2", "+1+2"), ("q-3", "@SUM(A1)"),
                ("q-4", "-2+3"), ("q-5", "\tTAB"),
            ] {
                try north.replica.put(
                    "help_questions", id: id, scope: "terminal:noord-01",
                    RecordUpdate(
                        set: [
                            "terminal": .string("noord-01"), "day": .string("2026-01-01"),
                            "category": .string(category),
                        ], increment: ["count": 1]))
            }
            _ = try await north.sync()
            let csv = try await running.hub.statistics(
                .questions, by: ConsoleUserPrincipal.admin, timeZone: TimeZone(identifier: "UTC")!)
            let cells = csv.split(separator: "\r\n").dropFirst().map { line in
                // The category is the third cell; the first is quoted when it holds a comma.
                String(line.split(separator: ",", maxSplits: 2).last!)
            }
            #expect(cells.count == 5, "\(csv)")
            for cell in cells {
                let text = cell.hasPrefix("\"") ? String(cell.dropFirst()) : cell
                #expect(text.hasPrefix("'"), "\(cell) would run as a formula")
            }
            #expect(csv.contains("'+1+2,1") && csv.contains("'@SUM(A1),1") && csv.contains("'-2+3,1"), "\(csv)")
            #expect(!csv.contains("zuid"))
            try await north.shutdown()
        }
    }
}

enum ConsoleUserPrincipal {
    static let admin = Principal.user(ConsoleUser(name: "ilse", role: .admin))
}
