import CountyData
import Foundation
import PlanReports
import RotationModel
import RotationPlanner
import Testing
import YearCycle

/// R13, learners (跟岗学习): weak schools send learners to strong schools for a year; counted nowhere that year.
@Suite("R13 learners")
struct R13LearnersTests {
    /// A weak school W with four young teachers and two older backbone ones; a strong school S; an ordinary O.
    static func county(marked: Set<String> = []) -> County {
        var w = Tiny.teachers(6, at: "W")
        for i in 0..<4 { w[i].birthYear = 1995; w[i].yearsAtSchool = 4 }
        w[4].backbone = .county; w[5].backbone = .county
        for i in w.indices where marked.contains(w[i].id) { w[i].learner = true }
        let teachers = w + Tiny.teachers(4, at: "S", from: 10) + Tiny.teachers(4, at: "O", from: 20)
        return County(schools: [Tiny.school("W", strength: .weak), Tiny.school("S", km: 3, strength: .strong), Tiny.school("O", km: 2)],
                      teachers: teachers, needs: [SubjectNeed(schoolID: "W", subject: "数学", required: 6)])
    }

    @Test("each weak school sends learners_per_weak_school learners to a strong school; they count at neither school and are not movers")
    func learners() throws {
        var policy = Tiny.permissive
        policy.learnersPerWeakSchool = 2
        guard case .plan(let plan) = Planner.glpk.plan(county: Self.county(), policy: policy) else { Issue.record("no plan"); return }
        #expect(plan.learners.count == 2 && plan.learners.values.allSatisfy { plan.county.schools[$0].id == "S" })
        #expect(plan.learners.keys.allSatisfy { plan.county.teachers[$0].birthYear == 1995 && plan.kind($0) == .learner && plan.termEndYear($0) == 2027 })
        #expect(plan.movers.allSatisfy { plan.learners[$0] == nil })
        // Away this year: counted at neither school.
        #expect(plan.after.schools[0].staff == 6 - plan.leavers[0] + plan.arrivals[0] - 2)
        #expect(plan.after.schools[1].staff == 4 - plan.leavers[1] + plan.arrivals[1])
        #expect(plan.inspector.violations().isEmpty, "\(plan.inspector.violations())")

        // Nominated teachers only, when someone is marked: one learner is all W has.
        guard case .plan(let one) = Planner.glpk.plan(county: Self.county(marked: ["W-4"]), policy: policy) else { Issue.record("no plan"); return }
        #expect(one.learners.keys.map { one.county.teachers[$0].id } == ["W-4"])
        #expect(one.inspector.violations().isEmpty)
    }

    @Test("the written plan lists learners with kind learner; adopting it puts them at the host for the year, and the next plan brings them home")
    func filesAndNextYear() throws {
        var policy = Tiny.permissive
        policy.learnersPerWeakSchool = 1
        let scratch = Scratch()
        let run = try PlannedRun(Self.county(), policy, in: scratch)
        guard case .plan(let plan) = run.outcome else { Issue.record("no plan"); return }
        let rows = try WorkbookOutputTests.csvRows(run.out.appendingPathComponent(PlanFiles.transfers)).filter { $0["kind"] == "learner" }
        #expect(rows.count == 1 && rows[0]["to_school_id"] == "S" && rows[0]["term_end_year"] == "2027" && rows[0]["reasons"]!.contains("learns"))
        let folder = try PlanFolder(run.out, county: run.dataset.county)
        let next = Adoption.nextYear(county: run.dataset.county, policy: run.dataset.policy, moves: folder.moves)
        let id = rows[0]["teacher_id"]!
        let learner = next.county.teachers.first { $0.id == id }!
        #expect(learner.schoolID == "S" && learner.homeSchoolID == "W" && learner.termEndYear == 2027)
        var nextPolicy = next.policy
        nextPolicy.learnersPerWeakSchool = 0
        guard case .plan(let back) = Planner.glpk.plan(county: next.county, policy: nextPolicy) else { Issue.record("no plan next year"); return }
        #expect(back.returners.map { back.county.teachers[$0].id } == [id])
        _ = plan
    }

    @Test("random counties with learners: every plan keeps every rule as the inspector counts")
    func randomCounties() async {
        await inspectRandomCounties(count: 160) { seed, county, policy in
            var schools = county.schools
            if schools.count >= 3 { schools[0].strength = .weak; schools[2].strength = .strong }
            var teachers = county.teachers
            for i in teachers.indices where i % 3 == 0 { teachers[i].birthYear = 1996; teachers[i].backbone = .none; teachers[i].yearsAtSchool = max(3, teachers[i].yearsAtSchool) }
            county = County(schools: schools, teachers: teachers, needs: county.needs, objections: county.objections)
            policy.everySchoolReceives = false
            policy.learnersPerWeakSchool = 1 + seed % 2
        }
    }
}
