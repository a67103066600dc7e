import RotationModel
import RotationPlanner

/// The joint assessment of school groups (学区/集团/联盟, `schools.csv`'s `group`): per group, the movers out of
/// and into the group, the moves inside it, its unmet need and each teacher indicator's CV among its schools,
/// before and after the plan. Only groups that are named: a school without one is its own group and is left out.
public struct GroupFigures: Codable, Equatable, Sendable {
    public var group: String
    public var schools: Int
    public var movers_out: Int
    public var movers_in: Int
    public var moves_within: Int
    public var unmet_need_before: Tenths
    public var unmet_need_after: Tenths
    /// `<level>.<indicator>` → the CV among the group's schools (null when the mean is 0 or no school counts).
    public var cv_before: [String: Double?]
    public var cv_after: [String: Double?]

    public static func make(_ plan: Plan) -> [GroupFigures] {
        let county = plan.county
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (s, school) in county.schools.enumerated() {
            guard let g = school.group else { continue }
            if members[g] == nil { order.append(g) }
            members[g, default: []].append(s)
        }
        return order.map { g in
            let schools = Set(members[g]!)
            var out = 0, into = 0, within = 0
            for t in plan.movers {
                let from = schools.contains(plan.candidates.current[t]), to = schools.contains(plan.destination[t])
                if from && to { within += 1 } else if from { out += 1 } else if to { into += 1 }
            }
            func cv(_ a: Assessment) -> [String: Double?] {
                var result: [String: Double?] = [:]
                for level in TeachingLevel.allCases {
                    let counted = Assessment.countedSchools(county: county, policy: plan.policy, level: level).filter { schools.contains($0) }
                    guard !counted.isEmpty else { continue }
                    for indicator in Indicator.allCases {
                        let enrolments = counted.map { county.schools[$0].students(of: level)! }
                        let values = counted.map { Double(a.schools[$0].indicatorCounts[level]![indicator]!) * 100 / Double(county.schools[$0].students(of: level)!) }
                        result["\(level.rawValue).\(indicator.rawValue)"] = weightedCoefficientOfVariation(values: values, enrolments: enrolments)
                            .map(PlanFiles.round6)
                    }
                }
                return result
            }
            return GroupFigures(group: g, schools: schools.count, movers_out: out, movers_in: into, moves_within: within,
                                unmet_need_before: schools.reduce(.zero) { $0 + plan.before.schools[$1].unmetNeed },
                                unmet_need_after: schools.reduce(.zero) { $0 + plan.after.schools[$1].unmetNeed },
                                cv_before: cv(plan.before), cv_after: cv(plan.after))
        }
    }
}
