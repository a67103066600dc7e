import CountyData
import Foundation
import PlanReports
import PolicyWhatIf
import PropertyBased
import RotationModel
import RotationPlanner
import Testing

/// Re-planning after objections (`--previous`): the fewest changed destinations, checked against every legal
/// plan of tiny counties, and the files that list each change with its cause.
@Suite("Re-planning after objections keeps the previous plan as far as the rules allow")
struct ReplanTests {
    static func previous(_ plan: Plan) -> PreviousPlan {
        PreviousPlan(destinations: Dictionary(uniqueKeysWithValues: plan.movers.map {
            (plan.county.teachers[$0].id, plan.county.schools[plan.destination[$0]].id)
        }))
    }

    /// The county with accepted objections: each teacher's request replaces their lock, as the reader does.
    static func objecting(_ county: County, _ requests: [(String, Lock)]) -> County {
        var teachers = county.teachers
        for (id, lock) in requests { teachers[county.teacherIndex[id]!].lock = lock }
        return County(schools: county.schools, teachers: teachers, needs: county.needs,
                      objections: county.objections + requests.map { Objection(teacherID: $0.0, request: $0.1, decision: .accepted, note: nil) })
    }

    @Test("on tiny counties: the re-plan keeps every rule and changes exactly the fewest destinations any legal plan must")
    func fewestAgainstEnumeration() async throws {
        let tally = Tally(), compared = Tally()
        await propertyCheck(count: 400, input: Gen.int(in: 1...1_000_000)) { seed in
            let (random, policyMade) = RandomCounty.make(seed: UInt64(seed), schools: 4...4, teachers: 7...9)
            var policy = policyMade
            let county = County(schools: random.schools, teachers: random.teachers.map { var t = $0; t.lock = nil; return t }, needs: random.needs)
            policy.tenureYears = 5
            policy.maxCommuteKm = 500
            policy.maxTurnover = Rate(numerator: 5, denominator: 10)
            policy.everySchoolReceives = seed % 4 == 0
            policy.everySchoolSends = seed % 3 == 0
            if seed % 2 == 0 { policy.backboneShare = Rate(numerator: 0, denominator: 1) }
            let firstOutcome = Planner.glpk.plan(county: county, policy: policy)
            guard case .plan(let first) = firstOutcome, !first.movers.isEmpty else { return }
            // One mover objects: to staying, or (odd seeds) to the school the plan sends them to.
            let t = first.movers[seed % first.movers.count]
            let id = county.teachers[t].id, sentTo = county.schools[first.destination[t]].id
            let objected = Self.objecting(county, [(id, seed % 2 == 0 ? .stay : .notTo([sentTo]))])
            let outcome = Planner.glpk.plan(county: objected, policy: policy, previous: Self.previous(first))
            tally.add(outcome)

            let before = first.destinationIDs
            let checker = RuleChecker(county: objected, policy: policy, destination: [:])
            let movable = objected.teachers.filter { checker.eligible($0) }
            var legal: [[String: String]] = []
            var d = Dictionary(uniqueKeysWithValues: objected.teachers.map { ($0.id, $0.schoolID) })
            func visit(_ k: Int) {
                if k == movable.count {
                    if RuleChecker(county: objected, policy: policy, destination: d).violations().isEmpty { legal.append(d) }
                    return
                }
                for s in objected.schools.map(\.id) { d[movable[k].id] = s; visit(k + 1) }
            }
            visit(0)
            func changes(_ x: [String: String]) -> Int { x.count { before[$0.key] != $0.value } }
            guard case .plan(let plan) = outcome, let s = plan.stability else {
                if case .cannotMeet = outcome { #expect(legal.isEmpty, "seed \(seed): said it cannot be met, but a legal plan exists") }
                return
            }
            let after = plan.destinationIDs
            #expect(RuleChecker(county: objected, policy: policy, destination: after).violations().isEmpty, "seed \(seed): a rule is broken")
            #expect(changes(after) == s.changes, "seed \(seed): \(changes(after)) destinations differ, the plan says \(s.changes)")
            #expect(Set(plan.changesFromPrevious().map { objected.teachers[$0.teacher].id }) == Set(after.filter { before[$0.key] != $0.value }.keys))
            #expect(plan.changesFromPrevious().contains { objected.teachers[$0.teacher].id == id && $0.why.en.contains("objection") })
            if s.proven {
                compared.add(outcome)
                #expect(s.changes == legal.map(changes).min(), "seed \(seed): \(s.changes) changes, the fewest legal \(legal.map(changes).min() ?? -1)")
            }
            #expect(s.freshUnmetNeed != nil && plan.after.unmetNeed >= s.freshUnmetNeed!, "seed \(seed): less unmet need than the proven least")
        }
        #expect(compared.plans >= 20, "re-plans compared with the enumeration: \(compared.plans) of \(tally.plans), cannot meet \(tally.cannotMeet)")
    }

    @Test("a re-plan without objections changes nothing; with them, the files list every change and its cause")
    func filesAndNoChange() throws {
        let scratch = Scratch()
        let county = CountyGenerator(schools: 10, teachers: 300, seed: 4).generate()
        let run = try PlannedRun(county, Policy(), in: scratch, name: "v1")
        guard case .plan(let first) = run.outcome else { Issue.record("no plan"); return }
        let previous = try PlanDiff.previousPlan(run.out)
        #expect(previous == Self.previous(first))
        guard case .plan(let same) = Planner.glpk.plan(county: run.dataset.county, policy: run.dataset.policy, previous: previous) else {
            Issue.record("no re-plan"); return
        }
        #expect(same.stability?.changes == 0 && same.destination == first.destination)

        let movers = first.movers.prefix(2).map { county.teachers[$0].id }
        let objected = Self.objecting(run.dataset.county, movers.map { ($0, Lock.stay) })
        guard case .plan(let plan) = Planner.glpk.plan(county: objected, policy: run.dataset.policy, previous: previous) else {
            Issue.record("no re-plan"); return
        }
        let out = scratch.path("v2")
        try PlanFiles.output(plan, to: out, pages: false).commit()
        let rows = try WorkbookOutputTests.csvRows(out.appendingPathComponent(PlanFiles.changes))
        let changed = county.teachers.indices.filter { plan.destination[$0] != first.destination[$0] }.map { county.teachers[$0].id }
        #expect(Set(rows.map { $0["teacher_id"]! }) == Set(changed))
        #expect(rows.count == plan.stability!.changes && rows.count >= 2)
        for id in movers { #expect(rows.first { $0["teacher_id"] == id }?["why"]?.contains("objection was accepted (stay)") == true) }
        #expect(rows.allSatisfy { !($0["why"] ?? "").isEmpty })
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(PlanFiles.summary))) as! [String: Any]
        let replan = try #require(summary["replan"] as? [String: Any])
        #expect(replan["changes"] as? Int == rows.count && replan["changes_proven"] as? Bool == true)
        #expect((replan["stability_cost_unmet_need"] as? Int).map { Tenths($0) } == plan.after.unmetNeed - Tenths(replan["unmet_need_fresh"] as! Int))
        // A plan made without --previous has no replan block and no changes.csv.
        let firstSummary = try JSONSerialization.jsonObject(with: Data(contentsOf: run.out.appendingPathComponent(PlanFiles.summary))) as? [String: Any]
        #expect(firstSummary?["replan"] == nil && firstSummary?["movers"] != nil)
        #expect(!FileManager.default.fileExists(atPath: run.out.appendingPathComponent(PlanFiles.changes).path))
    }
}
