/// The figures of a county with every teacher at a given school: staffing, subject coverage, unmet need and
/// the balance indicators per school, and each indicator's coefficient of variation per level.
///
/// Computed the same way for the county before the plan (everyone where they are) and after it.
public struct Assessment: Sendable {
    /// Per school, in ``County/schools`` order.
    public struct SchoolFigures: Sendable, Equatable {
        public var staff: Int
        public var backbone: Int
        /// Teachers per subject (the subject each teaches here: their main one unless the plan assigns another).
        public var subjects: [String: Int]
        /// Walking teachers' shares per subject (走教), net: brought by teachers serving this school, less those this
        /// school's own teachers give to others.
        public var walking: [String: Tenths] = [:]
        /// Σ over this school's needs of max(0, required − teachers of the subject, walking shares included).
        public var unmetNeed: Tenths
        /// Per level this school reports enrolment for: teachers of that level counting toward each indicator.
        public var indicatorCounts: [TeachingLevel: [Indicator: Int]]
    }

    /// One indicator of one level across the county.
    public struct Balance: Sendable, Equatable {
        /// Enrolment-weighted CV over the counted schools; `nil` when the mean is 0 or none are counted.
        public var cv: Double?
        /// Counted schools whose value meets the per-school floor.
        public var schoolsMeetingFloor: Int
        /// How many schools were counted (those of the level with more than `cv_min_students` students).
        public var schools: Int
    }

    public var schools: [SchoolFigures]
    public var balance: [TeachingLevel: [Indicator: Balance]]
    /// Σ of the schools' unmet need.
    public var unmetNeed: Tenths
    /// Unmet need per subject, summed over schools.
    public var unmetBySubject: [String: Tenths]

    /// `schoolOf[t]` is the index in `county.schools` where teacher `t` (index in `county.teachers`) works.
    /// `absent`: teachers away this year (learners, R13), counted at no school. `subjectOf[t]`: the subject teacher
    /// t teaches (nil: everyone their main subject). `walks`: walking teachers' shares at other schools (走教).
    public init(county: County, policy: Policy, schoolOf: [Int], absent: Set<Int> = [], subjectOf: [String]? = nil,
                walks: [Walk] = []) {
        var figures = county.schools.map { _ in
            SchoolFigures(staff: 0, backbone: 0, subjects: [:], unmetNeed: .zero, indicatorCounts: [:])
        }
        for (s, school) in county.schools.enumerated() {
            for level in TeachingLevel.allCases where school.students(of: level) != nil {
                figures[s].indicatorCounts[level] = [.degree: 0, .backbone: 0, .peArts: 0]
            }
        }
        let peArts = Set(policy.peArtsSubjects)
        for (t, teacher) in county.teachers.enumerated() where !absent.contains(t) {
            let s = schoolOf[t]
            let subject = subjectOf?[t] ?? teacher.subject
            figures[s].staff += 1
            if teacher.backbone.isBackbone { figures[s].backbone += 1 }
            figures[s].subjects[subject, default: 0] += 1
            if figures[s].indicatorCounts[teacher.level] != nil {
                if teacher.degree.meetsStandard(for: teacher.level) { figures[s].indicatorCounts[teacher.level]![.degree]! += 1 }
                if teacher.backbone.isBackbone { figures[s].indicatorCounts[teacher.level]![.backbone]! += 1 }
                if peArts.contains(subject) { figures[s].indicatorCounts[teacher.level]![.peArts]! += 1 }
            }
        }
        for w in walks {
            figures[w.base].walking[w.subject, default: .zero] -= Tenths(tenths: w.shareTenths)
            figures[w.served].walking[w.subject, default: .zero] += Tenths(tenths: w.shareTenths)
        }
        var unmetBySubject: [String: Tenths] = [:]
        for need in county.needs {
            guard let s = county.schoolIndex[need.schoolID] else { continue }
            let have = Tenths(figures[s].subjects[need.subject] ?? 0) + (figures[s].walking[need.subject] ?? .zero)
            let gap = max(.zero, Tenths(need.required) - have)
            figures[s].unmetNeed += gap
            if gap > .zero { unmetBySubject[need.subject, default: .zero] += gap }
        }
        var balance: [TeachingLevel: [Indicator: Balance]] = [:]
        for level in TeachingLevel.allCases {
            let counted = Assessment.countedSchools(county: county, policy: policy, level: level)
            for indicator in Indicator.allCases {
                let enrolments = counted.map { county.schools[$0].students(of: level)! }
                let counts = counted.map { figures[$0].indicatorCounts[level]![indicator]! }
                let values = zip(counts, enrolments).map { Double($0) * 100 / Double($1) }
                let meeting = zip(counts, enrolments).count { policy.meetsStandard(indicator, count: $0, students: $1, level: level) }
                balance[level, default: [:]][indicator] = Balance(
                    cv: weightedCoefficientOfVariation(values: values, enrolments: enrolments),
                    schoolsMeetingFloor: meeting, schools: counted.count)
            }
        }
        self.schools = figures
        self.balance = balance
        self.unmetNeed = figures.reduce(.zero) { $0 + $1.unmetNeed }
        self.unmetBySubject = unmetBySubject
    }

    /// Schools counted in a level's balance figures: they report enrolment for the level, and it is more
    /// than `cv_min_students` (so never 0).
    public static func countedSchools(county: County, policy: Policy, level: TeachingLevel) -> [Int] {
        county.schools.indices.filter {
            guard let p = county.schools[$0].students(of: level) else { return false }
            return p > policy.cvMinStudents && p > 0
        }
    }

    /// Everyone at their current school.
    public static func before(county: County, policy: Policy) -> Assessment {
        Assessment(county: county, policy: policy, schoolOf: county.teachers.map { county.schoolIndex[$0.schoolID]! })
    }
}

