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

    /// The first sentences of the diagnosis, or why no plan was found.
    public var problem: String? {
        switch outcome {
        case .plan: return nil
        case .cannotMeet(let d):
            let first = d.findings.prefix(2).map { "[\($0.rules.map(\.rawValue).joined(separator: " vs "))] \($0.message)" }
            return first.joined(separator: " ") + (d.findings.count > 2 ? " (+\(d.findings.count - 2) more)" : "")
        case .noPlan(let why): return why
        }
    }
}

/// Plans several policies for one county, in parallel: each scenario is an independent problem, solved on its
/// own thread (GLPK problems are created, solved and freed on that thread); the county is read once.
public struct ScenarioRunner: Sendable {
    public var planner: Planner
    public init(planner: Planner) { self.planner = planner }

    public func run(county: County, scenarios: [(scenario: Scenario, policy: Policy)]) -> [ScenarioResult] {
        let box = ResultBox(count: scenarios.count)
        let planner = self.planner
        DispatchQueue.concurrentPerform(iterations: scenarios.count) { i in
            let start = ContinuousClock.now
            let outcome = planner.plan(county: county, policy: scenarios[i].policy)
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
}

/// The side-by-side table of a comparison: one row per figure, one column per scenario.
public struct ComparisonTable: Sendable {
    public var scenarios: [String]
    public var rows: [(figure: String, values: [String])]

    public init(_ results: [ScenarioResult]) {
        scenarios = results.map(\.scenario.name)
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

    /// The table for a terminal: figures in columns; what each scenario overrides, and any diagnosis, below.
    public var text: String {
        let long: Set<String> = ["overrides", "diagnosis"]
        let width = max(12, min(24, scenarios.map(\.count).max() ?? 12))
        let first = max(28, rows.map(\.figure.count).max() ?? 28)
        func pad(_ s: String, _ n: Int) -> String {
            let cut = s.count > n ? String(s.prefix(n - 1)) + "…" : s
            return cut + String(repeating: " ", count: max(0, n - displayWidth(cut)))
        }
        var lines = [pad("figure", first) + "  " + scenarios.map { pad($0, width) }.joined(separator: "  ")]
        for row in rows where !long.contains(row.figure) && row.values.contains(where: { !$0.isEmpty }) {
            lines.append(pad(row.figure, first) + "  " + row.values.map { pad($0, width) }.joined(separator: "  "))
        }
        for figure in ["overrides", "diagnosis"] {
            guard let row = rows.first(where: { $0.figure == figure }) else { continue }
            for (name, value) in zip(scenarios, row.values) where !value.isEmpty { lines.append("\(figure) of \(name): \(value)") }
        }
        return lines.joined(separator: "\n")
    }

    private func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && $1.properties.isIdeographic ? 2 : 1) }
    }
}
