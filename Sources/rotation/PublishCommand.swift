import ArgumentParser
import CountyData
import Foundation
import OutputFiles
import PlanReports

/// `rotation publish`: the public list of who is eligible to move this year, before any plan.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Writes the public list (可交流人员公示): every teacher, school by school, eligible or not and why.",
        discussion: "A private exemption reason never appears: an exempt teacher reads 免于交流（个人原因）. Written atomically into --out.")

    @OptionGroup var data: DatasetOptions
    @Option(help: "The folder to write eligible.csv and eligible.xlsx into.") var out: String = "publish"
    var lang: ReportLanguage { data.lang }

    func run() throws {
        let dataset = try data.load()
        let outURL = URL(fileURLWithPath: out)
        try write({
            var folder = OutputDirectory(outURL)
            folder.add(EligibilityList.file, EligibilityList.csv(dataset.county, dataset.policy, language: lang))
            folder.add(EligibilityList.workbook, data: try EligibilityList.workbook(dataset.county, dataset.policy, language: lang))
            return folder
        }, inputs: data.inputs(dataset))
        let eligible = dataset.county.teachers.count { dataset.policy.eligibility(of: $0).isEligible }
        let total = dataset.county.teachers.count
        print(lang == .zh ? "可交流人员公示：\(total) 名教师中 \(eligible) 名符合交流条件；已写入 \(out)/\(EligibilityList.file)、\(out)/\(EligibilityList.workbook)"
              : "Public list: \(eligible) of \(total) teachers eligible; written: \(out)/\(EligibilityList.file), \(out)/\(EligibilityList.workbook)")
    }
}
