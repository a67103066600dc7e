import CountyData
import Foundation
import PropertyBased
import RotationModel
import RotationPlanner
import Testing

@Suite("The written plan keeps every hard rule")
struct PlannerPropertyTests {
    @Test("random small counties: every rule holds on transfers.csv, and summary.json agrees with an independent count")
    func randomCounties() async throws {
        let tally = Tally()
        await propertyCheck(count: 80, input: Gen.int(in: 1...1_000_000)) { seed in
            let (county, policy) = RandomCounty.make(seed: UInt64(seed))
            let scratch = Scratch()
            let run = try! PlannedRun(county, policy, in: scratch)
            tally.add(run.outcome)
            switch run.outcome {
            case .plan:
                let destination = try! run.destinationsFromFiles()
                let checker = RuleChecker(county: run.dataset.county, policy: run.dataset.policy, destination: destination)
                #expect(checker.violations() == [], "seed \(seed)")
                let summary = try! run.summary()
                let movers = destination.count { id, to in run.dataset.county.teacher(id)!.schoolID != to }
                #expect(summary["movers"] as? Int == movers)
                #expect((summary["unmet_need_before"] as? NSNumber)?.doubleValue == checker.unmetNeed(after: false))
                #expect((summary["unmet_need_after"] as? NSNumber)?.doubleValue == checker.unmetNeed(after: true))
                let indicators = summary["indicators"] as! [String: [String: [String: Any]]]
                for level in TeachingLevel.allCases {
                    for indicator in Indicator.allCases {
                        let written = indicators[level.rawValue]![indicator.rawValue]!["cv_after"] as? Double
                        let mine = checker.cv(level: level, indicator: indicator, after: true)
                        #expect((written == nil) == (mine == nil), "seed \(seed) \(level) \(indicator)")
                        if let written, let mine { #expect(abs(written - mine) < 1e-5, "seed \(seed)") }
                    }
                }
            case .cannotMeet(let diagnosis):
                #expect(!diagnosis.findings.isEmpty)
                #expect(diagnosis.findings.allSatisfy { !$0.message.isEmpty && !$0.remedy.isEmpty })
                let text = try! String(contentsOf: run.out.appendingPathComponent("diagnosis.txt"), encoding: .utf8)
                #expect(text.contains("政策无法满足"))   // diagnosis.txt follows --lang (Chinese by default)
            case .noPlan(let why):
                Issue.record("no plan within the limit on a tiny county (seed \(seed)): \(why)")
            }
        }
        // The property must be exercised on real plans, not only on rejected policies.
        #expect(tally.plans >= 10, "plans \(tally.plans), cannot meet \(tally.cannotMeet)")
        #expect(tally.cannotMeet >= 1)
    }

    @Test("tiny counties: the planner's optimum equals brute-force enumeration's")
    func bruteForce() async throws {
        let tally = Tally()
        await propertyCheck(count: 120, input: Gen.int(in: 1...1_000_000)) { seed in
            var (county, policy) = RandomCounty.make(seed: UInt64(seed), schools: 3...3, teachers: 6...9)
            policy.tenureYears = 5
            // Looser rules, so that most tiny counties have a plan to compare.
            policy.maxCommuteKm = 40
            policy.maxTurnover = Rate(numerator: 5, denominator: 10)
            policy.everySchoolReceives = seed % 2 == 0
            policy.everySchoolSends = seed % 3 != 0
            if seed % 4 == 0 { policy.backboneShare = Rate(numerator: 0, denominator: 1) }
            if seed % 5 < 2 { policy.weights.floor = Double(seed % 7) * 5 }
            let checkerPolicy = policy
            // Enumerate every combination of destinations for the teachers who may move.
            var options: [(String, [String])] = []
            let eligibleIDs = county.teachers.filter { t in
                RuleChecker(county: county, policy: checkerPolicy, destination: [:]).eligible(t) && {
                    if case .moveTo? = t.lock { return false }; return true
                }()
            }
            for t in eligibleIDs {
                options.append((t.id, county.schools.map(\.id)))
            }
            var base = Dictionary(uniqueKeysWithValues: county.teachers.map { ($0.id, $0.schoolID) })
            for t in county.teachers { if case .moveTo(let s)? = t.lock { base[t.id] = s } }
            var best: (unmet: Int, total: Double)?
            let objective = IndependentObjective(county: county, policy: checkerPolicy)
            func visit(_ k: Int, _ d: inout [String: String]) {
                if k == options.count {
                    guard RuleChecker(county: county, policy: checkerPolicy, destination: d).violations().isEmpty else { return }
                    let v = objective.value(d)
                    if best == nil || v.unmet < best!.unmet || (v.unmet == best!.unmet && v.total < best!.total) { best = v }
                    return
                }
                for s in options[k].1 { d[options[k].0] = s; visit(k + 1, &d) }
            }
            visit(0, &base)
            county = County(schools: county.schools, teachers: county.teachers, needs: county.needs)
            let outcome = Planner.glpk.plan(county: county, policy: policy)
            tally.add(outcome)
            switch outcome {
            case .plan(let plan):
                #expect(best != nil, "the planner found a plan where enumeration found none (seed \(seed))")
                guard let best else { return }
                #expect(plan.status == .optimal)
                #expect(plan.after.unmetNeed == Tenths(best.unmet), "seed \(seed)")
                #expect(abs(plan.objective - best.total) < 1e-6 * max(1, abs(best.total)), "seed \(seed): \(plan.objective) vs \(best.total)")
                var destination: [String: String] = [:]
                for (t, s) in plan.destination.enumerated() { destination[county.teachers[t].id] = county.schools[s].id }
                #expect(abs(objective.value(destination).total - plan.objective) < 1e-6 * max(1, abs(plan.objective)))
            case .cannotMeet:
                #expect(best == nil, "the planner said infeasible but enumeration found a plan (seed \(seed))")
            case .noPlan(let why):
                Issue.record("no plan: \(why)")
            }
        }
        #expect(tally.plans >= 6, "plans \(tally.plans), cannot meet \(tally.cannotMeet)")
    }
}

@Suite("Column generation")
struct ColumnGenerationTests {
    @Test("starting from a few moves and pricing in the rest gives the whole program's optimum")
    func sameOptimum() async throws {
        let tally = Tally()
        await propertyCheck(count: 25, input: Gen.int(in: 1...1_000_000)) { seed in
            var (county, policy) = RandomCounty.make(seed: UInt64(seed), schools: 6...10, teachers: 60...140)
            policy.solver.gap = 0
            policy.maxCommuteKm = 40
            var whole = Planner.glpk
            whole.columnGeneration = false
            let a = Planner.glpk.plan(county: county, policy: policy)
            let b = whole.plan(county: county, policy: policy)
            tally.add(a)
            switch (a, b) {
            case (.plan(let x), .plan(let y)):
                #expect(x.status == .optimal && y.status == .optimal, "seed \(seed)")
                #expect(abs(x.objective - y.objective) <= 1e-6 * max(1, abs(y.objective)), "seed \(seed): \(x.objective) vs \(y.objective)")
                #expect(x.after.unmetNeed == y.after.unmetNeed, "seed \(seed)")
                let checker = RuleChecker(county: county, policy: policy, destination: Dictionary(uniqueKeysWithValues:
                    x.destination.enumerated().map { (county.teachers[$0].id, county.schools[$1].id) }))
                #expect(checker.violations() == [], "seed \(seed)")
            case (.cannotMeet, .cannotMeet): break
            default: Issue.record("seed \(seed): column generation \(a) but the whole program \(b)")
            }
        }
        #expect(tally.plans >= 10, "plans \(tally.plans), cannot meet \(tally.cannotMeet)")
    }
}

@Suite("A search that finds no plan is seeded")
struct SeedTests {
    @Test("stopped before its first plan, the search restarts from a simpler one and still keeps every rule")
    func seeded() async throws {
        let tally = Tally()
        let seeded = Tally()
        await propertyCheck(count: 20, input: Gen.int(in: 1...1_000_000)) { seed in
            let (county, policy) = RandomCounty.make(seed: UInt64(seed), schools: 5...8, teachers: 50...120)
            var planner = Planner.glpk
            planner.firstPlanIterations = 0
            let traced = TraceLog()
            planner.trace = { traced.add($0) }
            let outcome = planner.plan(county: county, policy: policy)
            tally.add(outcome)
            if traced.contains("looking for any plan") { seeded.add(outcome) }
            if case .plan(let plan) = outcome {
                let destination = Dictionary(uniqueKeysWithValues: plan.destination.enumerated().map {
                    (county.teachers[$0].id, county.schools[$1].id) })
                #expect(RuleChecker(county: county, policy: policy, destination: destination).violations() == [], "seed \(seed)")
                // Seeded or not, the optimum is the same.
                if case .plan(let plain) = Planner.glpk.plan(county: county, policy: policy), plain.status == .optimal, plan.status == .optimal {
                    #expect(abs(plain.objective - plan.objective) <= 1e-4 * max(1, abs(plain.objective)), "seed \(seed)")
                }
            }
        }
        #expect(seeded.plans >= 3, "the seeded path ran on \(seeded.plans) plans")
    }

    /// Found by the test above: the seed offered to the search broke a row of the balance term, GLPK took it on
    /// trust (it checks integrality only) and called optimal a plan 0.0124 below the true optimum. A start is now
    /// offered only when it keeps every row.
    @Test("a seeded search proves the true optimum (county 277542)")
    func seededOptimum() throws {
        let (county, policy) = RandomCounty.make(seed: 277542, schools: 5...8, teachers: 50...120)
        var planner = Planner.glpk
        planner.firstPlanIterations = 0
        guard case .plan(let seeded) = planner.plan(county: county, policy: policy),
              case .plan(let plain) = Planner.glpk.plan(county: county, policy: policy) else { Issue.record("no plan"); return }
        #expect(seeded.status == .optimal && plain.status == .optimal)
        #expect(abs(seeded.objective - plain.objective) <= 1e-6 * max(1, abs(plain.objective)), "\(seeded.objective) vs \(plain.objective)")
    }
}

final class TraceLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    func contains(_ s: String) -> Bool { lock.lock(); defer { lock.unlock() }; return lines.contains { $0.contains(s) } }
}

/// Counts outcomes across a property check (the check's closure may run on any thread).
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var plans = 0, cannotMeet = 0
    func add(_ outcome: PlanOutcome) {
        lock.lock(); defer { lock.unlock() }
        switch outcome {
        case .plan: plans += 1
        case .cannotMeet: cannotMeet += 1
        case .noPlan: break
        }
    }
}
