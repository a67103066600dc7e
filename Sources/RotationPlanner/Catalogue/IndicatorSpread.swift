import IntegerProgramming
import RotationModel

/// One indicator of one level across the county, as the program sees it: each counted school's share of the
/// squared CV, `f_i(c) = 100 · (P_i/P)(100c/P_i − X̄)² / X̄²` with X̄ the mean before the plan, a convex function
/// of the integer count c cut at every integer point of the range R6 leaves it. The balance term sums these;
/// the audit's CV caps (R8) bound their sum. Built once per program, whoever asks first.
struct IndicatorSpread {
    struct School {
        /// The school's share as an expression: `spread_<tag>` ≥ every cut, or a constant when the count is fixed.
        var spread: LinearExpression
        /// The least and greatest values the share can take.
        var least: Double, greatest: Double
        /// Teachers of the indicator at the school after the plan.
        var count: LinearExpression
    }
    var schools: [School]
    /// Σ enrolment of the counted schools, and the mean before the plan (teachers per 100 students).
    var students: Int
    var mean: Double

    /// A school's share of the squared CV times 100: `100 · (p/P)(100c/p − X̄)² / X̄²`.
    static func share(count m: Int, students p: Double, total: Int, mean: Double) -> Double {
        let x = Double(m) * 100 / p - mean
        return 100 * (p / Double(total)) * x * x / (mean * mean)
    }
}

extension ProgramContext {
    /// The spread of `indicator` in `level`, or nil when no school is counted or the mean is 0 (no CV).
    mutating func spread(_ level: TeachingLevel, _ indicator: Indicator) -> IndicatorSpread? {
        let key = "\(level.rawValue)_\(indicator.rawValue)"
        if let known = spreads[key] { return known }
        let county = self.county, policy = self.policy
        let counted = Assessment.countedSchools(county: county, policy: policy, level: level)
        let total = counted.reduce(0) { $0 + county.schools[$1].students(of: level)! }
        guard total > 0 else { spreads[key] = .some(nil); return nil }
        let before = assessmentBefore
        let sumCounts = counted.reduce(0) { $0 + before.schools[$1].indicatorCounts[level]![indicator]! }
        let mean = Double(sumCounts) * 100 / Double(total)
        guard mean > 0 else { spreads[key] = .some(nil); return nil }
        var schools: [IndicatorSpread.School] = []
        for s in counted {
            let p = Double(county.schools[s].students(of: level)!)
            let f = { (m: Int) in IndicatorSpread.share(count: m, students: p, total: total, mean: mean) }
            let (expr, range) = indicatorCount(at: s, level, indicator)
            if range.lowerBound == range.upperBound || expr.terms.isEmpty {
                let value = f(Int(expr.constant.rounded()))
                schools.append(.init(spread: LinearExpression(constant: value), least: value, greatest: value, count: expr))
                continue
            }
            let values = range.map(f)
            let tag = "\(schoolNames[s])_\(level.rawValue)_\(indicator.rawValue)"
            let count = program.addVariable("count_\(tag)", .continuous, lowerBound: nil, upperBound: nil)
            program.addConstraint("count_\(tag)", expr - count, equal: 0)
            let v = program.addVariable("spread_\(tag)", .continuous, lowerBound: 0)
            for m in range.lowerBound..<range.upperBound {
                let slope = f(m + 1) - f(m)
                // spread ≥ f(m) + slope · (count − m)
                program.addConstraint("spread_\(tag)_cut\(m)", LinearExpression(v) - slope * count,
                                      greaterOrEqual: f(m) - slope * Double(m))
            }
            schools.append(.init(spread: LinearExpression(v), least: values.min()!, greatest: values.max()!, count: expr))
        }
        let result = IndicatorSpread(schools: schools, students: total, mean: mean)
        spreads[key] = .some(result)
        return result
    }
}
