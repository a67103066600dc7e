import CSV
import CountyData
import Foundation
import PlanReports
import PropertyBased
import RotationModel
import RotationPlanner
import Testing

/// Reads the generated pages back as a reader would: cells by marker, text unescaped.
struct Page {
    let html: String
    init(_ url: URL) throws { html = try String(contentsOf: url, encoding: .utf8) }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The text of the element carrying `attribute="value"`.
    func cell(_ attribute: String, _ value: String) -> String? {
        guard let start = html.range(of: "\(attribute)=\"\(value)\">") else { return nil }
        let rest = html[start.upperBound...]
        guard let end = rest.range(of: "<") else { return nil }
        return Page.unescape(String(rest[..<end.lowerBound])).trimmingCharacters(in: .whitespaces)
    }

    /// The cells of every table row of a class.
    func rows(_ cls: String) -> [[String]] {
        var out: [[String]] = []
        var rest = html[...]
        while let start = rest.range(of: "<tr class=\"\(cls)\">") {
            let after = rest[start.upperBound...]
            guard let end = after.range(of: "</tr>") else { break }
            let row = after[..<end.lowerBound]
            var cells: [String] = []
            var r = row
            while let open = r.range(of: "<td"), let gt = r[open.upperBound...].range(of: ">"),
                  let close = r[gt.upperBound...].range(of: "</td>") {
                cells.append(Page.unescape(String(r[gt.upperBound..<close.lowerBound])))
                r = r[close.upperBound...]
            }
            out.append(cells)
            rest = after[end.upperBound...]
        }
        return out
    }
}

@Suite("HTML pages")
struct ReportTests {
    /// Every page of a written plan folder.
    static func pages(_ folder: URL) throws -> [(String, String)] {
        var list: [(String, String)] = []
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".html") {
            list.append((name, try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)))
        }
        let schools = folder.appendingPathComponent("schools")
        for name in (try? fm.contentsOfDirectory(atPath: schools.path)) ?? [] {
            list.append(("schools/" + name, try String(contentsOf: schools.appendingPathComponent(name), encoding: .utf8)))
        }
        return list
    }

    /// transfers.csv as rows of named cells.
    static func transfers(_ folder: URL) throws -> [[String: String]] {
        let text = try String(contentsOf: folder.appendingPathComponent(PlanFiles.transfers), encoding: .utf8)
        let bytes = try Data(contentsOf: folder.appendingPathComponent(PlanFiles.transfers))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a UTF-8 byte-order mark leads")
        let reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true)
        let header = reader.headerRow!
        var rows: [[String: String]] = []
        while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, row))) }
        return rows
    }

    @Test("the figures on the pages are the plan's: CVs by the official formula, arrivals and departures by transfers.csv")
    func figuresMatchThePlan() async throws {
        let tally = Tally()
        await propertyCheck(count: 20, input: Gen.int(in: 1...1_000_000)) { seed in
            let (county, policy) = RandomCounty.make(seed: UInt64(seed), schools: 4...7, teachers: 30...70)
            let scratch = Scratch()
            let run = try! PlannedRun(county, policy, in: scratch)
            tally.add(run.outcome)
            guard case .plan = run.outcome else { return }
            let destination = try! run.destinationsFromFiles()
            let checker = RuleChecker(county: run.dataset.county, policy: run.dataset.policy, destination: destination)
            let report = try! Page(run.out.appendingPathComponent("report.html"))
            for level in TeachingLevel.allCases {
                for indicator in Indicator.allCases {
                    for after in [false, true] {
                        let shown = report.cell("data-cv", "\(level.rawValue)-\(indicator.rawValue)-\(after ? "after" : "before")")
                        let counted = RuleChecker.countedSchools(run.dataset.county, run.dataset.policy, level)
                        if counted == 0 { #expect(shown == nil); continue }
                        let mine = checker.cv(level: level, indicator: indicator, after: after)
                        #expect(shown == (mine.map { String(format: "%.3f", $0) } ?? "—"), "seed \(seed) \(level) \(indicator)")
                    }
                }
            }
            #expect(report.cell("data-figure", "movers") == String(destination.count { id, to in
                run.dataset.county.teacher(id)!.schoolID != to }))
            #expect(report.cell("data-figure", "unmet_after").map { Double($0) } == checker.unmetNeed(after: true)
                    || checker.unmetNeed(after: true) == 0)
            let transfers = try! ReportTests.transfers(run.out)
            for school in run.dataset.county.schools {
                let page = try! Page(run.out.appendingPathComponent("schools/" + HTMLReport.fileName(for: school.id)))
                let arrivals = page.rows("arriving").map { [$0[0], $0[1], $0[5]] }.sorted { $0.lexicographicallyPrecedes($1) }
                let expected = transfers.filter { $0["to_school_id"] == school.id }
                    .map { [$0["teacher_name"]!, $0["subject"]!, $0["from_school_name"]!] }.sorted { $0.lexicographicallyPrecedes($1) }
                #expect(arrivals == expected, "seed \(seed) arrivals at \(school.id)")
                let departures = page.rows("leaving").map { [$0[0], $0[1], $0[5]] }.sorted { $0.lexicographicallyPrecedes($1) }
                let leaving = transfers.filter { $0["from_school_id"] == school.id }
                    .map { [$0["teacher_name"]!, $0["subject"]!, $0["to_school_name"]!] }.sorted { $0.lexicographicallyPrecedes($1) }
                #expect(departures == leaving, "seed \(seed) departures from \(school.id)")
                #expect(page.cell("data-duty", "sent") == String(leaving.count))
                #expect(page.cell("data-duty", "received") == String(expected.count))
            }
        }
        #expect(tally.plans >= 5)
    }

    @Test("no exemption reason and no personal data beyond the allowed fields reach any page; markup in names is text")
    func privacyAndEscaping() throws {
        var (county, policy) = RandomCounty.make(seed: 4242, schools: 4...4, teachers: 40...40, locks: false)
        var teachers = county.teachers
        for i in teachers.indices where i % 5 == 0 { teachers[i].exemption = Exemption.allCases[(i / 5) % 4] }
        teachers[1].name = "<script>alert('x')</script>"
        teachers[1].yearsAtSchool = 12
        teachers[1].exemption = nil
        // Locked to move, so that the name shows on two school pages.
        if let to = county.schools.first(where: { $0.id != teachers[1].schoolID && $0.level.admits(teachers[1].level) }) {
            teachers[1].lock = .moveTo(schoolID: to.id)
        }
        teachers[2].name = "王 \"小\" & 红"
        var schools = county.schools
        schools[0].name = "<b>第一</b>小学"
        county = County(schools: schools, teachers: teachers, needs: county.needs)
        policy.rotationRate = Rate(numerator: 3, denominator: 10)
        policy.maxTurnover = Rate(numerator: 5, denominator: 10)
        policy.maxCommuteKm = 80
        let scratch = Scratch()
        let run = try PlannedRun(county, policy, in: scratch)
        guard case .plan = run.outcome else { Issue.record("the test county must have a plan: \(run.outcome)"); return }
        let pages = try ReportTests.pages(run.out)
        #expect(pages.count == 2 + county.schools.count)
        let forbidden = Exemption.allCases.map(\.rawValue) + ["exempt", "partner", "birth", "home_lat", "preferences"]
        for (name, html) in pages {
            let lower = html.lowercased()
            for word in forbidden { #expect(!lower.contains(word), "\(word) on \(name)") }
            #expect(!html.contains("<script"), "a script tag on \(name)")
            #expect(!html.contains("<b>第一</b>"), "unescaped markup on \(name)")
            for t in county.teachers where html.contains(t.name.replacingOccurrences(of: "<", with: "&lt;")) {
                #expect(!html.contains(String(t.birthYear)) || name == "report.html" || name == "index.html",
                        "birth year of \(t.id) on \(name)")
            }
        }
        let all = pages.map(\.1).joined()
        #expect(all.contains("&lt;b&gt;第一&lt;/b&gt;小学"))
        #expect(teachers[1].lock != nil)
        #expect(all.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
    }

    @Test("pages open in a real headless browser: not blank, no script error, every school page renders")
    func browserRendersThePages() throws {
        guard let browser = Browser.find() else {
            Issue.record("no chromium on this machine: run `sh .ci/setup`, which installs it")
            return
        }
        let scratch = Scratch()
        let (county, policy) = RandomCounty.make(seed: 99, schools: 6...6, teachers: 60...60, locks: false)
        let run = try PlannedRun(county, policy, in: scratch)
        guard case .plan = run.outcome else { Issue.record("the test county must have a plan"); return }
        // A blank page's screenshot, as the floor a real page must clear.
        let blank = scratch.path("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blank, atomically: true, encoding: .utf8)
        let blankShot = try browser.screenshot(blank, to: scratch.path("blank.png"))
        for page in ["report.html", "index.html", "schools/" + HTMLReport.fileName(for: county.schools[0].id)] {
            let url = run.out.appendingPathComponent(page)
            let shot = try browser.screenshot(url, to: scratch.path(page.replacingOccurrences(of: "/", with: "_") + ".png"))
            #expect(shot.png.count > 3 * blankShot.png.count, "\(page) looks blank: \(shot.png.count) bytes vs \(blankShot.png.count)")
            #expect(shot.png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(page): not a PNG")
            #expect(!shot.log.contains("Uncaught"), "\(page): script error\n\(shot.log)")
            let dom = try browser.dumpDOM(url)
            #expect(dom.contains("<h1>"), "\(page): no heading in the rendered page")
        }
    }
}

/// Debian's chromium, headless.
struct Browser {
    let path: String

    static func find() -> Browser? {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return Browser(path: p) }
            }
        }
        return nil
    }

    private func run(_ arguments: [String]) throws -> (out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--enable-logging=stderr", "--v=0"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func screenshot(_ page: URL, to png: URL) throws -> (png: Data, log: String) {
        let r = try run(["--window-size=1000,1400", "--screenshot=\(png.path)", page.absoluteString])
        return ((try? Data(contentsOf: png)) ?? Data(), r.err)
    }

    func dumpDOM(_ page: URL) throws -> String { try run(["--dump-dom", page.absoluteString]).out }
}

@Suite("The public list (可交流人员公示)")
struct EligibilityListTests {
    @Test("every teacher, school by school, eligible exactly as an inspector counts; no private exemption reason")
    func publicList() throws {
        let (county, policy) = RandomCounty.make(seed: 42, teachers: 40...60)
        var exempt = county.teachers
        for k in exempt.indices where k % 7 == 0 { exempt[k].exemption = [.illness, .pregnancy, .other, .retiring][k % 4] }
        let c = County(schools: county.schools, teachers: exempt, needs: county.needs)
        let text = EligibilityList.csv(c, policy)
        let reader = try CSVReader(string: String(text.dropFirst()), hasHeaderRow: true)
        let header = reader.headerRow!
        var seen: [String] = []
        let checker = RuleChecker(county: c, policy: policy, destination: [:])
        while let row = reader.next() {
            let cell = Dictionary(uniqueKeysWithValues: zip(header, row))
            let teacher = c.teacher(cell["teacher_id"]!)!
            seen.append(teacher.id)
            #expect(cell["eligible"] == String(checker.eligible(teacher)), "\(teacher.id)")
            #expect(["eligible", "tenure", "retirement", "lock", "exempt"].contains(cell["reason"]!))
            for code in ["illness", "pregnancy", "retiring", "other"] { #expect(!cell["public_reason"]!.contains(code)) }
            if teacher.exemption != nil { #expect(cell["public_reason"] == "免于交流（个人原因）") }
        }
        #expect(Set(seen) == Set(c.teachers.map(\.id)) && seen.count == c.teachers.count)
        let order = seen.map { id in c.schools.firstIndex { $0.id == c.teacher(id)!.schoolID }! }
        #expect(order == order.sorted())
    }
}
