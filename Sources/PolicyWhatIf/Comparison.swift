import OutputFiles
import CountyData
import Foundation
import PlanReports
import RotationModel
import RotationPlanner

/// What one scenario gives: the plan's figures, or why there is no plan.
public struct ScenarioResult: Sendable {
    public var scenario: Scenario
    /// The policy the scenario was planned with.
    public var policy: Policy
    public var outcome: PlanOutcome
    /// The plan's summary, as `summary.json` has it (nil without a plan).
    public var summary: PlanFiles.Summary?
    /// Wall-clock seconds of planning this scenario.
    public var seconds: Double

    public var plan: Plan? { if case .plan(let p) = outcome { return p }; return nil }

    /// `optimal`, `feasible`, `cannot meet` or `no plan`.
    public var status: String {
        switch outcome {
        case .plan(let p): return p.status.rawValue
        case .cannotMeet: return "cannot meet"
        case .noPlan: return "no plan"
        }
    }

    /// The first sentences of the diagnosis, or why no plan was found (English, as the CSV has it).
    public var problem: String? { problem("en") }

    /// The first sentences of the diagnosis in `language` (`zh` or `en`; anything else reads as Chinese), or
    /// why no plan was found.
    public func problem(_ language: String) -> String? {
        switch outcome {
        case .plan: return nil
        case .cannotMeet(let d):
            let en = language == "en", more = d.findings.count - 2
            let first = d.findings.prefix(2).map { "[\($0.rules.map(\.rawValue).joined(separator: " vs "))] \($0.message(language))" }
            return first.joined(separator: " ") + (more > 0 ? (en ? " (+\(more) more)" : "（另有 \(more) 处冲突）") : "")
        case .noPlan(let why): return why.text(language)
        }
    }
}

/// Plans several policies for one county, in parallel: each scenario is an independent problem, solved on its
/// own thread (GLPK problems are created, solved and freed on that thread); the county is read once.
public struct ScenarioRunner: Sendable {
    public var planner: Planner
    public init(planner: Planner) { self.planner = planner }

    /// `progress`: each scenario's planning progress, with its name and how many scenarios are finished.
    public func run(county: County, scenarios: [(scenario: Scenario, policy: Policy)],
                    progress: (@Sendable (_ scenario: String, _ finished: Int, _ total: Int, PlanProgress) -> Void)? = nil) -> [ScenarioResult] {
        let box = ResultBox(count: scenarios.count)
        let planner = self.planner
        // One candidate set for the scenarios of the same rules (weights and solver settings apart).
        var distinct: [Candidates] = []
        let candidates = scenarios.map { s in
            if let shared = distinct.lazy.compactMap({ $0.reweighted(s.policy) }).first { return shared }
            let own = Candidates(county: county, policy: s.policy)
            distinct.append(own)
            return own
        }
        DispatchQueue.concurrentPerform(iterations: scenarios.count) { i in
            let start = ContinuousClock.now
            var p = planner
            if let progress {
                let name = scenarios[i].scenario.name, total = scenarios.count
                p.progress = { progress(name, box.finished, total, $0) }
            }
            let outcome = p.plan(candidates: candidates[i])
            let d = ContinuousClock.now - start
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            var summary: PlanFiles.Summary?
            if case .plan(let p) = outcome { summary = PlanFiles.summary(p) }
            box.set(i, ScenarioResult(scenario: scenarios[i].scenario, policy: scenarios[i].policy, outcome: outcome,
                                      summary: summary, seconds: seconds))
        }
        return box.results.map { $0! }
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var results: [ScenarioResult?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: ScenarioResult) { lock.lock(); results[i] = r; lock.unlock() }
    var finished: Int { lock.lock(); defer { lock.unlock() }; return results.count { $0 != nil } }
}

/// The side-by-side table of a comparison: one row per figure, one column per scenario.
public struct ComparisonTable: Sendable {
    public var scenarios: [String]
    public var rows: [(figure: String, values: [String])]
    /// The `diagnosis` row in Chinese (the row itself keeps the English of the CSV).
    var diagnosisZH: [String]

    public init(_ results: [ScenarioResult]) {
        scenarios = results.map(\.scenario.name)
        diagnosisZH = results.map { $0.problem("zh") ?? "" }
        var rows: [(String, [String])] = []
        func add(_ figure: String, _ value: (ScenarioResult, PlanFiles.Summary) -> String) {
            rows.append((figure, results.map { r in r.summary.map { value(r, $0) } ?? "" }))
        }
        rows.append(("overrides", results.map(\.scenario.description)))
        rows.append(("status", results.map(\.status)))
        rows.append(("diagnosis", results.map { $0.problem ?? "" }))
        add("gap") { _, s in s.gap.map { String(format: "%.4f%%", $0 * 100) } ?? "0" }
        add("movers") { _, s in String(s.movers) }
        add("minimum_movers") { _, s in String(s.minimum_movers) }
        add("moved_beyond_minimum") { _, s in String(s.movers - s.minimum_movers) }
        add("backbone_movers") { _, s in String(s.backbone_movers) }
        add("backbone_share") { _, s in s.backbone_share.map { String(format: "%.1f%%", $0 * 100) } ?? "" }
        add("unmet_need_before") { _, s in String(s.unmet_need_before) }
        add("unmet_need_after") { _, s in String(s.unmet_need_after) }
        let subjects = Set(results.compactMap(\.summary).flatMap { $0.unmet_need_by_subject_before.keys }).sorted()
        for subject in subjects {
            add("unmet_need_after.\(subject)") { _, s in String(s.unmet_need_by_subject_after[subject] ?? 0) }
        }
        for level in TeachingLevel.allCases {
            for indicator in Indicator.allCases {
                add("cv_after.\(level.rawValue).\(indicator.rawValue)") { _, s in
                    s.indicators[level.rawValue]?[indicator.rawValue]?.cv_after.map { String(format: "%.3f", $0) } ?? ""
                }
                add("schools_meeting_floor_after.\(level.rawValue).\(indicator.rawValue)") { _, s in
                    s.indicators[level.rawValue]?[indicator.rawValue].map { "\($0.schools_meeting_floor_after)/\($0.schools)" } ?? ""
                }
            }
        }
        for level in TeachingLevel.allCases {
            add("audit_schools_passing_after.\(level.rawValue)") { _, s in
                "\(s.audit.schools_passing_after[level.rawValue] ?? 0)/\(s.audit.schools_audited[level.rawValue] ?? 0)"
            }
        }
        add("audit_cv_caps_met_after") { _, s in
            let caps = s.audit.cv_caps_met_after.values.flatMap(\.values).compactMap { $0 }
            return "\(caps.count { $0 })/\(caps.count)"
        }
        add("commute_km_total") { _, s in String(format: "%.1f", s.commute_km_total) }
        add("commute_km_longest") { _, s in String(format: "%.1f", s.commute_km_longest) }
        rows.append(("solve_seconds", results.map { String(format: "%.2f", $0.seconds) }))
        self.rows = rows
    }

    /// The table as CSV: a `figure` column, then one column per scenario.
    public var csv: String {
        CSVText.make(header: ["figure"] + scenarios, rows: rows.map { [$0.figure] + $0.values })
    }

    /// The table for a terminal, in words of `language` (`zh` or `en`): figures in rows, scenarios in columns,
    /// aligned by display width (a Chinese character takes two columns); what each scenario overrides, and any
    /// diagnosis, below.
    public func text(language: String = "zh") -> String {
        let zh = language != "en"
        let long: Set<String> = ["overrides", "diagnosis"]
        func cut(_ s: String, _ n: Int) -> String {
            guard TextWidth.of(s) > n else { return s }
            var out = ""
            for ch in s { if TextWidth.of(out + String(ch)) > n - 1 { break }; out.append(ch) }
            return out + "…"
        }
        var table = [[zh ? "指标" : "figure"] + scenarios.map { cut($0, 24) }]
        for row in rows where !long.contains(row.figure) && row.values.contains(where: { !$0.isEmpty }) {
            let values = row.figure == "status" ? row.values.map { Self.status($0).text(language) } : row.values
            table.append([Self.label(row.figure).text(language)] + values.map { cut($0, 24) })
        }
        var lines = TextWidth.table(table, leftAligned: 1)
        for figure in ["overrides", "diagnosis"] {
            guard let row = rows.first(where: { $0.figure == figure }) else { continue }
            let values = zh && figure == "diagnosis" && diagnosisZH.count == row.values.count ? diagnosisZH : row.values
            for (name, raw) in zip(scenarios, values) where !raw.isEmpty {
                let value = zh && raw == "the dataset's policy" ? "数据集的政策文件（未调整）" : raw
                lines.append(zh ? "\(name) 的\(Self.label(figure).zh)：\(value)" : "\(figure) of \(name): \(value)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A status as words.
    static func status(_ code: String) -> LocalizedText {
        switch code {
        case "optimal": return LocalizedText(zh: "最优", en: "optimal")
        case "feasible": return LocalizedText(zh: "可行（未证明最优）", en: "feasible")
        case "cannot meet": return LocalizedText(zh: "无法满足", en: "cannot meet")
        case "no plan": return LocalizedText(zh: "未找到方案", en: "no plan")
        default: return LocalizedText(zh: code, en: code)
        }
    }

    /// The words for a figure of the table (its key stays in the CSV).
    public static func label(_ figure: String) -> LocalizedText {
        let fixed: [String: (String, String)] = [
            "overrides": ("政策调整", "overrides"), "status": ("求解状态", "status"), "diagnosis": ("诊断", "diagnosis"),
            "gap": ("与最优界的差距", "gap to the best bound"), "movers": ("交流人数", "movers"),
            "minimum_movers": ("规则要求至少交流", "movers the rules require"),
            "moved_beyond_minimum": ("超出最低要求的交流人数", "movers beyond the minimum"),
            "backbone_movers": ("骨干教师交流人数", "backbone movers"), "backbone_share": ("骨干教师占交流人数", "backbone share of movers"),
            "unmet_need_before": ("未满足学科需求（交流前）", "unmet subject need before"),
            "unmet_need_after": ("未满足学科需求（交流后）", "unmet subject need after"),
            "audit_cv_caps_met_after": ("达到上限的差异系数", "CV caps met after"),
            "commute_km_total": ("交流人员通勤总里程（公里）", "total commute of movers (km)"),
            "commute_km_longest": ("最远通勤（公里）", "longest commute (km)"), "solve_seconds": ("求解用时（秒）", "solve time (s)"),
        ]
        if let (zh, en) = fixed[figure] { return LocalizedText(zh: zh, en: en) }
        let parts = figure.split(separator: ".").map(String.init)
        let levels = ["primary": ("小学", "primary"), "junior": ("初中", "junior")]
        let indicators = ["degree": ("高学历教师", "above-degree teachers"), "backbone": ("骨干教师", "backbone teachers"),
                          "pe_arts": ("体育艺术教师", "PE and arts teachers")]
        if parts.count == 2, parts[0] == "unmet_need_after" {
            return LocalizedText(zh: "未满足学科需求：\(parts[1])", en: "unmet need after: \(parts[1])")
        }
        if parts.count == 2, parts[0] == "audit_schools_passing_after", let l = levels[parts[1]] {
            return LocalizedText(zh: "\(l.0)督导评估达标学校", en: "\(l.1) schools passing the audit")
        }
        if parts.count == 3, let l = levels[parts[1]], let i = indicators[parts[2]] {
            if parts[0] == "cv_after" { return LocalizedText(zh: "\(l.0)\(i.0)差异系数", en: "\(l.1) \(i.1) CV") }
            if parts[0] == "schools_meeting_floor_after" {
                return LocalizedText(zh: "\(l.0)\(i.0)达标学校", en: "\(l.1) schools meeting the \(i.1) floor")
            }
        }
        return LocalizedText(zh: figure, en: figure)
    }
}
