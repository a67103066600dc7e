/// The quality-balance audit of a county with every teacher at a given school (教督〔2017〕6号): each
/// indicator's enrolment-weighted CV against its cap, and each school's standing against the seven standards.
///
/// A school is audited in each level it is counted in (the balance figures' schools: more than
/// `cv_min_students` students of that level), with that level's standards. It **passes** when at most
/// `7 − audit.min_met` of the standards it is audited on fall short, each of those at least `audit.near_share`
/// of its standard. A facility column left empty is neither met nor short: the school is audited on what is
/// given.
public struct AuditResult: Sendable, Equatable {
    /// One school's value of one indicator against its standard.
    public struct Standing: Sendable, Equatable {
        /// Teachers per 100 students, or the facility's value.
        public var value: Double
        public var standard: Double
        public var met: Bool
        /// At least `near_share` of the standard.
        public var near: Bool
        /// For a teacher indicator below its standard: how many more teachers would meet it.
        public var teachersShort: Int?
    }

    /// One school in one level.
    public struct SchoolResult: Sendable, Equatable {
        public var school: Int
        public var level: TeachingLevel
        /// Per indicator; absent when the school gives no value (a facility column left empty).
        public var standings: [AuditIndicator: Standing]
        public var met: Int { standings.values.count { $0.met } }
        public var passes: Bool
        /// Audited on the teacher indicators only (no facility value given).
        public var teachersOnly: Bool
    }

    /// One indicator's CV across one level's audited schools.
    public struct Spread: Sendable, Equatable {
        /// `nil` when the mean is 0 or no school gives a value.
        public var cv: Double?
        public var cap: Double
        /// `nil` with no CV.
        public var capMet: Bool? { cv.map { $0 <= cap + 1e-12 } }
        /// How many schools the CV is over.
        public var schools: Int
    }

    public var schools: [SchoolResult]
    public var spreads: [TeachingLevel: [AuditIndicator: Spread]]

    public func passing(_ level: TeachingLevel) -> Int { schools.count { $0.level == level && $0.passes } }
    public func audited(_ level: TeachingLevel) -> Int { schools.count { $0.level == level } }

    public init(county: County, policy: Policy, assessment: Assessment) {
        var results: [SchoolResult] = []
        var spreads: [TeachingLevel: [AuditIndicator: Spread]] = [:]
        let allowedShort = AuditIndicator.allCases.count - policy.audit.minMet
        for level in TeachingLevel.allCases {
            let counted = Assessment.countedSchools(county: county, policy: policy, level: level)
            for s in counted {
                let p = county.schools[s].students(of: level)!
                var standings: [AuditIndicator: Standing] = [:]
                for indicator in Indicator.allCases {
                    let count = assessment.schools[s].indicatorCounts[level]?[indicator] ?? 0
                    let met = policy.meetsStandard(indicator, count: count, students: p, level: level)
                    standings[AuditIndicator(indicator)] = Standing(
                        value: Double(count) * 100 / Double(p), standard: policy.standard(indicator, level).doubleValue, met: met,
                        near: count >= policy.nearCount(indicator, students: p, level: level),
                        teachersShort: met ? nil : policy.standardCount(indicator, students: p, level: level) - count)
                }
                for facility in AuditIndicator.facilities {
                    guard let value = county.schools[s].facilities[facility] else { continue }
                    let standard = policy.audit.standard(facility, level).doubleValue
                    let near = policy.audit.nearShare.doubleValue * standard
                    standings[facility] = Standing(value: value, standard: standard, met: value >= standard - 1e-9,
                                                   near: value >= near - 1e-9, teachersShort: nil)
                }
                let short = standings.values.filter { !$0.met }
                results.append(SchoolResult(school: s, level: level, standings: standings,
                                            passes: short.count <= allowedShort && short.allSatisfy(\.near),
                                            teachersOnly: standings.count == Indicator.allCases.count))
            }
            for indicator in AuditIndicator.allCases {
                let given = counted.filter { indicator.teacherIndicator != nil || county.schools[$0].facilities[indicator] != nil }
                let values: [Double] = given.map { s in
                    if let t = indicator.teacherIndicator {
                        return Double(assessment.schools[s].indicatorCounts[level]?[t] ?? 0) * 100 / Double(county.schools[s].students(of: level)!)
                    }
                    return county.schools[s].facilities[indicator]!
                }
                let enrolments = given.map { county.schools[$0].students(of: level)! }
                spreads[level, default: [:]][indicator] = Spread(
                    cv: weightedCoefficientOfVariation(values: values, enrolments: enrolments), cap: policy.audit.cvCap(level),
                    schools: given.count)
            }
        }
        self.schools = results
        self.spreads = spreads
    }
}
