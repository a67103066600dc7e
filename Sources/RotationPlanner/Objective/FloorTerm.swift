import IntegerProgramming
import RotationModel

/// The per-school floors of the balance indicators: `weights.floor` per teacher a counted school lacks to meet
/// an indicator's floor, `below_<tag> ≥ fewest − count` — convex in the count, like the balance term. Off by
/// default (weight 0): the floors are then only reported.
struct FloorTerm: ObjectiveTermUnit {
    let term = ObjectiveTerm.floor
    let summary = LocalizedText(zh: "各校达到每百名学生指标达标线", en: "each school meets the indicators' per-school floors")
    let keys = ["weights.floor", "cv_min_students", "pe_arts_subjects"] + ["primary", "junior"].flatMap { level in
        ["degree", "backbone", "pe_arts"].map { "audit.standards.\(level).\($0)" }
    }

    func build(in ctx: inout ProgramContext) -> LinearExpression {
        var floors = LinearExpression()
        let county = ctx.county, policy = ctx.policy, w = policy.weights.floor
        guard w > 0 else { return floors }
        for level in TeachingLevel.allCases {
            for s in Assessment.countedSchools(county: county, policy: policy, level: level) {
                let p = county.schools[s].students(of: level)!
                for indicator in Indicator.allCases {
                    let fewest = policy.standardCount(indicator, students: p, level: level)
                    let (expr, range) = ctx.indicatorCount(at: s, level, indicator)
                    guard fewest > range.lowerBound else { continue }
                    ctx.otherLow += w * Double(max(0, fewest - range.upperBound))
                    ctx.otherHigh += w * Double(fewest - range.lowerBound)
                    if expr.terms.isEmpty {
                        floors.constant += w * Double(max(0, fewest - Int(expr.constant.rounded())))
                        continue
                    }
                    let tag = "\(ctx.schoolNames[s])_\(level.rawValue)_\(indicator.rawValue)"
                    let below = ctx.program.addVariable("below_\(tag)", .continuous, lowerBound: 0)
                    ctx.program.addConstraint("below_\(tag)", LinearExpression(below) + expr, greaterOrEqual: Double(fewest))
                    floors.add(below, w)
                }
            }
        }
        return floors
    }

    /// A move that brings an indicator's teacher to a school below that indicator's standard: in the audit's
    /// words when the school reaches the standard with the plan ("brings … up to the standard of 0.9 per 100
    /// students"), else "raises … below the floor of …".
    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        let teacher = plan.county.teachers[t], to = plan.destination[t], school = plan.county.schools[to]
        var reasons: [LocalizedText] = []
        for indicator in Indicator.allCases where indicator.counts(teacher, teaching: plan.assigned[t], policy: plan.policy) {
            guard let p = school.students(of: teacher.level), p > plan.policy.cvMinStudents,
                  let c = plan.before.schools[to].indicatorCounts[teacher.level]?[indicator],
                  !plan.policy.meetsStandard(indicator, count: c, students: p, level: teacher.level) else { continue }
            let standard = plan.policy.standard(indicator, teacher.level)
            let after = plan.after.schools[to].indicatorCounts[teacher.level]?[indicator] ?? 0
            if plan.policy.meetsStandard(indicator, count: after, students: p, level: teacher.level) {
                reasons.append(LocalizedText(zh: "使\(school.name)的\(indicator.chineseLabel)达到每百名学生 \(standard) 人的标准",
                                             en: "brings \(indicator.label) at \(school.name) up to the standard of \(standard) per 100 students"))
            } else {
                reasons.append(LocalizedText(zh: "提高\(school.name)的\(indicator.chineseLabel)（低于每百名学生 \(standard) 人的标准）",
                                             en: "raises \(indicator.label) at \(school.name), below the floor of \(standard) per 100 students"))
            }
        }
        return reasons
    }
}
