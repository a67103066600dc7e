import IntegerProgramming
import RotationModel

/// The county's balance indicators (优质均衡): Σ over level, indicator and counted school of
/// `100 · (P_i/P)(100 c_i/P_i − X̄)² / X̄²` — the squared enrolment-weighted CV, times 100 — weighted by
/// `weights.balance`. Each school's share is a convex function of the integer count `count_<tag>`, cut at every
/// integer point of the range R6 leaves it (`spread_<tag>_cut<m>`), so the term is exact without binaries.
struct BalanceTerm: ObjectiveTermUnit {
    let term = ObjectiveTerm.balance
    let summary = LocalizedText(zh: "缩小优质均衡指标的校际差异系数", en: "even out the balance indicators' CVs across schools")
    let keys = ["weights.balance", "cv_min_students", "pe_arts_subjects"]

    /// The reason of a move no rule asked for: the objective chose it, and only this term can.
    static let unaskedReason = LocalizedText(zh: "促进全县师资均衡", en: "evens out the county's balance indicators")

    func build(in ctx: inout ProgramContext) -> LinearExpression {
        var balance = LinearExpression()
        let w = ctx.policy.weights.balance
        guard w > 0 else { return balance }
        for level in TeachingLevel.allCases {
            for indicator in Indicator.allCases {
                guard let spread = ctx.spread(level, indicator) else { continue }
                for school in spread.schools {
                    if school.spread.terms.isEmpty {
                        let f = w * school.spread.constant
                        balance.constant += f; ctx.otherLow += f; ctx.otherHigh += f
                        continue
                    }
                    ctx.otherLow += w * school.least
                    ctx.otherHigh += w * school.greatest
                    for (v, _) in school.spread.terms { balance.add(v, w) }
                }
            }
        }
        return balance
    }
}
