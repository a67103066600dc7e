import CountyData
import Foundation
import Ledger
import OutputFiles
import PlanReports
import PropertyBased
import RotationModel
import RotationPlanner
import Testing
import YearCycle

/// R9, terms (支教/交流): returners go home and are not exchange movers; mid-term teachers stay; new moves become
/// terms by the policy; adopting a plan writes next year's county and the ledger; years simulate.
@Suite("R9 terms, adopting a plan, the ledger and simulating years")
struct R9TermsTests {
    /// Schools A and B; two teachers of A on terms at B (one ended, one not), one of them kept by a lock.
    static func county(kept: Bool = false) -> County {
        var teachers = Tiny.teachers(4, at: "A") + Tiny.teachers(4, at: "B", from: 10)
        teachers[4].homeSchoolID = "A"; teachers[4].termEndYear = 2026          // ended: returns to A
        teachers[5].homeSchoolID = "A"; teachers[5].termEndYear = 2028          // mid-term: stays at B
        if kept { teachers[4].lock = .stay }
        return County(schools: [Tiny.school("A"), Tiny.school("B", km: 3)], teachers: teachers, needs: [])
    }

    @Test("the term columns: both or neither, a home school that exists and takes the teacher's level")
    func termColumns() {
        let schools = "id,name,level,area,strength,students,lat,lon\nA,甲小学,primary,town,ordinary,400,30,117\nB,乙小学,primary,town,ordinary,400,30.02,117\nJ,丙中学,junior,town,ordinary,400,30.01,117\n"
        func teachers(_ home: String, _ end: String) -> String {
            "id,name,gender,birth_year,school_id,subject,degree,years_at_school,home_school_id,term_end_year\nT1,王芳,F,1985,B,数学,bachelor,2,\(home),\(end)\n"
        }
        let ok = DatasetReader.read(schools: schools, teachers: teachers("A", "2026"), needs: nil)
        #expect(ok.issues.errors.isEmpty && ok.county?.teachers[0].onTerm == true && ok.county?.teachers[0].termEndYear == 2026)
        let chinese = DatasetReader.read(schools: schools, teachers: teachers("A", "2026").replacingOccurrences(of: "home_school_id,term_end_year", with: "人事关系学校,交流期满学年"), needs: nil)
        #expect(chinese.issues.errors.isEmpty && chinese.county?.teachers[0].homeSchoolID == "A")
        for (home, end, column) in [("A", "", "term_end_year"), ("", "2027", "home_school_id"), ("Z", "2027", "home_school_id"), ("J", "2027", "home_school_id")] {
            let r = DatasetReader.read(schools: schools, teachers: teachers(home, end), needs: nil)
            #expect(r.issues.errors.contains { $0.column == column && $0.line == 2 && $0.chinese != nil }, "\(home) \(end): \(r.issues.errors)")
        }
    }

    @Test("a returner goes home, is not a mover and not eligible; a mid-term teacher stays; lock: stay extends the term")
    func returners() throws {
        var policy = Tiny.permissive
        policy.rotationRate = Rate(decimal: "0.5")!
        guard case .plan(let plan) = Planner.glpk.plan(county: Self.county(), policy: policy) else { Issue.record("no plan"); return }
        let d = plan.destinationIDs
        #expect(d["B-10"] == "A", "the returner goes home")
        #expect(d["B-11"] == "B", "the mid-term teacher stays")
        #expect(plan.returners.map { plan.county.teachers[$0].id } == ["B-10"])
        #expect(!plan.movers.contains(plan.county.teacherIndex["B-10"]!))
        #expect(plan.kind(plan.county.teacherIndex["B-10"]!) == .return)
        #expect(plan.candidates.eligibility[plan.county.teacherIndex["B-11"]!] == .midTerm)
        // R3 at B counts the eligible teachers without the two on terms (2 of 4): ⌈0.5 × 2⌉ = 1 leaves besides the returner.
        #expect(plan.candidates.duties[1].eligible == 2 && plan.leavers[1] >= 1)
        #expect(RuleChecker(county: plan.county, policy: policy, destination: d).violations().isEmpty)
        #expect(plan.reasons(for: plan.county.teacherIndex["B-10"]!).contains { $0.en.contains("term ended") })

        guard case .plan(let kept) = Planner.glpk.plan(county: Self.county(kept: true), policy: policy) else { Issue.record("no plan"); return }
        #expect(kept.destinationIDs["B-10"] == "B" && kept.returners.isEmpty && kept.extendedTerms.count == 1)

        // The office sending a teacher on a term home (a lock to the home school) is the return, not a new move.
        var teachers = Self.county().teachers
        teachers[5].lock = .moveTo(schoolID: "A")
        let sentHome = County(schools: Self.county().schools, teachers: teachers, needs: [])
        guard case .plan(let home) = Planner.glpk.plan(county: sentHome, policy: policy) else { Issue.record("no plan"); return }
        #expect(Set(home.returners.map { home.county.teachers[$0].id }) == ["B-10", "B-11"])
        #expect(home.kind(home.county.teacherIndex["B-11"]!) == .return && !home.movers.contains(home.county.teacherIndex["B-11"]!))
        #expect(home.inspector.violations().isEmpty, "\(home.inspector.violations())")
    }

    @Test("schools.csv gives the returners out and in beside the exchange, so that R6 can be checked from the file")
    func returnersInSchoolsFile() throws {
        var policy = Tiny.permissive
        policy.rotationRate = Rate(decimal: "0.5")!
        let scratch = Scratch()
        let run = try PlannedRun(Self.county(), policy, in: scratch)
        guard case .plan = run.outcome else { Issue.record("no plan"); return }
        let rows = try WorkbookOutputTests.csvRows(run.out.appendingPathComponent(PlanFiles.schools))
        #expect(rows.first { $0["school_id"] == "B" }?["returners_out"] == "1" && rows.first { $0["school_id"] == "A" }?["returners_in"] == "1")
    }

    @Test("R6 counts returners: a host whose returners fill its cap sends no exchange mover; beyond the cap the precheck says so")
    func turnoverCountsReturners() throws {
        var policy = Tiny.permissive
        policy.maxTurnover = Rate(decimal: "0.25")!        // cap max(1, ⌊0.25 × 4⌋) = 1 at each school
        guard case .plan(let plan) = Planner.glpk.plan(county: Self.county(), policy: policy) else { Issue.record("no plan"); return }
        #expect(plan.leavers[1] == 0, "B's one departure is its returner")
        #expect(RuleChecker(county: plan.county, policy: policy, destination: plan.destinationIDs).violations().isEmpty)
        var crowded = Self.county().teachers
        crowded[6].homeSchoolID = "A"; crowded[6].termEndYear = 2025
        let county = County(schools: Self.county().schools, teachers: crowded, needs: [])
        guard case .cannotMeet(let d) = Planner.glpk.plan(county: county, policy: policy) else { Issue.record("expected the cap to bite"); return }
        #expect(d.findings.contains { $0.rules.contains(.R9) && $0.message.contains("end of their terms") })
        // A quota above the room the returners leave under the cap: a diagnosis, not a malformed program.
        var quota = policy
        quota.rotationRate = Rate(decimal: "0.5")!
        guard case .cannotMeet(let q) = Planner.glpk.plan(county: Self.county(), policy: quota) else { Issue.record("expected the quota to bite"); return }
        #expect(q.findings.contains { $0.rules == [.R3, .R6, .R9] && $0.schoolID == "B" }, "\(q.findings.map(\.message))")
        var relaxed = quota
        relaxed.everySchoolSends = false
        relaxed.rotationRate = Rate(numerator: 0, denominator: 1)
        if case .plan = Planner.glpk.plan(county: Self.county(), policy: relaxed) {} else { Issue.record("without the quota there is a plan") }
    }

    @Test("term_years makes new moves terms ending year + term_years − 1; term_moves: backbone keeps the others transfers")
    func newTerms() throws {
        var policy = Tiny.permissive
        policy.rotationRate = Rate(decimal: "0.5")!
        policy.termYears = 3
        let teachers = Tiny.teachers(2, at: "A", backbone: .county) + Tiny.teachers(2, at: "A", from: 5) + Tiny.teachers(4, at: "B", from: 10)
        let county = County(schools: [Tiny.school("A"), Tiny.school("B", km: 3)], teachers: teachers, needs: [])
        guard case .plan(let plan) = Planner.glpk.plan(county: county, policy: policy) else { Issue.record("no plan"); return }
        #expect(!plan.movers.isEmpty && plan.movers.allSatisfy { plan.kind($0) == .term && plan.termEndYear($0) == 2029 })
        policy.termMoves = "backbone"
        guard case .plan(let some) = Planner.glpk.plan(county: county, policy: policy) else { Issue.record("no plan"); return }
        for t in some.movers {
            #expect(some.kind(t) == (county.teachers[t].backbone.isBackbone ? .term : .transfer))
        }
        let scratch = Scratch()
        try PlanFiles.output(plan, to: scratch.path("p"), pages: false).commit()
        let rows = try WorkbookOutputTests.csvRows(scratch.path("p").appendingPathComponent(PlanFiles.transfers))
        #expect(rows.allSatisfy { $0["kind"] == "term" && $0["term_end_year"] == "2029" })
    }

    @Test("random counties with terms: every plan keeps every rule, R9 included, as the inspector counts")
    func randomCounties() async throws {
        await inspectRandomCounties(count: 160, terms: true) { seed, _, policy in
            policy.everySchoolReceives = seed % 2 == 0
            if seed % 3 == 0 { policy.termYears = 1 + seed % 3 }
        }
    }

    @Test("adopt writes next year's county, which reads without errors; the ledger refuses a year twice; history lists the moves")
    func adoptAndLedger() throws {
        let scratch = Scratch()
        var policy = Policy()
        policy.termYears = 2
        policy.termMoves = "backbone"
        let county = CountyGenerator(schools: 10, teachers: 300, seed: 4).generate()
        let run = try PlannedRun(county, policy, in: scratch, name: "c")
        guard case .plan(let plan) = run.outcome else { Issue.record("no plan"); return }
        let folder = try PlanFolder(run.out, county: run.dataset.county)
        #expect(folder.year == 2027 && folder.moves.count == plan.movers.count)
        let next = Adoption.nextYear(county: run.dataset.county, policy: run.dataset.policy, moves: folder.moves)
        try CountyWriter.write(next.county, policy: next.policy, to: scratch.path("next"))
        let read = DatasetReader.read(folder: scratch.path("next"))
        #expect(read.issues.errors.isEmpty, "\(read.issues.errors.prefix(3))")
        let nextCounty = try #require(read.county)
        #expect(read.policy?.year == 2028)
        for m in folder.moves {
            let t = nextCounty.teachers[nextCounty.teacherIndex[m.teacherID]!]
            #expect(t.schoolID == m.toSchoolID && t.yearsAtSchool == 0 && t.lock == nil)
            if m.kind == .term { #expect(t.homeSchoolID == m.fromSchoolID && t.termEndYear == 2028) }
            if m.kind == .transfer { #expect(t.leftSchoolID == m.fromSchoolID && t.leftYear == 2027 && t.homeSchoolID == nil) }
        }
        // The plan folder keeps the policy it was made with (what adopt carries on), and a county's folder is never
        // replaced by a result.
        #expect(try String(contentsOf: run.out.appendingPathComponent(PlanFiles.policyFile), encoding: .utf8).contains("term_years: 2"))
        #expect(throws: OutputDirectory.Failure.self) { try PlanFiles.output(plan, to: scratch.path("next"), pages: false).commit() }
        let stayer = county.teachers.first { t in !folder.moves.contains { $0.teacherID == t.id } }!
        #expect(nextCounty.teachers[nextCounty.teacherIndex[stayer.id]!].yearsAtSchool == stayer.yearsAtSchool + 1)

        let book = try Ledger(path: scratch.path("ledger.sqlite").path)
        let record = Adoption.ledgerRecord(county: run.dataset.county, policy: run.dataset.policy, moves: folder.moves, status: "optimal",
                                           countyHash: "c", policyHash: "p")
        try book.adopt(record.plan, moves: record.moves, service: record.service)
        #expect(throws: Ledger.Failure.alreadyAdopted(year: 2027, countyHash: "c")) {
            try book.adopt(record.plan, moves: record.moves, service: record.service)
        }
        #expect(try book.plans().count == 1 && book.moves(teacher: folder.moves[0].teacherID).count == 1)
        // Next year the ledger's schools left are the no-return rule's too.
        let withPast = try Adoption.withPastSchools(nextCounty, from: book)
        let m = folder.moves[0]
        #expect(withPast.teachers[withPast.teacherIndex[m.teacherID]!].pastSchools == [PastSchool(schoolID: m.fromSchoolID, year: 2027)])
    }

    @Test("a five-year simulation with one-year terms and hires: every year's plan keeps every rule; the same input gives the same years")
    func simulation() throws {
        let county = CountyGenerator(schools: 10, teachers: 300, seed: 4).generate()
        var policy = Policy()
        policy.termYears = 1
        policy.maxTurnover = Rate(decimal: "0.3")!
        // Backbone teachers who went on terms come home ineligible for tenure_years: a share of them cannot be asked every year.
        policy.backboneShare = Rate(numerator: 0, denominator: 1)
        func simulate() throws -> ([SimulationYear], Int) {
            let scratch = Scratch()
            var out = OutputDirectory(scratch.path("sim"))
            var inspected = 0
            let rows = try Simulation(planner: .glpk, hires: true).run(
                county: county, policy: policy, years: 5, ledger: try Ledger(path: scratch.path("l.sqlite").path), language: .zh,
                output: &out, inspect: { c, p, plan in
                    inspected += 1
                    let v = RuleChecker(county: c, policy: p, destination: plan.destinationIDs).violations()
                    #expect(v.isEmpty, "\(p.year): \(v)")
                })
            #expect(out.fileNames.contains("2027/county/teachers.csv") && out.fileNames.contains("2031/county/policy.yaml"))
            return (rows, inspected)
        }
        let (rows, inspected) = try simulate()
        #expect(rows.count == 5 && inspected == 5, "\(rows.map { "\($0.year) \($0.status) \($0.problem ?? "")" })")
        #expect(rows.dropFirst().contains { $0.returners > 0 }, "one-year terms end: teachers come home the next year")
        #expect(try simulate().0 == rows)
        #expect(Simulation.csv(rows).split(separator: "\n").count == 6)
    }
}
