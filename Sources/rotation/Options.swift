import RotationPlanner
import GLPKBackend
import Ledger
import PlanReports
import YearCycle
import ArgumentParser
import CountyData
import Foundation

/// The dataset arguments every planning command takes.
struct DatasetOptions: ParsableArguments {
    @Argument(help: "The county dataset folder (schools.csv, teachers.csv, needs.csv, policy.yaml).")
    var dataset: String

    @Option(name: .long, help: "A policy file to use instead of the dataset's policy.yaml.")
    var policy: String?

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override one policy key, e.g. --set rotation_rate=0.15 --set weights.balance=50.",
                               valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: "The language of everything a person reads (the terminal, workbooks, pages): zh or en.")
    var lang: ReportLanguage = .zh

    @Option(help: "The ledger of adopted plans (rotation adopt): the no-return rule then covers every school a teacher left within no_return_years.")
    var ledger: String?

    var folder: URL { URL(fileURLWithPath: dataset) }

    /// What a command reads, which its output may never replace: the dataset, the policy file, the ledger.
    func inputs(_ loaded: Dataset) -> [URL] {
        [loaded.folder] + (policyURL.map { [$0] } ?? []) + (ledger.map { [URL(fileURLWithPath: $0)] } ?? [])
    }
    var policyURL: URL? { policy.map { URL(fileURLWithPath: $0) } }

    /// Reads the dataset (with the ledger's past schools when given), printing warnings; on errors prints them
    /// all and exits with code 2.
    func load(quietWarnings: Bool = false) throws -> Dataset {
        var data = try Self.load(dataset, policy: policyURL, overrides: overrides, lang: lang, quietWarnings: quietWarnings)
        if let ledger {
            guard FileManager.default.fileExists(atPath: ledger) else {
                warn(lang == .zh ? "台账不存在：\(ledger)" : "no ledger at \(ledger)"); throw Exit.badInput
            }
            do {
                data.county = try Adoption.withPastSchools(data.county, from: try Ledger(path: ledger))
            } catch let f as Ledger.Failure { warn(lang == .zh ? f.chinese : f.description); throw Exit.badInput }
        }
        return data
    }

    /// A short fingerprint of the files of a dataset folder that exist (for the ledger).
    static func fingerprint(of folder: URL, files: [String]) -> String {
        var data = Data()
        for f in files { if let d = FileManager.default.contents(atPath: folder.appendingPathComponent(f).path) { data.append(d) } }
        return Ledger.fingerprint(data)
    }

    static func load(_ dataset: String, policy policyURL: URL? = nil, overrides: [String] = [], lang: ReportLanguage,
                     quietWarnings: Bool = false) throws -> Dataset {
        let folder = URL(fileURLWithPath: dataset)
        do {
            let data = try Dataset.load(folder: folder, policyFile: policyURL, overrides: overrides)
            if !quietWarnings && !data.warnings.isEmpty {
                for w in data.warnings.prefix(20) { warn("  " + w.text(lang.rawValue)) }
                if data.warnings.count > 20 {
                    warn(lang == .zh ? "  …… 另有 \(data.warnings.count - 20) 个警告（rotation validate 会全部列出）"
                         : "  … and \(data.warnings.count - 20) more warnings (rotation validate lists them all)")
                }
            }
            return data
        } catch let invalid as InvalidDataset {
            for issue in invalid.issues { warn("  " + issue.text(lang.rawValue)) }
            for line in (lang == .zh ? invalid.unlistedChinese : invalid.unlisted) { warn("  \(line)") }
            let errors = invalid.errorCount
            warn(lang == .zh ? "\(dataset) 中有 \(errors) 个错误，未做任何规划。请改正上面列出的单元格后重新运行。"
                 : "\(errors) error\(errors == 1 ? "" : "s") in \(dataset); nothing was planned. Fix the cells named above and run again.")
            throw Exit.badInput
        }
    }
}

extension Planner {
    /// The planner the tool runs: the rule catalogue's program, solved by GLPK.
    static var glpk: Planner { Planner(solver: GLPKSolver()) }
}
