import ArgumentParser
import CountyData
import Foundation
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
        for e in report.issues.errors { print(e) }
        for w in report.issues.warnings { print(w) }
        for line in report.issues.unlistedSummary { print(line) }
        if let county = report.county, let policy = report.policy {
            print(glance(county, policy))
        }
        print("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
              + (errors == 0 ? ": the dataset can be planned." : ": fix the errors before planning."))
        if errors > 0 { throw Exit.badInput }
    }

    func glance(_ county: County, _ policy: Policy) -> String {
        var lines = ["", "County at a glance (\(policy.year)):"]
        lines.append("  schools: \(county.schools.count)")
        for level in SchoolLevel.allCases {
            let ofLevel = county.schools.filter { $0.level == level }
            guard !ofLevel.isEmpty else { continue }
            let byArea = Area.allCases.map { a in "\(a.rawValue) \(ofLevel.count { $0.area == a })" }.joined(separator: ", ")
            lines.append("    \(level.rawValue): \(ofLevel.count) (\(byArea))")
        }
        let eligibility = county.teachers.map { policy.eligibility(of: $0) }
        lines.append("  teachers: \(county.teachers.count)")
        lines.append("  eligible to move: \(eligibility.count { $0.isEligible })")
        let why: [(Eligibility, String)] = [(.tenure, "fewer than \(policy.tenureYears) years at the school"),
                                             (.exempt, "exempt"), (.retirement, "near retirement"), (.lockedStay, "locked to stay")]
        for (e, text) in why {
            let n = eligibility.count { $0 == e }
            if n > 0 { lines.append("    not eligible, \(text): \(n)") }
        }
        let locks = county.teachers.count { if case .moveTo? = $0.lock { return true }; return false }
        if locks > 0 { lines.append("  locked moves: \(locks)") }
        let couples = county.teachers.count { $0.partnerID != nil } / 2
        if couples > 0 { lines.append("  couples: \(couples)") }
        let before = Assessment.before(county: county, policy: policy)
        lines.append("  unmet subject need: \(before.unmetNeed)"
                     + (before.unmetBySubject.isEmpty ? "" : " (" + before.unmetBySubject.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                        .map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
        return lines.joined(separator: "\n")
    }
}
