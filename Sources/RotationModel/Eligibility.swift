/// Whether a teacher may be moved by the plan this year, and if not, the first reason why not.
public enum Eligibility: String, Sendable, CaseIterable, Equatable {
    case eligible
    /// Fewer than `tenure_years` at the current school.
    case tenure
    /// An exemption code (private: the reason itself is never shown to principals).
    case exempt
    /// Age ≥ retirement age − `retirement_exempt_years`.
    case retirement
    /// `lock: stay`.
    case lockedStay = "lock"
    /// Serving a term (支教/交流) that has not ended: not eligible until it ends.
    case midTerm = "term"
    /// The term ended (`term_end_year < year`): the teacher goes home in this plan (期满返回).
    case returning = "return"

    public var isEligible: Bool { self == .eligible }
}

extension Policy {
    /// Age in the planning year: `year − birth_year`.
    public func age(of teacher: Teacher) -> Int { year - teacher.birthYear }

    /// Eligibility by the rules of the policy file: tenure, no exemption, not near retirement, not locked to
    /// stay. The reasons are checked in that order; the first that applies is returned.
    public func eligibility(of teacher: Teacher) -> Eligibility {
        if teacher.lock == .stay { return .lockedStay }
        if teacher.onTerm, case .moveTo(let id)? = teacher.lock, id == teacher.homeSchoolID {
            return .returning
        } else if teacher.onTerm, case .moveTo? = teacher.lock {
            // The office moves the teacher elsewhere: a lock, as for anybody.
        } else if teacher.onTerm, let end = teacher.termEndYear {
            return end < year ? .returning : .midTerm
        }
        if teacher.exemption != nil { return .exempt }
        if age(of: teacher) >= retirementAge(of: teacher.gender) - retirementExemptYears { return .retirement }
        if teacher.yearsAtSchool < (teacher.role.isLeader ? leaderTenureYears : tenureYears) { return .tenure }
        return .eligible
    }
}
