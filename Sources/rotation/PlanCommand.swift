import OutputFiles
import ArgumentParser
import CountyData
import Foundation
import GLPKBackend
import IntegerProgramming
import PlanReports
import PolicyWhatIf
import RotationModel
import RotationPlanner

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plans the year's rotation and writes the transfer list.",
        discussion: """
        Writes transfers.csv, schools.csv, summary.json, the workbook transfers.xlsx and the HTML pages into --out (all at once: a failed run leaves no \
        partial plan). When the policy cannot be met, writes diagnosis.txt and diagnosis.json instead and exits 3.
        """)

    @OptionGroup var data: DatasetOptions

    @Option(help: "The folder to write the plan into.") var out: String = "plan"
    @Option(help: "Also write the integer program as CPLEX LP to this file (for cross-checking with other solvers).")
    var exportLP: String?
    /// The language of the terminal, transfers.xlsx and the HTML pages (`--lang`, with the dataset options).
    var lang: ReportLanguage { data.lang }
    @Option(help: ArgumentHelp("Re-plan after objections, keeping this earlier plan folder's list as far as the rules allow: first the fewest changed destinations (proven), then the usual objective.", valueName: "PLAN_DIR"))
    var previous: String?
    @Flag(help: "Write no HTML pages.") var noPages = false
    @Flag(help: "Give GLPK the whole program at once instead of pricing in moves (slower; for cross-checking).")
    var wholeProgram = false
    @Flag(help: "No progress line and no summary; only errors.") var quiet = false
    @Flag(help: "Print each solver phase with its size and time, and GLPK's own log.") var verbose = false

    func run() throws {
        let dataset = try data.load(quietWarnings: quiet)
        let outURL = URL(fileURLWithPath: out)
        let previousURL = previous.map { URL(fileURLWithPath: $0) }
        let inputs = data.inputs(dataset) + (previousURL.map { [$0] } ?? [])
        let previousPlan = try previousURL.map { url in try readInput(lang) { try PlanDiff.previousPlan(url) } }
        do { try OutputDirectory(outURL).check(protecting: inputs) } catch {
            warn(describe(error, lang)); throw Exit.badInput
        }
        if let exportLP {
            let program = Planner.glpk.program(county: dataset.county, policy: dataset.policy)
            do { try GLPKSolver().writeLP(program, to: exportLP) } catch { warn("\(error)"); throw Exit.badInput }
        }
        let live = LiveProgress(language: lang, quiet: quiet)
        var planner = Planner.glpk
        planner.columnGeneration = !wholeProgram
        planner.progress = live.callback()
        if verbose {
            planner.options.keepLog = true
            planner.trace = { @Sendable line in warn(line) }
        }
        let outcome = planner.plan(county: dataset.county, policy: dataset.policy, previous: previousPlan)
        switch outcome {
        case .plan(let plan):
            live.say("写入方案文件", "writing the plan's files")
            let written = Result { try write({ try PlanFiles.output(plan, to: outURL, language: lang, pages: !noPages) }, inputs: inputs, lang: lang) }
            live.clear()
            try written.get()
            if !quiet {
                print(TerminalSummary.text(plan, folder: out, language: lang))
                if let previous { print(TerminalSummary.replanLines(plan, previous: previous, language: lang).joined(separator: "\n")) }
                if !noPages {
                    print(lang == .zh ? "  网页：\(out)/index.html（全县报告及各校页面）" : "  Pages: \(out)/index.html (county report and one page per school)")
                }
            }
        case .cannotMeet(let diagnosis):
            live.clear()
            try write({ try PlanFiles.output(diagnosis, county: dataset.county, policy: dataset.policy, to: outURL, language: lang) },
                      inputs: inputs)
            print(diagnosis.text(lang.rawValue), terminator: "")
            let files = [PlanFiles.diagnosisText, PlanFiles.diagnosisJSON, PlanWorkbook.file].map { "\(out)/\($0)" }
            print(lang == .zh ? "已写入：" + files.joined(separator: "、") : "Written: " + files.joined(separator: ", "))
            throw Exit.cannotMeet
        case .noPlan(let why):
            live.clear()
            warn(lang == .zh ? "未找到方案：\(why.zh)" : "No plan: \(why.en)")
            throw Exit.noPlan
        }
    }

}

/// Writes an output folder at once, or says why not (exit 2).
func write(_ output: OutputDirectory, inputs: [URL], lang: ReportLanguage = .zh) throws { try write({ output }, inputs: inputs, lang: lang) }

/// Makes and writes an output folder at once, or says why not (exit 2).
func write(_ output: () throws -> OutputDirectory, inputs: [URL], lang: ReportLanguage = .zh) throws {
    do { try output().commit(protecting: inputs) } catch {
        warn(describe(error, lang))
        throw Exit.badInput
    }
}

extension ReportLanguage: ExpressibleByArgument {}
