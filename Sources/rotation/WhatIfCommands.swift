import OutputFiles
import ArgumentParser
import CountyData
import Foundation
import PlanReports
import PolicyWhatIf
import RotationModel
import RotationPlanner

/// Reads scenario arguments, or lists every problem and exits 2.
private func scenarioPolicies(_ scenarios: [Scenario], base: Policy, _ language: ReportLanguage) throws -> [(scenario: Scenario, policy: Policy)] {
    var out: [(Scenario, Policy)] = []
    var failed = false
    for s in scenarios {
        do { out.append((s, try s.policy(from: base))) } catch let invalid as InvalidDataset {
            for issue in invalid.issues { warn("  " + issue.text(language.rawValue)) }
            failed = true
        }
    }
    let zh = language == .zh
    if failed { warn(zh ? "有方案无法读取，未做任何规划。" : "Some scenarios cannot be read; nothing was planned."); throw Exit.badInput }
    let names = out.map(\.0.name)
    if Set(names).count != names.count {
        warn(zh ? "有两个方案同名：请给每个方案起不同的名字。" : "Two scenarios have the same name: name each one differently."); throw Exit.badInput
    }
    return out
}

func readInput<T>(_ language: ReportLanguage, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let invalid as InvalidDataset {
        for issue in invalid.issues { warn("  " + issue.text(language.rawValue)) }
        throw Exit.badInput
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Plans several policy scenarios on the same county, in parallel, and shows them side by side.",
        discussion: """
        A scenario is a YAML file of policy keys with an optional `name:` (applied on top of the dataset's policy), \
        or NAME:key=value,key=value on the command line (`base` alone: the dataset's policy). Writes \
        comparison.csv and comparison.html into --out. A scenario that cannot be met shows its diagnosis in its \
        column.
        """)

    @OptionGroup var data: DatasetOptions
    @Option(name: .customLong("scenario"), help: ArgumentHelp("A scenario file or NAME:key=value,…; repeat for each.", valueName: "scenario"))
    var scenarios: [String] = []
    @Option(help: "The folder to write comparison.csv and comparison.html into.") var out: String = "comparison"
    @Flag(help: "No progress line.") var quiet = false

    func run() throws {
        guard !scenarios.isEmpty else { throw ValidationError("give at least one --scenario (for example --scenario base --scenario rate15:rotation_rate=0.15)") }
        let dataset = try data.load()
        let parsed = try readInput(data.lang) { try scenarios.map(Scenario.parse) }
        let runs = try scenarioPolicies(parsed, base: dataset.policy, data.lang)
        let outURL = URL(fileURLWithPath: out)
        let inputs = data.inputs(dataset) + scenarios.map { URL(fileURLWithPath: $0) }
        do { try OutputDirectory(outURL).check(protecting: inputs) } catch { warn(describe(error, data.lang)); throw Exit.badInput }
        let clock = ContinuousClock.now
        let live = LiveProgress(language: data.lang, quiet: quiet)
        let results = ScenarioRunner(planner: .glpk).run(county: dataset.county, scenarios: runs, progress: live.scenarioCallback())
        live.clear()
        let table = ComparisonTable(results)
        var folder = OutputDirectory(outURL)
        folder.add("comparison.csv", table.csv)
        let zh = data.lang == .zh
        folder.add("comparison.html", WhatIfPages.comparison(table, title: zh ? "\(dataset.policy.year) 学年政策方案对比" : "Policy scenarios for \(dataset.policy.year)",
                                                             language: data.lang))
        try write(folder, inputs: inputs, lang: data.lang)
        print(table.text(language: data.lang.rawValue))
        let seconds = String(format: "%.1f", (ContinuousClock.now - clock).seconds), cores = ProcessInfo.processInfo.activeProcessorCount
        print(zh ? "\(results.count) 个方案用 \(cores) 个核心在 \(seconds) 秒内完成；已写入 \(out)/comparison.csv、\(out)/comparison.html"
              : "\(results.count) scenarios planned in \(seconds) s on \(cores) cores; written: \(out)/comparison.csv, \(out)/comparison.html")
    }
}

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Plans the county for each value of one policy key and shows how the figures move.",
        discussion: "Example: rotation sweep Examples/medium-county --vary rotation_rate=0.05:0.30:0.05")

    @OptionGroup var data: DatasetOptions
    @Option(help: ArgumentHelp("The key and its values, key=from:to:step.", valueName: "key=from:to:step")) var vary: String
    @Option(help: "The folder to write sweep.csv and sweep.html into.") var out: String = "sweep"
    @Flag(help: "No progress line.") var quiet = false

    func run() throws {
        let dataset = try data.load()
        let sweep = try readInput(data.lang) { try Sweep.parse(vary) }
        let runs = try scenarioPolicies(sweep.scenarios, base: dataset.policy, data.lang)
        let outURL = URL(fileURLWithPath: out)
        let inputs = data.inputs(dataset)
        do { try OutputDirectory(outURL).check(protecting: inputs) } catch { warn(describe(error, data.lang)); throw Exit.badInput }
        let live = LiveProgress(language: data.lang, quiet: quiet)
        let results = ScenarioRunner(planner: .glpk).run(county: dataset.county, scenarios: runs, progress: live.scenarioCallback())
        live.clear()
        let table = ComparisonTable(results)
        var folder = OutputDirectory(outURL)
        folder.add("sweep.csv", table.csv)
        let zh = data.lang == .zh
        folder.add("sweep.html", WhatIfPages.sweep(table, sweep: sweep, results: results, title: zh ? "\(sweep.key) 取值扫描" : "Sweep of \(sweep.key)",
                                                   language: data.lang))
        try write(folder, inputs: inputs, lang: data.lang)
        print(table.text(language: data.lang.rawValue))
        if let first = results.firstIndex(where: { $0.plan == nil }) {
            print(zh ? "当 \(sweep.key) = \(sweep.values[first]) 时政策无法满足：\(results[first].problem("zh") ?? "")"
                  : "The policy stops being met at \(sweep.key) = \(sweep.values[first]): \(results[first].problem ?? "")")
        }
        print(zh ? "已写入：\(out)/sweep.csv、\(out)/sweep.html" : "Written: \(out)/sweep.csv, \(out)/sweep.html")
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Lists the teachers whose destination differs between two plan folders.")

    @Argument(help: "The first plan folder (written by rotation plan).") var planA: String
    @Argument(help: "The second plan folder.") var planB: String
    @Option(help: "Also write the differences as CSV to this file.") var csv: String?
    @Option(help: "The language of the terminal: zh or en.") var lang: ReportLanguage = .zh

    func run() throws {
        let diff = try readInput(lang) { try PlanDiff(planA: URL(fileURLWithPath: planA), planB: URL(fileURLWithPath: planB)) }
        if let csv {
            let url = URL(fileURLWithPath: csv)
            for input in [planA, planB] where url.standardizedFileURL.path.hasPrefix(URL(fileURLWithPath: input).standardizedFileURL.path + "/") {
                warn("refusing to write \(csv) inside the plan folder \(input)"); throw Exit.badInput
            }
            do { try Data(diff.csv.utf8).write(to: url, options: .atomic) } catch { warn("could not write \(csv): \(error.localizedDescription)"); throw Exit.badInput }
        }
        let zh = lang == .zh
        print(zh ? "\(planA)：交流 \(diff.moversA) 人；\(planB)：交流 \(diff.moversB) 人；\(diff.rows.count) 名教师去向不同"
              : "\(planA): \(diff.moversA) movers; \(planB): \(diff.moversB) movers; \(diff.rows.count) teacher\(diff.rows.count == 1 ? "" : "s") with a different destination")
        for r in diff.rows {
            let why = r.why.text(lang.rawValue)
            func place(_ p: PlanDiff.Place) -> String {
                switch p {
                case .stays: return zh ? "留任" : "stays at \(r.from)"
                case .school(let name, let id): return "\(name) (\(id))"
                }
            }
            print(zh ? "  \(r.teacherID) \(r.teacherName)（\(r.subject)，\(r.from)）：A → \(place(r.placeA))；B → \(place(r.placeB))" + (why.isEmpty ? "" : " —— \(why)")
                  : "  \(r.teacherID) \(r.teacherName) (\(r.subject), from \(r.from)): A → \(place(r.placeA)); B → \(place(r.placeB))" + (why.isEmpty ? "" : " — \(why)"))
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Why a teacher moves or stays, and what would change if they went to another school.",
        discussion: "Without --to, a mover is asked about staying. Exit code 3 when the asked-for move breaks a rule.")

    @OptionGroup var data: DatasetOptions
    @Option(help: "The teacher's id.") var teacher: String
    @Option(help: "A school to send the teacher to instead.") var to: String?
    @Flag(help: "No progress line.") var quiet = false

    func run() throws {
        let dataset = try data.load()
        let explanation: Explanation
        let live = LiveProgress(language: data.lang, quiet: quiet)
        var planner = Planner.glpk
        let zh = data.lang == .zh
        planner.progress = live.callback(label: zh ? "方案" : "the plan")
        do {
            explanation = try Explanation.explain(county: dataset.county, policy: dataset.policy, teacherID: teacher, to: to, planner: planner,
                                                  forcedProgress: live.callback(label: zh ? "假设的调动" : "with the move"),
                                                  language: data.lang.rawValue)
        } catch let e as ExplainError { live.clear(); warn(data.lang == .zh ? e.chinese : "\(e)"); throw Exit.badInput }
        live.clear()
        print(explanation.text, terminator: "")
        if !explanation.brokenRules.isEmpty { throw Exit.cannotMeet }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
