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
        zh: "以督导评估为目标时，每项教师指标的校际差异系数不超过上限（小学 0.50，初中 0.45）",
        en: "with audit.goal, each teacher indicator's CV across a level's schools is at most its cap (primary 0.50, junior 0.45)")
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

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        c.finding([id], nil, "the audit's CV caps that the planner found reachable cannot all be met together with the other rules.",
                  Self.remedy)
    }

    /// What would help when a cap is not met.
    static let remedy = "raise rotation_rate, backbone_share or max_commute_km (more teachers can move toward the schools short of them)"

    /// A plan's caps not met, each with what would help: `(level, indicator, CV after, cap)`.
    static func unmet(in audit: AuditResult) -> [(level: TeachingLevel, indicator: AuditIndicator, cv: Double, cap: Double)] {
        TeachingLevel.allCases.flatMap { level in
            AuditIndicator.allCases.compactMap { indicator in
                guard let spread = audit.spreads[level]?[indicator], let cv = spread.cv, spread.capMet == false else { return nil }
                return (level, indicator, cv, spread.cap)
            }
        }
    }
}
