import CountyData
import Foundation
import Ledger
import OutputFiles
import PlanReports
import RotationModel
import RotationPlanner

/// One simulated year: what its plan did.
public struct SimulationYear: Sendable, Equatable {
    public var year: Int
    /// `optimal`, `feasible`, `cannot meet` or `no plan` (the simulation stops at a year without a plan).
    public var status: String
    public var teachers: Int
    public var movers: Int
    public var returners: Int
    public var newTerms: Int
    public var unmetNeed: Tenths
    /// Each teacher indicator's CV after the plan, by `level.indicator`.
    public var cv: [String: Double?]
    public var retired: Int
    public var hired: Int
    /// Why there is no plan, when there is none.
    public var problem: String?
}

/// Several years in a row (`rotation simulate`): plan, adopt (next year's county and the ledger), age the roster
/// (teachers reaching retirement age leave; with `hires`, new teachers fill the needs left open), repeat. The
/// same input gives the same years.
public struct Simulation: Sendable {
    public var planner: Planner
    public var hires: Bool
    public init(planner: Planner, hires: Bool = false) { self.planner = planner; self.hires = hires }

    /// Runs `years` years from `county` and `policy`; each year's plan folder goes into `output` under its year,
    /// the ledger into `ledger`. Stops at the first year whose policy cannot be met.
    public func run(county start: County, policy first: Policy, years: Int, ledger: Ledger, language: ReportLanguage,
                    output: inout OutputDirectory, progress: ((Int) -> Void)? = nil,
                    inspect: ((County, Policy, Plan) -> Void)? = nil) throws -> [SimulationYear] {
        var county = start, policy = first
        var rows: [SimulationYear] = []
        var retiredLastYear = 0, hiredLastYear = 0
        for _ in 0..<years {
            progress?(policy.year)
            let planned = try Adoption.withPastSchools(county, from: ledger)
            let outcome = planner.plan(county: planned, policy: policy)
            guard case .plan(let plan) = outcome else {
                var problem = ""
                if case .cannotMeet(let d) = outcome { problem = d.findings.first.map { language == .zh ? $0.messageZH : $0.message } ?? "" }
                if case .noPlan(let why) = outcome { problem = why.text(language.rawValue) }
                rows.append(SimulationYear(year: policy.year, status: (outcome.isCannotMeet ? "cannot meet" : "no plan"),
                                           teachers: county.teachers.count, movers: 0, returners: 0, newTerms: 0,
                                           unmetNeed: Assessment.before(county: county, policy: policy).unmetNeed, cv: [:],
                                           retired: retiredLastYear, hired: hiredLastYear, problem: problem))
                break
            }
            inspect?(planned, policy, plan)
            // The county as it stood that year (after the last year's adoption, retirements and hires), to re-plan
            // or inspect one year alone.
            output.add(try CountyWriter.dataset(county, policy: policy, to: URL(fileURLWithPath: "/")), under: "\(policy.year)/county")
            output.add(try PlanFiles.output(plan, to: URL(fileURLWithPath: "/"), language: language, pages: false), under: String(policy.year))
            var cv: [String: Double?] = [:]
            for level in TeachingLevel.allCases {
                for indicator in Indicator.allCases { cv["\(level.rawValue).\(indicator.rawValue)"] = plan.after.balance[level]?[indicator]?.cv }
            }
            rows.append(SimulationYear(year: policy.year, status: plan.status.rawValue, teachers: county.teachers.count,
                                       movers: plan.movers.count, returners: plan.returners.count,
                                       newTerms: plan.movers.count { plan.kind($0) == .term }, unmetNeed: plan.after.unmetNeed, cv: cv,
                                       retired: retiredLastYear, hired: hiredLastYear, problem: nil))
            let moves = (plan.movers + plan.returners + plan.learners.keys).sorted().map { t in
                AdoptedMove(teacherID: county.teachers[t].id, fromSchoolID: county.teachers[t].schoolID,
                            toSchoolID: county.schools[plan.placeOf(t)].id, kind: plan.kind(t), termEndYear: plan.termEndYear(t))
            }
            let record = Adoption.ledgerRecord(county: county, policy: policy, moves: moves, status: plan.status.rawValue,
                                               countyHash: Ledger.fingerprint(Data((CountyWriter.teachersCSV(county) + CountyWriter.schoolsCSV(county)).utf8)),
                                               policyHash: Ledger.fingerprint(Data(CountyWriter.policyYAML(policy).utf8)))
            try ledger.adopt(record.plan, moves: record.moves, service: record.service)
            let next = Adoption.nextYear(county: county, policy: policy, moves: moves)
            let aged = Adoption.retire(next.county, policy: next.policy)
            county = aged.county
            policy = next.policy
            retiredLastYear = aged.retired.count
            hiredLastYear = 0
            if hires {
                let hired = Self.hire(county, policy: policy)
                hiredLastYear = hired.teachers.count - county.teachers.count
                county = hired
            }
        }
        return rows
    }

    /// New teachers for the needs left open: one per missing teacher of a subject at a school, just graduated.
    static func hire(_ county: County, policy: Policy) -> County {
        var have: [String: Int] = [:]
        for t in county.teachers { have[t.schoolID + "|" + t.subject, default: 0] += 1 }
        var teachers = county.teachers
        var n = 0
        for need in county.needs {
            guard let s = county.schoolIndex[need.schoolID] else { continue }
            let school = county.schools[s]
            for _ in 0..<max(0, need.required - (have[need.schoolID + "|" + need.subject] ?? 0)) {
                n += 1
                teachers.append(Teacher(id: "H\(policy.year)-\(n)", name: "新教师\(policy.year)-\(n)", gender: n % 2 == 0 ? .male : .female,
                                        birthYear: policy.year - 24, schoolID: school.id, subject: need.subject,
                                        level: school.level == .junior ? .junior : .primary, degree: .bachelor, yearsAtSchool: 0))
            }
        }
        return county.with(teachers: teachers)
    }

    /// `simulation.csv`: one row per year.
    public static func csv(_ rows: [SimulationYear]) -> String {
        let keys = TeachingLevel.allCases.flatMap { l in Indicator.allCases.map { "\(l.rawValue).\($0.rawValue)" } }
        return CSVText.make(header: ["year", "status", "teachers", "movers", "returners", "new_terms", "unmet_need", "retired", "hired"]
                                + keys.map { "cv_after.\($0)" } + ["problem"],
                            rows: rows.map { r in
                                [String(r.year), r.status, String(r.teachers), String(r.movers), String(r.returners), String(r.newTerms),
                                 String(r.unmetNeed), String(r.retired), String(r.hired)]
                                    + keys.map { k in (r.cv[k] ?? nil).map { String(format: "%.3f", $0) } ?? "" } + [r.problem ?? ""]
                            })
    }

    /// `simulation.html`: the same table for people, in `language`, every value escaped.
    public static func html(_ rows: [SimulationYear], title: String, language: ReportLanguage) -> String {
        let zh = language == .zh
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let keys = TeachingLevel.allCases.flatMap { l in Indicator.allCases.map { (l, $0) } }
        var head = zh ? ["学年", "求解状态", "教师", "交流人数", "期满返回", "新的按期交流", "学科缺口", "退休", "新聘"]
            : ["Year", "Status", "Teachers", "Movers", "Returners", "New terms", "Unmet need", "Retired", "Hired"]
        head += keys.map { zh ? "\(language.level($0.0))\(language.indicator($0.1))差异系数" : "\($0.0.rawValue) \($0.1.rawValue) CV" }
        var body = ""
        for r in rows {
            let status = zh ? (["optimal": "最优", "feasible": "可行", "cannot meet": "无法满足", "no plan": "未找到方案"][r.status] ?? r.status) : r.status
            var cells = [String(r.year), status, String(r.teachers), String(r.movers), String(r.returners), String(r.newTerms),
                         String(r.unmetNeed), String(r.retired), String(r.hired)]
            cells += keys.map { k in (r.cv["\(k.0.rawValue).\(k.1.rawValue)"] ?? nil).map { String(format: "%.3f", $0) } ?? "–" }
            body += "<tr>" + cells.map { "<td>\(esc($0))</td>" }.joined() + "</tr>\n"
            if let p = r.problem, !p.isEmpty { body += "<tr><td colspan=\"\(head.count)\">\(esc(p))</td></tr>\n" }
        }
        return """
        <!DOCTYPE html>
        <html lang="\(zh ? "zh-CN" : "en")"><head><meta charset="utf-8"><title>\(esc(title))</title>
        <style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:4px 8px;text-align:right}th{background:#eef2f7}</style>
        </head><body><h1>\(esc(title))</h1>
        <table><tr>\(head.map { "<th>\(esc($0))</th>" }.joined())</tr>
        \(body)</table></body></html>

        """
    }
}

extension PlanOutcome {
    var isCannotMeet: Bool { if case .cannotMeet = self { return true }; return false }
}
