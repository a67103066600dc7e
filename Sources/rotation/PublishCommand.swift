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
    @Option(help: "The folder to write eligible.csv into.") var out: String = "publish"
    @Option(help: "The language of the public reasons: zh or en.") var lang: ReportLanguage = .zh

    func run() throws {
        let dataset = try data.load()
        let outURL = URL(fileURLWithPath: out)
        var folder = OutputDirectory(outURL)
        folder.add(EligibilityList.file, EligibilityList.csv(dataset.county, dataset.policy, language: lang))
        try write(folder, inputs: [dataset.folder] + (data.policyURL.map { [$0] } ?? []))
        let eligible = dataset.county.teachers.count { dataset.policy.eligibility(of: $0).isEligible }
        print("\(lang == .zh ? "可交流人员公示" : "Public list"): \(eligible) of \(dataset.county.teachers.count) "
              + "\(lang == .zh ? "名教师符合交流条件" : "teachers eligible"); written: \(out)/\(EligibilityList.file)")
    }
}
