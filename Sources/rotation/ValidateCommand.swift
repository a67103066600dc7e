import ArgumentParser
import CountyData
import Foundation
import PlanReports
import RotationModel

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks a county dataset and shows the county at a glance.",
        discussion: "Lists every problem at once, each with file, line, column, the value found and what was expected. Exit code 2 when there are errors.")

    @OptionGroup var data: DatasetOptions

    func run() throws {
        let report = DatasetReader.read(folder: data.folder, policyFile: data.policyURL, overrides: data.overrides)
        let errors = report.issues.errorCount, warnings = report.issues.warningCount
        let lang = data.lang.rawValue
        for e in report.issues.errors { print(e.text(lang)) }
        for w in report.issues.warnings { print(w.text(lang)) }
        for line in report.issues.unlistedSummary(lang) { print(line) }
        if let county = report.county, let policy = report.policy {
            print(glance(county, policy))
        }
        if data.lang == .zh {
            print("\(errors) 个错误，\(warnings) 个警告：" + (errors == 0 ? "数据可以用于规划。" : "请先改正错误再规划。"))
        } else {
            print("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
                  + (errors == 0 ? ": the dataset can be planned." : ": fix the errors before planning."))
        }
        if errors > 0 { throw Exit.badInput }
    }

    func glance(_ county: County, _ policy: Policy) -> String {
        let l = data.lang, zh = l == .zh
        var lines = ["", zh ? "全县概况（\(policy.year) 学年）：" : "County at a glance (\(policy.year)):"]
        lines.append(zh ? "  学校：\(county.schools.count) 所" : "  schools: \(county.schools.count)")
        for level in SchoolLevel.allCases {
            let ofLevel = county.schools.filter { $0.level == level }
            guard !ofLevel.isEmpty else { continue }
            let byArea = Area.allCases.map { a in "\(zh ? l.area(a) : a.rawValue) \(ofLevel.count { $0.area == a })" }.joined(separator: zh ? "，" : ", ")
            lines.append(zh ? "    \(l.schoolLevel(level))：\(ofLevel.count)（\(byArea)）" : "    \(level.rawValue): \(ofLevel.count) (\(byArea))")
        }
        let eligibility = county.teachers.map { policy.eligibility(of: $0) }
        lines.append(zh ? "  教师：\(county.teachers.count) 人" : "  teachers: \(county.teachers.count)")
        lines.append(zh ? "  符合交流条件：\(eligibility.count { $0.isEligible }) 人" : "  eligible to move: \(eligibility.count { $0.isEligible })")
        let why: [(Eligibility, String, String)] = [(.tenure, "本校任教未满交流年限（教师 \(policy.tenureYears) 年，干部 \(policy.leaderTenureYears) 年）",
                                                      "fewer than tenure_years at the school (teachers \(policy.tenureYears), leaders \(policy.leaderTenureYears))"),
                                                     (.exempt, "免于交流", "exempt"), (.retirement, "临近退休", "near retirement"),
                                                     (.lockedStay, "已确定留任", "locked to stay"),
                                                     (.midTerm, "交流期未满", "serving a term"), (.returning, "交流期满返回", "returning from a term")]
        for (e, zhText, enText) in why {
            let n = eligibility.count { $0 == e }
            if n > 0 { lines.append(zh ? "    不符合（\(zhText)）：\(n)" : "    not eligible, \(enText): \(n)") }
        }
        let locks = county.teachers.count { if case .moveTo? = $0.lock { return true }; return false }
        if locks > 0 { lines.append(zh ? "  人工确定的调动：\(locks)" : "  locked moves: \(locks)") }
        let couples = county.teachers.count { $0.partnerID != nil } / 2
        if couples > 0 { lines.append(zh ? "  夫妻：\(couples) 对" : "  couples: \(couples)") }
        let before = Assessment.before(county: county, policy: policy)
        let bySubject = before.unmetBySubject.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
        lines.append(zh ? "  学科缺口：\(before.unmetNeed)" + (bySubject.isEmpty ? "" : "（" + bySubject.joined(separator: "，") + "）")
                     : "  unmet subject need: \(before.unmetNeed)" + (bySubject.isEmpty ? "" : " (" + bySubject.joined(separator: ", ") + ")"))
        return lines.joined(separator: "\n")
    }
}
