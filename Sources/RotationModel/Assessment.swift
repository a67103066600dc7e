/// The figures of a county with every teacher at a given school: staffing, subject coverage, unmet need and
/// the balance indicators per school, and each indicator's coefficient of variation per level.
///
/// Computed the same way for the county before the plan (everyone where they are) and after it.
public struct Assessment: Sendable {
    /// Per school, in ``County/schools`` order.
    public struct SchoolFigures: Sendable, Equatable {
        public var staff: Int
        public var backbone: Int
        /// Teachers per subject.
        public var subjects: [String: Int]
        /// Σ over this school's needs of max(0, required − teachers of the subject).
        public var unmetNeed: Int
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
    public var unmetNeed: Int
    /// Unmet need per subject, summed over schools.
    public var unmetBySubject: [String: Int]

    /// `schoolOf[t]` is the index in `county.schools` where teacher `t` (index in `county.teachers`) works.
    /// `absent`: teachers away this year (learners, R13), counted at no school.
    public init(county: County, policy: Policy, schoolOf: [Int], absent: Set<Int> = []) {
        var figures = county.schools.map { _ in
            SchoolFigures(staff: 0, backbone: 0, subjects: [:], unmetNeed: 0, indicatorCounts: [:])
        }
        for (s, school) in county.schools.enumerated() {
            for level in TeachingLevel.allCases where school.students(of: level) != nil {
                figures[s].indicatorCounts[level] = [.degree: 0, .backbone: 0, .peArts: 0]
            }
        }
        let peArts = Set(policy.peArtsSubjects)
        for (t, teacher) in county.teachers.enumerated() where !absent.contains(t) {
            let s = schoolOf[t]
            figures[s].staff += 1
            if teacher.backbone.isBackbone { figures[s].backbone += 1 }
            figures[s].subjects[teacher.subject, default: 0] += 1
            if figures[s].indicatorCounts[teacher.level] != nil {
                if teacher.degree.meetsStandard(for: teacher.level) { figures[s].indicatorCounts[teacher.level]![.degree]! += 1 }
                if teacher.backbone.isBackbone { figures[s].indicatorCounts[teacher.level]![.backbone]! += 1 }
                if peArts.contains(teacher.subject) { figures[s].indicatorCounts[teacher.level]![.peArts]! += 1 }
            }
        }
        var unmetBySubject: [String: Int] = [:]
        for need in county.needs {
            guard let s = county.schoolIndex[need.schoolID] else { continue }
            let gap = max(0, need.required - (figures[s].subjects[need.subject] ?? 0))
            figures[s].unmetNeed += gap
            if gap > 0 { unmetBySubject[need.subject, default: 0] += gap }
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
        self.unmetNeed = figures.reduce(0) { $0 + $1.unmetNeed }
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

