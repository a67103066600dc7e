import OutputFiles
import RotationModel

/// The public list (可交流人员公示): every teacher, school by school, whether eligible to move this year and the
/// public reason. A private exemption code never appears: an exempt teacher reads "免于交流（个人原因）".
public enum EligibilityList {
    public static let file = "eligible.csv"

    /// `eligible.csv`: `school_id, school_name, teacher_id, teacher_name, subject, years_at_school, eligible,
    /// reason, public_reason` — `reason` the stable code (`eligible`, `tenure`, `retirement`, `lock`, `exempt`),
    /// `public_reason` the sentence in `language`.
    public static func csv(_ county: County, _ policy: Policy, language: ReportLanguage = .zh) -> String {
        var rows: [[String]] = []
        for school in county.schools {
            for teacher in county.teachers.filter({ $0.schoolID == school.id }).sorted(by: { $0.id < $1.id }) {
                let e = policy.eligibility(of: teacher)
                rows.append([school.id, school.name, teacher.id, teacher.name, teacher.subject, String(teacher.yearsAtSchool),
                             String(e.isEligible), e.rawValue, publicReason(e, teacher, policy, language)])
            }
        }
        return CSVText.make(header: ["school_id", "school_name", "teacher_id", "teacher_name", "subject", "years_at_school",
                                     "eligible", "reason", "public_reason"], rows: rows)
    }

    /// The reason as it is published: never the private exemption code.
    public static func publicReason(_ e: Eligibility, _ teacher: Teacher, _ policy: Policy, _ language: ReportLanguage) -> String {
        let zh = language == .zh
        switch e {
        case .eligible: return zh ? "任教满 \(teacher.yearsAtSchool) 年，符合交流条件" : "\(teacher.yearsAtSchool) years at the school: eligible"
        case .tenure:
            return zh ? "未满交流年限（本校任教 \(teacher.yearsAtSchool) 年，需满 \(policy.tenureYears) 年）"
                : "fewer than \(policy.tenureYears) years at the school (\(teacher.yearsAtSchool))"
        case .retirement: return zh ? "临近退休" : "near retirement"
        case .lockedStay: return zh ? "已确定留任" : "decided to stay"
        case .exempt: return zh ? "免于交流（个人原因）" : "exempt (personal reasons)"
        }
    }
}
