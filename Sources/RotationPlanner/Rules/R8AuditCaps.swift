import IntegerProgramming
import RotationModel

extension Rule {
    /// With audit.goal: each teacher indicator's CV across a level's schools is at most its cap.
    public static let R8: Rule = "R8"
}

extension RuleRow.Kind {
    /// R8: one indicator's CV in one level at most its cap.
    public static let cvCap = RuleRow.Kind(rawValue: "cvCap")
}

/// The CV caps an audit rule: which indicator of which level (`R8` rows are named `R8_cv_cap_<level>_<indicator>`).
public struct CapKey: Hashable, Sendable, Comparable {
    public var level: TeachingLevel
    public var indicator: Indicator
    public init(level: TeachingLevel, indicator: Indicator) { self.level = level; self.indicator = indicator }
    public static func < (a: CapKey, b: CapKey) -> Bool { (a.level.rawValue, a.indicator.rawValue) < (b.level.rawValue, b.indicator.rawValue) }
}

/// R8, the audit's CV caps (with `audit.goal`): each teacher indicator's enrolment-weighted CV across a level's
/// audited schools is at most `audit.cv_caps.<level>`.
///
/// Row: `Σ_i spread_i ≤ 100·cap²·(2·X̄'/X̄ − 1)` over the indicator's spreads (``IndicatorSpread``), X̄ the mean
/// before the plan and X̄' = 100·Σ count_i / P the mean after. The variance about X̄ is never less than the
/// variance about X̄', and 2X̄'/X̄ − 1 ≤ X̄'²/X̄², so the row guarantees CV ≤ cap; when moves keep the level's total
/// (every school of the level counted) X̄' = X̄ and the row is exactly Σ spread ≤ 100·cap², i.e. CV ≤ cap.
/// The planner decides which caps hold (``Planner``'s audit steps): every cap the plan of the least unmet need
/// meets already, and each other cap a search shows some plan can meet with them; a cap no plan meets (the LP
/// relaxation has no solution with it) is left out and reported with the CV the plan reaches.
struct R8AuditCaps: HardRule {
    let id = Rule.R8
    let summary = LocalizedText(
        zh: "以督导评估为目标时，凡有方案能达到的，每项教师指标的校际差异系数不超过上限",
        en: "with audit.goal, each teacher indicator's CV across a level's schools is at most its cap, wherever some plan can meet it")
    let keys = ["audit.goal", "audit.cv_caps.primary", "audit.cv_caps.junior"]

    func rows(in ctx: inout ProgramContext) {
        guard let caps = ctx.audit?.caps else { return }
        for key in caps.sorted() {
            guard let spread = ctx.spread(key.level, key.indicator) else { continue }
            let cap = ctx.policy.audit.cvCap(key.level), c2 = 100 * cap * cap
            var e = LinearExpression()
            var total = LinearExpression()
            for school in spread.schools {
                e += school.spread
                total += school.count
            }
            // Σ spread − (2·100cap²/X̄)·(100/P)·Σ count ≤ −100cap²
            e += (-2 * c2 / spread.mean * 100 / Double(spread.students)) * total
            ctx.require("R8_cv_cap_\(key.level.rawValue)_\(key.indicator.rawValue)", e, .atMost, -c2,
                        row: RuleRow(rule: id, kind: .cvCap))
        }
    }

    /// Whether `destination` keeps the cap's row (nil when the indicator has no CV before the plan: no row).
    /// The row is evaluated as the program holds it: each spread at its integer count is the convex share itself.
    static func rowHolds(_ key: CapKey, _ plan: Witness, in c: Candidates) -> Bool? {
        let county = c.county, policy = c.policy
        let counted = Assessment.countedSchools(county: county, policy: policy, level: key.level)
        let total = counted.reduce(0) { $0 + county.schools[$1].students(of: key.level)! }
        guard total > 0 else { return nil }
        let before = Assessment.before(county: county, policy: policy)
        let after = Assessment(county: county, policy: policy, schoolOf: plan.destination, absent: plan.absent, subjectOf: plan.assigned)
        let mean = Double(counted.reduce(0) { $0 + before.schools[$1].indicatorCounts[key.level]![key.indicator]! }) * 100 / Double(total)
        guard mean > 0 else { return nil }
        let cap = policy.audit.cvCap(key.level), c2 = 100 * cap * cap
        var spreads = 0.0, count = 0
        for s in counted {
            let p = Double(county.schools[s].students(of: key.level)!)
            let m = after.schools[s].indicatorCounts[key.level]![key.indicator]!
            spreads += IndicatorSpread.share(count: m, students: p, total: total, mean: mean)
            count += m
        }
        return spreads - 2 * c2 / mean * 100 / Double(total) * Double(count) <= -c2 + 1e-7
    }

    /// Whether moves keep the level's total of an indicator: every school that teaches the level is counted,
    /// so no teacher can move between counted schools and others. Only then is the row exactly "CV ≤ cap", and a
    /// row no plan keeps a cap no plan meets.
    static func exact(_ level: TeachingLevel, in c: Candidates) -> Bool {
        c.county.schools.allSatisfy { school in
            !school.level.admits(level) || (school.students(of: level).map { $0 > c.policy.cvMinStudents && $0 > 0 } ?? false)
        }
    }
}

/// A plan as the audit's caps judge it: every teacher's school, the subject each teaches (R14), the learners away.
struct Witness {
    var destination: [Int]
    var assigned: [String]
    var absent: Set<Int>
}
