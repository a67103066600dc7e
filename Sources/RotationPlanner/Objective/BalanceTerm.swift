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
    static let unaskedReason = "evens out the county's balance indicators"

    func build(in ctx: inout ProgramContext) -> LinearExpression {
        var balance = LinearExpression()
        let county = ctx.county, policy = ctx.policy, w = policy.weights.balance
        guard w > 0 else { return balance }
        let before = Assessment.before(county: county, policy: policy)
        for level in TeachingLevel.allCases {
            let counted = Assessment.countedSchools(county: county, policy: policy, level: level)
            let total = counted.reduce(0) { $0 + county.schools[$1].students(of: level)! }
            guard total > 0 else { continue }
            for indicator in Indicator.allCases {
                let sumCounts = counted.reduce(0) { $0 + before.schools[$1].indicatorCounts[level]![indicator]! }
                let mean = Double(sumCounts) * 100 / Double(total)
                guard mean > 0 else { continue }
                for s in counted {
                    let p = Double(county.schools[s].students(of: level)!)
                    let spread = { (m: Int) -> Double in
                        let x = Double(m) * 100 / p - mean
                        return 100 * (p / Double(total)) * x * x / (mean * mean)
                    }
                    let counts: (Int) -> Bool = { t in
                        county.teachers[t].level == level && indicator.counts(county.teachers[t], policy: policy)
                    }
                    let expr = ctx.presence(at: s, counts)
                    let range = ctx.countRange(at: s, counts)
                    if range.lowerBound == range.upperBound || expr.terms.isEmpty {
                        let f = w * spread(Int(expr.constant.rounded()))
                        balance.constant += f; ctx.otherLow += f; ctx.otherHigh += f
                        continue
                    }
                    let values = range.map(spread)
                    ctx.otherLow += w * values.min()!
                    ctx.otherHigh += w * values.max()!
                    let tag = "\(ctx.schoolNames[s])_\(level.rawValue)_\(indicator.rawValue)"
                    let count = ctx.program.addVariable("count_\(tag)", .continuous, lowerBound: nil, upperBound: nil)
                    ctx.program.addConstraint("count_\(tag)", expr - count, equal: 0)
                    let v = ctx.program.addVariable("spread_\(tag)", .continuous, lowerBound: 0)
                    for m in range.lowerBound..<range.upperBound {
                        let slope = spread(m + 1) - spread(m)
                        // spread ≥ f(m) + slope · (count − m)
                        ctx.program.addConstraint("spread_\(tag)_cut\(m)", LinearExpression(v) - slope * count,
                                                  greaterOrEqual: spread(m) - slope * Double(m))
                    }
                    balance.add(v, w)
                }
            }
        }
        return balance
    }
}
