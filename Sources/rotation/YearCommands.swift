import ArgumentParser
import CountyData
import Foundation
import Ledger
import OutputFiles
import PlanReports
import RotationPlanner
import RotationModel
import YearCycle

/// `rotation adopt`: next year's county from this year's and the adopted plan, and the plan into the ledger.
struct AdoptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Adopts a plan: writes next year's county (which validate accepts) and appends the plan to the ledger.",
        discussion: """
        Movers are at their new schools with years_at_school 0 (a transfer with left_school_id/left_year, a term with \
        home_school_id/term_end_year); returners are home; everybody else has a year more; locks and objections are \
        cleared; the policy's year is one more. The ledger (SQLite) keeps every adopted plan; a year is adopted once. \
        Nothing of the inputs is changed.
        """)

    @Argument(help: "The plan folder to adopt (written by rotation plan).") var plan: String
    @Option(help: "The county the plan was made from.") var county: String
    @Option(help: "The folder to write next year's county into.") var out: String
    @Option(help: "The ledger (SQLite database); default ledger.sqlite beside --out.") var ledger: String?
    @Option(help: "The language of the terminal: zh or en.") var lang: ReportLanguage = .zh

    func run() throws {
        let zh = lang == .zh
        let planURL = URL(fileURLWithPath: plan), outURL = URL(fileURLWithPath: out)
        // The policy the plan was made with (its folder's policy.yaml, with --set applied), else the county's.
        let planPolicy = planURL.appendingPathComponent(PlanFiles.policyFile)
        let usedPolicy = FileManager.default.fileExists(atPath: planPolicy.path) ? planPolicy : nil
        let dataset = try DatasetOptions.load(county, policy: usedPolicy, lang: lang)
        let folder = try readInput(lang) { try PlanFolder(planURL, county: dataset.county) }
        guard folder.year == dataset.policy.year else {
            warn(zh ? "方案是 \(folder.year) 学年的，而 \(county) 的政策学年是 \(dataset.policy.year)：请用制定该方案的县数据"
                 : "the plan is for \(folder.year), but \(county) is planned for \(dataset.policy.year): adopt a plan into the county it was made from")
            throw Exit.badInput
        }
        let ledgerPath = ledger ?? outURL.deletingLastPathComponent().appendingPathComponent("ledger.sqlite").path
        let inputs = [dataset.folder, planURL, URL(fileURLWithPath: ledgerPath)]
        do { try OutputDirectory(outURL).check(protecting: inputs) } catch { warn(describe(error, lang)); throw Exit.badInput }
        let book: Ledger
        do { book = try Ledger(path: ledgerPath) } catch let f as Ledger.Failure { warn(zh ? f.chinese : f.description); throw Exit.badInput }
        let adopted: (county: County, policy: Policy, plan: LedgerPlan)
        do {
            adopted = try Adoption.adopt(
                folder.moves, status: folder.status, county: dataset.county, policy: dataset.policy, ledger: book,
                countyHash: DatasetOptions.fingerprint(of: dataset.folder, files: ["schools.csv", "teachers.csv", "needs.csv", "county.xlsx"]),
                policyHash: DatasetOptions.fingerprint(of: usedPolicy?.deletingLastPathComponent() ?? dataset.folder, files: ["policy.yaml"]),
                write: { county, policy in try CountyWriter.write(county, policy: policy, to: outURL) })
        } catch let f as Ledger.Failure { warn(zh ? f.chinese : f.description); throw Exit.badInput
        } catch { warn(describe(error, lang)); throw Exit.badInput }
        let returners = adopted.plan.returners, movers = adopted.plan.movers
        print(zh ? "已采用 \(folder.year) 学年方案：交流 \(movers) 人，期满返回 \(returners) 人；\(adopted.policy.year) 学年的县数据已写入 \(out)，台账：\(ledgerPath)"
              : "Adopted the plan for \(folder.year): \(movers) movers, \(returners) returners; the county for \(adopted.policy.year) is in \(out); ledger: \(ledgerPath)")
    }
}

/// `rotation history`: a teacher's or a school's exchanges from the ledger.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Lists a teacher's or a school's exchanges from the ledger, with a teacher's rural service years.")

    @Option(help: "The ledger (SQLite database written by rotation adopt).") var ledger: String
    @Option(help: "A teacher's id.") var teacher: String?
    @Option(help: "A school's id.") var school: String?
    @Option(help: "The language of the terminal: zh or en.") var lang: ReportLanguage = .zh

    func validate() throws {
        guard (teacher == nil) != (school == nil) else { throw ValidationError("give --teacher ID or --school ID") }
    }

    func run() throws {
        let zh = lang == .zh
        guard FileManager.default.fileExists(atPath: ledger) else {
            warn(zh ? "台账不存在：\(ledger)" : "no ledger at \(ledger)"); throw Exit.badInput
        }
        let book: Ledger
        do { book = try Ledger(path: ledger) } catch let f as Ledger.Failure { warn(zh ? f.chinese : f.description); throw Exit.badInput }
        func kind(_ k: String) -> String { zh ? (MoveKind(rawValue: k)?.chinese ?? k) : k }
        if let teacher {
            let moves = try book.moves(teacher: teacher)
            let rural = try book.ruralYears(teacher: teacher)
            print(zh ? "教师 \(teacher)：\(moves.count) 次交流；台账记录的乡村任教年限 \(rural) 年" : "Teacher \(teacher): \(moves.count) exchanges; rural service years in the ledger: \(rural)")
            for m in moves {
                let end = m.termEndYear.map { zh ? "（至 \($0) 学年）" : " (until \($0))" } ?? ""
                print("  \(m.year)  \(kind(m.kind))  \(m.fromSchoolName) (\(m.fromSchoolID)) → \(m.toSchoolName) (\(m.toSchoolID))\(end)")
            }
        } else if let school {
            let moves = try book.moves(school: school)
            print(zh ? "学校 \(school)：\(moves.count) 条交流记录" : "School \(school): \(moves.count) exchanges")
            for m in moves {
                let out = m.fromSchoolID == school
                let direction = out ? (zh ? "调出" : "out") : (zh ? "调入" : "in")
                let other = out ? "\(m.toSchoolName) (\(m.toSchoolID))" : "\(m.fromSchoolName) (\(m.fromSchoolID))"
                print("  \(m.year)  \(direction)  \(kind(m.kind))  \(m.teacherName) (\(m.teacherID))  \(out ? "→" : "←") \(other)")
            }
        }
    }
}

/// `rotation simulate`: several years of plan, adopt and ageing, side by side.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Plans, adopts and ages the county year after year; writes each year's plan and simulation.csv / simulation.html.",
        discussion: """
        Each year: plan (with the ledger's history, so no-return covers every school left within no_return_years), \
        adopt (next year's county; the plan into the ledger), then teachers reaching retirement age leave and, with \
        --hires, new teachers fill the needs left open. Stops at a year whose policy cannot be met. Deterministic.
        """)

    @OptionGroup var data: DatasetOptions
    @Option(help: "How many years.") var years: Int = 5
    @Option(help: "The folder to write into (each year's plan, ledger.sqlite, simulation.csv, simulation.html).") var out: String = "simulation"
    @Flag(help: "Hire new teachers for the needs left open after retirements.") var hires = false
    @Flag(help: "No progress line.") var quiet = false

    func validate() throws {
        guard (1...30).contains(years) else { throw ValidationError("--years must be from 1 to 30") }
    }

    func run() throws {
        let zh = data.lang == .zh
        let dataset = try data.load()
        let outURL = URL(fileURLWithPath: out)
        let inputs = data.inputs(dataset)
        do { try OutputDirectory(outURL).check(protecting: inputs) } catch { warn(describe(error, data.lang)); throw Exit.badInput }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-ledger-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let clock = ContinuousClock.now
        var folder = OutputDirectory(outURL)
        let rows: [SimulationYear]
        do {
            let book = try Ledger(path: scratch.path)
            let live = LiveProgress(language: data.lang, quiet: quiet)
            var planner = Planner.glpk
            let first = dataset.policy.year
            planner.progress = live.callback(label: nil)
            let simulation = Simulation(planner: planner, hires: hires)
            rows = try simulation.run(
                county: dataset.county, policy: dataset.policy, years: years, ledger: book, language: data.lang, output: &folder,
                progress: { year in
                    live.label = zh ? "\(year) 学年（第 \(year - first + 1)/\(years) 年）" : "\(year) (year \(year - first + 1) of \(years))"
                })
            live.clear()
        } catch let f as Ledger.Failure { warn(zh ? f.chinese : f.description); throw Exit.badInput }
        folder.add("ledger.sqlite", data: try Data(contentsOf: scratch))
        folder.add("simulation.csv", Simulation.csv(rows))
        let title = zh ? "\(dataset.policy.year)–\(dataset.policy.year + years - 1) 学年模拟" : "Simulation \(dataset.policy.year)–\(dataset.policy.year + years - 1)"
        folder.add("simulation.html", Simulation.html(rows, title: title, language: data.lang))
        try write(folder, inputs: inputs, lang: data.lang)
        var table = [zh ? ["学年", "状态", "交流", "返回", "新按期", "学科缺口", "退休", "新聘"] : ["year", "status", "movers", "returners", "new terms", "unmet", "retired", "hired"]]
        for r in rows {
            table.append([String(r.year), zh ? ComparisonWords.status(r.status) : r.status, String(r.movers), String(r.returners),
                          String(r.newTerms), String(r.unmetNeed), String(r.retired), String(r.hired)])
        }
        for line in TextWidth.table(table, leftAligned: 2) { print(line) }
        if let stop = rows.last, let problem = stop.problem {
            print(zh ? "\(stop.year) 学年政策无法满足，模拟停止：\(problem)" : "The policy cannot be met in \(stop.year); the simulation stops: \(problem)")
        }
        let seconds = String(format: "%.1f", Double((ContinuousClock.now - clock).components.seconds) + Double((ContinuousClock.now - clock).components.attoseconds) / 1e18)
        print(zh ? "\(rows.count) 个学年，用时 \(seconds) 秒；已写入 \(out)/simulation.csv、\(out)/simulation.html、\(out)/ledger.sqlite 及各学年方案"
              : "\(rows.count) years in \(seconds) s; written: \(out)/simulation.csv, \(out)/simulation.html, \(out)/ledger.sqlite and each year's plan")
        if let last = rows.last, last.problem != nil { throw last.status == "no plan" ? Exit.noPlan : Exit.cannotMeet }
    }
}

/// Status words for the terminal.
enum ComparisonWords {
    static func status(_ code: String) -> String {
        ["optimal": "最优", "feasible": "可行", "cannot meet": "无法满足", "no plan": "未找到方案"][code] ?? code
    }
}
