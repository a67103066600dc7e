import CountyData
import PlanReports
import Foundation
import PropertyBased
import RotationModel
import RotationPlanner
import Testing

/// R10 (school groups) and R11 (paired schools), checked on the plan by the independent inspector.
@Suite("R10 school groups and R11 paired schools")
struct R10R11GroupsPairsTests {
    /// Four schools in two groups, A and B in 东, C and D in 西; every teacher eligible.
    static func county(pairs: [SchoolPair] = []) -> County {
        var schools = [Tiny.school("A"), Tiny.school("B", km: 2), Tiny.school("C", km: 4), Tiny.school("D", km: 6)]
        for i in 0..<4 { schools[i].group = i < 2 ? "东" : "西" }
        let teachers = ["A", "B", "C", "D"].enumerated().flatMap { k, s in Tiny.teachers(4, at: s, from: 10 * k) }
        return County(schools: schools, teachers: teachers, needs: [], pairs: pairs)
    }

    @Test("exchange_scope: group keeps every move inside its group; a lock may cross; explain says why not")
    func scope() throws {
        var policy = Tiny.permissive
        policy.rotationRate = Rate(decimal: "0.5")!
        policy.exchangeScope = "group"
        guard case .plan(let plan) = Planner.glpk.plan(county: Self.county(), policy: policy) else { Issue.record("no plan"); return }
        #expect(plan.movers.count >= 8)
        for t in plan.movers {
            #expect(plan.county.schools[plan.destination[t]].group == plan.county.schools[plan.candidates.current[t]].group)
        }
        #expect(RuleChecker(county: plan.county, policy: policy, destination: plan.destinationIDs).violations().isEmpty)
        let why = plan.candidates.breaks(teacher: 0, to: 2)
        #expect(why.contains { $0.rule == .R10 && $0.why.zh.contains("另一个学区") })

        // A school alone in its group cannot send anybody: the finding names R10 and says how to mend it.
        var schools = Self.county().schools
        schools[3].group = "北"
        let alone = County(schools: schools, teachers: Self.county().teachers, needs: [])
        guard case .cannotMeet(let d) = Planner.glpk.plan(county: alone, policy: policy) else { Issue.record("D cannot send"); return }
        let finding = try #require(d.findings.first { $0.schoolID == "D" && $0.rules.first == .R3 })
        #expect(finding.rules.contains(.R10) && finding.message.contains("R2 and R10") && finding.remedy.contains("exchange_scope: county"))
    }

    @Test("group_rotation_rate asks a share of each group's eligible teachers besides the schools' quotas")
    func groupQuota() throws {
        var policy = Tiny.permissive
        policy.groupRotationRate = Rate(decimal: "0.5")!     // 8 eligible in each group: at least 4 leave its schools
        guard case .plan(let plan) = Planner.glpk.plan(county: Self.county(), policy: policy) else { Issue.record("no plan"); return }
        let east = plan.movers.count { plan.county.schools[plan.candidates.current[$0]].group == "东" }
        let west = plan.movers.count { plan.county.schools[plan.candidates.current[$0]].group == "西" }
        #expect(east >= 4 && west >= 4)
        #expect(RuleChecker(county: plan.county, policy: policy, destination: plan.destinationIDs).violations().isEmpty)
        #expect(plan.movers.allSatisfy { t in plan.reasons(for: t).contains { $0.en.contains("group quota") } })
    }

    @Test("the joint assessment: each group's movers out, in and within, counted from the written files; a workbook sheet and a report table")
    func groupFigures() throws {
        var policy = Tiny.permissive
        policy.rotationRate = Rate(decimal: "0.5")!
        let scratch = Scratch()
        let run = try PlannedRun(Self.county(), policy, in: scratch)
        guard case .plan = run.outcome else { Issue.record("no plan"); return }
        let summary = try run.summary()
        let groups = try #require(summary["groups"] as? [[String: Any]])
        let groupOf = ["A": "东", "B": "东", "C": "西", "D": "西"]
        let moves = try WorkbookOutputTests.csvRows(run.out.appendingPathComponent(PlanFiles.transfers))
        for g in groups {
            let name = g["group"] as! String
            let out = moves.count { groupOf[$0["from_school_id"]!] == name && groupOf[$0["to_school_id"]!] != name }
            let into = moves.count { groupOf[$0["from_school_id"]!] != name && groupOf[$0["to_school_id"]!] == name }
            let within = moves.count { groupOf[$0["from_school_id"]!] == name && groupOf[$0["to_school_id"]!] == name }
            #expect(g["movers_out"] as? Int == out && g["movers_in"] as? Int == into && g["moves_within"] as? Int == within, "\(name)")
        }
        #expect(groups.map { $0["group"] as! String } == ["东", "西"])
        #expect(try WorkbookOutputTests.sheet(run.out.appendingPathComponent(PlanWorkbook.file), "学区").count == 3)
        let report = try String(contentsOf: run.out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("data-group=\"东\"") && report.contains("学区（集团、联盟）联合评估"))
    }

    @Test("paired schools exchange pair_exchange each way; too far apart is found before solving, and pair_ignores_commute lifts it")
    func pairs() throws {
        var policy = Tiny.permissive
        policy.pairExchange = 2
        let county = Self.county(pairs: [SchoolPair("A", "D")])
        guard case .plan(let plan) = Planner.glpk.plan(county: county, policy: policy) else { Issue.record("no plan"); return }
        let d = plan.destinationIDs
        #expect(county.teachers.count { $0.schoolID == "A" && d[$0.id] == "D" } >= 2)
        #expect(county.teachers.count { $0.schoolID == "D" && d[$0.id] == "A" } >= 2)
        #expect(RuleChecker(county: county, policy: policy, destination: d).violations().isEmpty)
        #expect(plan.movers.contains { plan.reasons(for: $0).contains { $0.zh.hasPrefix("结对学校互派") } })

        policy.maxCommuteKm = 5            // A and D are 6 km apart
        guard case .cannotMeet(let diag) = Planner.glpk.plan(county: county, policy: policy) else { Issue.record("expected R11 to fail"); return }
        #expect(diag.findings.contains { $0.rules.first == .R11 && $0.message.contains("km apart") && $0.remedy.contains("pair_ignores_commute") })
        policy.pairIgnoresCommute = true
        guard case .plan(let far) = Planner.glpk.plan(county: county, policy: policy) else { Issue.record("no plan with pair_ignores_commute"); return }
        #expect(RuleChecker(county: county, policy: policy, destination: far.destinationIDs).violations().isEmpty)
    }

    @Test("random counties with groups and pairs: every plan keeps every rule as the inspector counts")
    func randomCounties() async throws {
        await inspectRandomCounties(count: 160) { seed, county, policy in
            var schools = county.schools
            for i in schools.indices { schools[i].group = seed % 2 == 0 ? (i % 2 == 0 ? "甲" : "乙") : nil }
            let primary = schools.filter { $0.level != .junior }
            let pairs = primary.count >= 2 ? [SchoolPair(primary[0].id, primary[1].id)] : []
            county = County(schools: schools, teachers: county.teachers, needs: county.needs, objections: county.objections, pairs: pairs)
            policy.everySchoolReceives = false
            if seed % 3 == 0 { policy.exchangeScope = "group" }
            if seed % 4 == 0 { policy.groupRotationRate = Rate(decimal: "0.2")! }
            if seed % 5 < 2 { policy.pairExchange = 1; policy.pairIgnoresCommute = seed % 2 == 0 }
        }
    }
}
