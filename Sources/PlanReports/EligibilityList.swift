import Foundation
import OutputFiles
import RotationModel
import Spreadsheets

/// The public list (可交流人员公示): every teacher, school by school, whether eligible to move this year and the
/// public reason. A private exemption code never appears: an exempt teacher reads "免于交流（个人原因）".
public enum EligibilityList {
    public static let file = "eligible.csv"
    public static let workbook = "eligible.xlsx"

    /// `eligible.xlsx`: the sheet 可交流人员公示 alone, for printing and posting.
    public static func workbook(_ county: County, _ policy: Policy, language: ReportLanguage) throws -> Data {
        try WorkbookWriter.data([sheet(county, policy, language: language)], created: Workbook.created(year: policy.year))
    }

    /// `eligible.csv`: `school_id, school_name, teacher_id, teacher_name, subject, years_at_school, eligible,
    /// reason, public_reason` — `reason` the stable code (`eligible`, `tenure`, `retirement`, `lock`, `exempt`),
    /// `public_reason` the sentence in `language`.
    public static func csv(_ county: County, _ policy: Policy, language: ReportLanguage = .zh) -> String {
        CSVText.make(header: ["school_id", "school_name", "teacher_id", "teacher_name", "subject", "years_at_school",
                              "eligible", "reason", "public_reason"],
                     rows: entries(county, policy).map { e in
                         [e.school.id, e.school.name, e.teacher.id, e.teacher.name, e.teacher.subject, String(e.teacher.yearsAtSchool),
                          String(e.eligibility.isEligible), e.eligibility.rawValue, publicReason(e.eligibility, e.teacher, policy, language)]
                     })
    }

    /// The sheet 可交流人员公示 of the workbook: the same list in `language`'s words (no codes).
    public static func sheet(_ county: County, _ policy: Policy, language: ReportLanguage) -> Sheet {
        let zh = language == .zh
        return Sheet(name: zh ? "可交流人员公示" : "Public list",
                     header: zh ? ["学校代码", "学校", "教师编号", "姓名", "任教学科", "本校任教年限", "是否符合交流条件", "说明"]
                        : ["School id", "School", "Teacher id", "Name", "Subject", "Years at school", "Eligible", "Reason"],
                     rows: entries(county, policy).map { e in
                         [.text(e.school.id), .text(e.school.name), .text(e.teacher.id), .text(e.teacher.name), .text(e.teacher.subject),
                          .integer(e.teacher.yearsAtSchool), .text(e.eligibility.isEligible ? (zh ? "是" : "yes") : (zh ? "否" : "no")),
                          .text(publicReason(e.eligibility, e.teacher, policy, language))]
                     })
    }

    /// Every teacher, school by school in input order, by teacher id within a school.
    static func entries(_ county: County, _ policy: Policy) -> [(school: School, teacher: Teacher, eligibility: Eligibility)] {
        let bySchool = Dictionary(grouping: county.teachers, by: \.schoolID)
        return county.schools.flatMap { school in
            (bySchool[school.id] ?? []).sorted { $0.id < $1.id }.map { (school, $0, policy.eligibility(of: $0)) }
        }
    }

    /// The reason as it is published: never the private exemption code.
    public static func publicReason(_ e: Eligibility, _ teacher: Teacher, _ policy: Policy, _ language: ReportLanguage) -> String {
        let zh = language == .zh
        switch e {
        case .eligible: return zh ? "任教满 \(teacher.yearsAtSchool) 年，符合交流条件" : "\(teacher.yearsAtSchool) years at the school: eligible"
        case .tenure:
            let years = teacher.role.isLeader ? policy.leaderTenureYears : policy.tenureYears
            let who = teacher.role.isLeader ? (zh ? "干部" : "leaders: ") : ""
            return zh ? "未满\(who)交流年限（本校任教 \(teacher.yearsAtSchool) 年，需满 \(years) 年）"
                : "fewer than \(years) years at the school (\(who)\(teacher.yearsAtSchool))"
        case .retirement: return zh ? "临近退休" : "near retirement"
        case .lockedStay: return zh ? "已确定留任" : "decided to stay"
        case .midTerm: return zh ? "交流期未满（至 \(teacher.termEndYear ?? policy.year) 学年）" : "serving a term (until \(teacher.termEndYear ?? policy.year))"
        case .returning: return zh ? "交流期满，返回原学校" : "term ended: returns to the home school"
        case .exempt: return zh ? "免于交流（个人原因）" : "exempt (personal reasons)"
        }
    }
}
