import Foundation
import LoketKiosk
import LoketLending
import Testing

@Suite struct ProfileDocumentTests {
    static let examplesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("KioskProfiles")

    static var examples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: examplesFolder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test("every example in KioskProfiles/ validates, and there are the four the issue asks for")
    func examplesValidate() throws {
        #expect(
            Set(Self.examples).isSuperset(of: [
                "library-public-computer.yaml", "town-hall-information-point.yaml", "laptop-loan-desk.yaml",
                "print-station.yaml",
            ]))
        for name in Self.examples {
            let text = try String(contentsOf: Self.examplesFolder.appendingPathComponent(name), encoding: .utf8)
            do {
                let profile = try ProfileDocument.parse(text, file: name)
                #expect(profile.id + ".yaml" == name, "an example's id is its file name")
                #expect(!profile.services.isEmpty)
            } catch {
                Issue.record("\(name) does not validate:\n\(error)")
            }
        }
    }

    @Test("defaults fill what a profile leaves out")
    func defaults() throws {
        let profile = try ProfileDocument.parse(
            """
            id: minimal
            version: 1
            expires: 2027-01-01T00:00:00Z
            services:
              - name: DigiD
                urls: ["https://*.digid.nl/*"]
            """)
        #expect(profile.session == SessionRules())
        #expect(profile.session.idleTimeout == 300)
        #expect(profile.languages.default == "nl")
        #expect(profile.printing.enabled == false)
        #expect(profile.targeting.ring == "all")
        #expect(profile.services[0].category == "general" && profile.services[0].icon == "globe")
    }

    @Test("the lending desk's rules: defaults, values, and a retention period out of range named by line")
    func lending() throws {
        let head = """
            id: desk
            version: 1
            expires: 2027-01-01T00:00:00Z
            services: [{name: A, urls: ["https://a.nl"]}]
            """
        #expect(try ProfileDocument.parse(head).lending == LendingRules())
        let set = try ProfileDocument.parse(
            head + "\nlending:\n  loanDays: 7\n  maxLoansPerBorrower: 2\n  retentionDays: 14")
        #expect(set.lending == LendingRules(loanDays: 7, maximumLoansPerBorrower: 2, retentionDays: 14))
        do {
            _ = try ProfileDocument.parse(head + "\nlending:\n  retentionDays: 400\n  loans: 3", file: "desk.yaml")
            Issue.record("a retention period of 400 days validated")
        } catch {
            #expect(
                error.issues.map(\.description).sorted() == [
                    "desk.yaml:6 lending.retentionDays: must be 0–365 days, got 400",
                    "desk.yaml:7 lending.loans: is not a profile field; known here: loanDays, maxLoansPerBorrower, maxRenewals, holdDays, retentionDays",
                ], "\(error.issues)")
        }
    }

    @Test("each error names the file, the line, the field path and what is wrong")
    func errorsNamePlaces() throws {
        let text = """
            id: library
            version: 3
            expires: 2027-01-01T00:00:00Z
            services:
              - name: DigiD
                urls:
                  - https://*.digid.nl/*
                  - ftp://files.example.nl
            session:
              sessionMinutes: 60
              idleTimout: 300
              warningSeconds: 60
              guestsAllowed: maybe
            printing:
              enabled: true
            languages:
              default: nl
              available: [en]
            """
        do {
            _ = try ProfileDocument.parse(
                text + "\naccessibility:\n  textSize: huge\nsession2: {}\n", file: "library.yaml")
            Issue.record("a broken profile validated")
        } catch {
            let lines = error.issues.map(\.description)
            #expect(
                lines.contains(
                    "library.yaml:8 services[0].urls[1]: must be https://host[:port][/path] (host may start with *., path may end with *), got \"ftp://files.example.nl\""
                ), "\(lines)")
            #expect(
                lines.contains {
                    $0.hasPrefix(
                        "library.yaml:11 session.idleTimout: is not a profile field (did you mean idleTimeout?)")
                }, "\(lines)")
            #expect(
                lines.contains("library.yaml:13 session.guestsAllowed: must be true or false, got maybe"), "\(lines)")
            #expect(
                lines.contains {
                    $0.hasPrefix("library.yaml:15 printing.queue: is required when printing.enabled is true")
                }, "\(lines)")
            #expect(
                lines.contains("library.yaml:18 languages.available: must include the default language nl"), "\(lines)")
            #expect(
                lines.contains(
                    "library.yaml:20 accessibility.textSize: must be one of normal, large, extra-large, got huge"),
                "\(lines)")
            #expect(lines.contains { $0.hasPrefix("library.yaml:21 session2: is not a profile field") }, "\(lines)")
            #expect(error.issues.count == 7, "\(lines)")
        }
    }

    @Test("the issue's example: an idle timeout of 5 seconds on line 14")
    func idleTimeoutRange() throws {
        let comments = Array(repeating: "  # a comment for the admin", count: 8).joined(separator: "\n")
        let text = """
            id: library
            version: 1
            expires: 2027-01-01T00:00:00Z
            services: [{name: A, urls: ["https://a.nl"]}]
            session:
            \(comments)
              idleTimeout: 5
            """
        do {
            _ = try ProfileDocument.parse(text, file: "library.yaml")
            Issue.record("an idle timeout of 5 seconds validated")
        } catch {
            #expect(
                error.issues.map(\.description) == [
                    "library.yaml:14 session.idleTimeout: must be 30–3600 seconds, got 5"
                ])
        }
    }

    @Test("required fields, bad YAML, wrong types and dependent fields")
    func otherRefusals() throws {
        func issues(_ text: String) -> [String] {
            do {
                _ = try ProfileDocument.parse(text, file: "p.yaml")
                return []
            } catch { return error.issues.map(\.description) }
        }
        #expect(issues("").first == "p.yaml: the document is empty")
        #expect(issues("id: [unclosed").first?.hasPrefix("p.yaml:") == true)
        #expect(issues("id: [unclosed").first?.contains("not valid YAML") == true)
        let missing = issues("description: nothing else")
        #expect(missing.contains("p.yaml id: is required"), "\(missing)")
        #expect(missing.contains("p.yaml version: is required"), "\(missing)")
        #expect(missing.contains("p.yaml expires: is required"), "\(missing)")
        #expect(missing.contains { $0.hasPrefix("p.yaml services: is required") }, "\(missing)")
        let base = "id: x\nversion: 1\nexpires: 2027-01-01T00:00:00Z\nservices: [{name: A, urls: [\"https://a.nl\"]}]\n"
        #expect(issues(base + "version: 2\n").contains { $0.contains("appears twice") || $0.contains("twice") })
        #expect(
            issues(base.replacingOccurrences(of: "version: 1", with: "version: 0")).contains(
                "p.yaml:2 version: must be 1–2147483647, got 0"))
        #expect(
            issues(base.replacingOccurrences(of: "version: 1", with: "version: \"1\"")).contains(
                "p.yaml:2 version: must be a whole number, got 1"))
        #expect(
            issues(base.replacingOccurrences(of: "2027-01-01T00:00:00Z", with: "next year")).contains {
                $0.hasPrefix("p.yaml:3 expires: must be an RFC 3339 time")
            })
        #expect(
            issues(base + "session: {idleTimeout: 60, warningSeconds: 60}\n").contains {
                $0.hasPrefix("p.yaml:5 session.warningSeconds: must be less than session.idleTimeout")
            })
        #expect(
            issues(base + "session: [1, 2]\n").contains("p.yaml:5 session: must be a mapping of fields, got a list"))
        #expect(issues(base + "services: []\n").count >= 1)
        // A missing field inside a mapping is reported at the mapping's line.
        let nameless = issues(
            "id: x\nversion: 1\nexpires: 2027-01-01T00:00:00Z\nservices:\n  - category: work\n    urls: [\"https://a.nl\"]\n"
        )
        #expect(nameless.contains("p.yaml:5 services[0].name: is required"), "\(nameless)")
    }
}
