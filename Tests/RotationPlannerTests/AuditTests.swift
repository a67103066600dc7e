import CountyData
import Foundation
import PropertyBased
import RotationModel
import RotationPlanner
import Testing

/// The quality-balance audit computed from destinations alone, with the official numbers written out here
/// (教督〔2017〕6号): shares no code with the planner's `AuditResult`.
struct IndependentAudit {
    let county: County
    let policy: Policy
    /// Standards per level, per indicator column name.
    static let standards: [String: [String: Double]] = [
        "primary": ["degree": 4.2, "backbone": 1, "pe_arts": 0.9, "rooms_m2_per_student": 4.5, "sports_m2_per_student": 7.5,
                    "equipment_yuan_per_student": 2000, "multimedia_per_100": 2.3],
        "junior": ["degree": 5.3, "backbone": 1, "pe_arts": 0.9, "rooms_m2_per_student": 5.8, "sports_m2_per_student": 10.2,
                   "equipment_yuan_per_student": 2500, "multimedia_per_100": 2.4],
    ]

    func students(_ s: School, _ level: String) -> Int? {
        if s.level == .nineYear { return level == "primary" ? s.studentsPrimary : s.studentsJunior }
        return s.level.rawValue == level ? s.students : nil
    }

    func teacherCount(_ s: School, _ level: String, _ indicator: String, _ destination: [String: String]) -> Int {
        county.teachers.count { t in
            guard destination[t.id] == s.id, t.level.rawValue == level else { return false }
            switch indicator {
            case "degree": return level == "primary" ? t.degree != .secondary : ![.secondary, .associate].contains(t.degree)
            case "backbone": return t.backbone != .none
            default: return ["体育", "音乐", "美术"].contains(t.subject)
            }
        }
    }

    /// Schools passing per level: at least 6 of the standards given met, every other at 85 % or more.
    func passing(_ destination: [String: String]) -> [String: Int] {
        var result: [String: Int] = ["primary": 0, "junior": 0]
        for level in ["primary", "junior"] {
            for s in county.schools {
                guard let p = students(s, level), p > policy.cvMinStudents, p > 0 else { continue }
                var values: [(Double, Double)] = []
                for indicator in ["degree", "backbone", "pe_arts"] {
                    values.append((Double(teacherCount(s, level, indicator, destination)) * 100 / Double(p), Self.standards[level]![indicator]!))
                }
                for f in AuditIndicator.facilities {
                    if let v = s.facilities[f] { values.append((v, Self.standards[level]![f.rawValue]!)) }
                }
                // Compare in exact hundredths of the unit, as the official tables are written.
                let short = values.filter { $0.0 + 1e-9 < $0.1 }
                if short.count <= 1 && short.allSatisfy({ $0.0 + 1e-9 >= 0.85 * $0.1 }) { result[level]! += 1 }
            }
        }
        return result
    }
}

@Suite("The quality-balance audit")
struct AuditTests {
    /// Random facility values around the standards for some schools; the others are audited on teachers only.
    static func withFacilities(_ county: County, seed: UInt64) -> County {
        var rng = SplitMix64(seed: seed ^ 0xA0D1)
        let schools = county.schools.map { s -> School in
            var s = s
            guard rng.next() % 3 != 0 else { return s }
            let level = s.level == .primary ? "primary" : "junior"
            for f in AuditIndicator.facilities where rng.next() % 5 != 0 {
                let factor = 0.75 + Double(rng.next() % 60) / 100
                s.facilities[f] = (IndependentAudit.standards[level]![f.rawValue]! * factor * 10).rounded() / 10
            }
            return s
        }
        return County(schools: schools, teachers: county.teachers, needs: county.needs)
    }

    @Test("summary.json's audit (schools passing, facility CVs) equals an independent computation from the written plan")
    func figuresFromFiles() async throws {
        await propertyCheck(count: 25, input: Gen.int(in: 1...1_000_000)) { seed in
            let (county, policy) = RandomCounty.make(seed: UInt64(seed))
            let scratch = Scratch()
            let run = try! PlannedRun(Self.withFacilities(county, seed: UInt64(seed)), policy, in: scratch)
            guard case .plan = run.outcome else { return }
            let audit = try! run.summary()["audit"] as! [String: Any]
            let independent = IndependentAudit(county: run.dataset.county, policy: run.dataset.policy)
            let after = try! run.destinationsFromFiles()
            let before = Dictionary(uniqueKeysWithValues: run.dataset.county.teachers.map { ($0.id, $0.schoolID) })
            #expect(audit["schools_passing_after"] as! [String: Int] == independent.passing(after), "seed \(seed)")
            #expect(audit["schools_passing_before"] as! [String: Int] == independent.passing(before), "seed \(seed)")
            let checker = RuleChecker(county: run.dataset.county, policy: run.dataset.policy, destination: after)
            let cvs = audit["cv"] as! [String: [String: [String: Any]]]
            for level in TeachingLevel.allCases {
                for indicator in Indicator.allCases {
                    let reported = cvs[level.rawValue]![indicator.rawValue]!["cv_after"] as? Double
                    let mine = checker.cv(level: level, indicator: indicator, after: true)
                    #expect((reported == nil) == (mine == nil) && abs((reported ?? 0) - (mine ?? 0)) < 1e-6, "seed \(seed)")
                }
                for f in AuditIndicator.facilities {
                    let spread = cvs[level.rawValue]![f.rawValue]!
                    #expect(spread["constant"] as? Bool == true)
                    #expect(spread["cv_before"] as? Double == spread["cv_after"] as? Double)
                }
            }
        }
    }

    @Test("with audit.goal, on tiny counties: held caps are met, caps out of reach are out of reach of every plan, and no plan passes more schools")
    func bruteForce() async throws {
        let tally = Tally()
        let proven = Tally()
        // Most tiny counties cannot meet the audit's policy; 400 give some 30–60 plans to compare (seen), so that the
        // counts below cannot fail by chance.
        await propertyCheck(count: 400, input: Gen.int(in: 1...1_000_000)) { seed in
            Self.checkAgainstEnumeration(seed: seed, tally: tally, proven: proven)
        }
        // The enumeration must have been compared with proven passing counts, not only with rejected policies.
        #expect(proven.plans >= 10, "proven \(proven.plans) plans \(tally.plans)")
        #expect(tally.plans >= 10, "plans \(tally.plans), cannot meet \(tally.cannotMeet)")
    }

    @Test("with audit.goal, when the passing search stops unproven (no budget), the neighbourhoods' plan keeps every rule, every held cap and the passing it reports")
    func neighbourhoods() async throws {
        await propertyCheck(count: 30, input: Gen.int(in: 1...1_000_000)) { seed in
            _ = Self.checkNeighbourhoods(seed: seed)
        }
    }

    @Test("the neighbourhoods run: on fixed seeds (the planner is deterministic) some passing searches stop unproven")
    func neighbourhoodsRun() throws {
        // Seeds 2, 34 and 40 of these (measured); a planner change that proves them all needs another guard.
        let unproven = (1...40).filter { Self.checkNeighbourhoods(seed: $0) }
        #expect(unproven.count >= 2, "unproven on seeds \(unproven)")
    }

    /// Plans a random county with the audit goal and no search budget for passing, checks the plan by independent
    /// code, and says whether the most passing was left unproven (the neighbourhoods then ran).
    static func checkNeighbourhoods(seed: Int) -> Bool {
        var planner = Planner.glpk
        planner.passingIterations = 0
        var (county, policy) = RandomCounty.make(seed: UInt64(seed), schools: 6...10, teachers: 60...140)
        county = Self.withFacilities(county, seed: UInt64(seed))
        policy.maxTurnover = Rate(numerator: 3, denominator: 10)
        policy.cvMinStudents = 0
        policy.audit.goal = true
        guard case .plan(let plan) = planner.plan(county: county, policy: policy), let goal = plan.auditGoal, goal.finished
        else { return false }
        var destination: [String: String] = [:]
        for (t, s) in plan.destination.enumerated() { destination[county.teachers[t].id] = county.schools[s].id }
        let checker = RuleChecker(county: county, policy: policy, destination: destination)
        #expect(checker.violations().isEmpty, "seed \(seed): \(checker.violations())")
        for cap in goal.capsHeld {
            let cv = checker.cv(level: cap.level, indicator: cap.indicator, after: true) ?? 0
            #expect(cv <= (cap.level == .primary ? 0.5 : 0.45) + 1e-9, "seed \(seed): held cap \(cap) at \(cv)")
        }
        let passing = IndependentAudit(county: county, policy: policy).passing(destination).values.reduce(0, +)
        #expect(passing >= goal.schoolsPassing, "seed \(seed): \(passing) passing, said \(goal.schoolsPassing)")
        return !goal.passingProven
    }

    static func checkAgainstEnumeration(seed: Int, tally: Tally, proven: Tally) {
            var (county, policy) = RandomCounty.make(seed: UInt64(seed), schools: 3...3, teachers: 6...9)
            county = Self.withFacilities(county, seed: UInt64(seed))
            policy.tenureYears = 5
            policy.maxCommuteKm = 40
            policy.maxTurnover = Rate(numerator: 5, denominator: 10)
            policy.cvMinStudents = 0
            policy.everySchoolReceives = seed % 2 == 0
            policy.everySchoolSends = seed % 3 != 0
            policy.audit.goal = true
            let outcome = Planner.glpk.plan(county: county, policy: policy)
            tally.add(outcome)
            guard case .plan(let plan) = outcome, let goal = plan.auditGoal else { return }
            let movable = county.teachers.filter { t in
                RuleChecker(county: county, policy: policy, destination: [:]).eligible(t) && { if case .moveTo? = t.lock { return false }; return true }()
            }
            var base = Dictionary(uniqueKeysWithValues: county.teachers.map { ($0.id, $0.schoolID) })
            for t in county.teachers { if case .moveTo(let s)? = t.lock { base[t.id] = s } }
            var legal: [[String: String]] = []
            func visit(_ k: Int, _ d: inout [String: String]) {
                if k == movable.count {
                    if RuleChecker(county: county, policy: policy, destination: d).violations().isEmpty { legal.append(d) }
                    return
                }
                for s in county.schools.map(\.id) { d[movable[k].id] = s; visit(k + 1, &d) }
            }
            visit(0, &base)
            let least = legal.map { RuleChecker(county: county, policy: policy, destination: $0).unmetNeed(after: true) }.min()
            let candidates = legal.filter { RuleChecker(county: county, policy: policy, destination: $0).unmetNeed(after: true) == least }
            func meets(_ d: [String: String], _ cap: CapKey) -> Bool {
                guard let cv = RuleChecker(county: county, policy: policy, destination: d).cv(level: cap.level, indicator: cap.indicator, after: true)
                else { return true }
                return cv <= (cap.level == .primary ? 0.5 : 0.45) + 1e-9
            }
            var destination: [String: String] = [:]
            for (t, s) in plan.destination.enumerated() { destination[county.teachers[t].id] = county.schools[s].id }
            for cap in goal.capsHeld { #expect(meets(destination, cap), "seed \(seed): held cap \(cap) not met") }
            let holding = candidates.filter { d in goal.capsHeld.allSatisfy { meets(d, $0) } }
            // Only where moves keep each level's total (no school of a level left out), the caps' rows are exact.
            let closed = county.schools.allSatisfy { $0.level != .nineYear || $0.studentsPrimary != nil }
            if closed {
                for cap in goal.capsOutOfReach {
                    #expect(!holding.contains { meets($0, cap) }, "seed \(seed): cap \(cap) said out of reach, but a plan meets it")
                }
            }
            #expect(RuleChecker(county: county, policy: policy, destination: destination).violations().isEmpty, "seed \(seed)")
            let audit = IndependentAudit(county: county, policy: policy)
            let most = holding.map { audit.passing($0).values.reduce(0, +) }.max() ?? 0
            if goal.passingProven {
                proven.add(outcome)
                #expect(goal.schoolsPassing == most, "seed \(seed): \(goal.schoolsPassing) passing, enumeration \(most)")
                #expect(audit.passing(destination).values.reduce(0, +) == goal.schoolsPassing, "seed \(seed)")
            } else {
                #expect(goal.schoolsPassing <= most, "seed \(seed): \(goal.schoolsPassing) passing, enumeration \(most)")
                #expect(audit.passing(destination).values.reduce(0, +) >= goal.schoolsPassing, "seed \(seed)")
            }
            }
}
