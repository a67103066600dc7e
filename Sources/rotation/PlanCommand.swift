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
    @Option(help: "The language of what people read: the terminal, transfers.xlsx and the HTML pages (report.html, index.html, schools/*.html): zh or en.")
    var lang: ReportLanguage = .zh
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
        let inputs = [dataset.folder] + (data.policyURL.map { [$0] } ?? []) + (previousURL.map { [$0] } ?? [])
        let previousPlan = try previousURL.map { url in try readInput { try PlanDiff.previousPlan(url) } }
        do { try OutputDirectory(outURL).check(protecting: inputs) } catch {
            warn("\(error)"); throw Exit.badInput
        }
        if let exportLP {
            let program = Planner.glpk.program(county: dataset.county, policy: dataset.policy)
            do { try GLPKSolver().writeLP(program, to: exportLP) } catch { warn("\(error)"); throw Exit.badInput }
        }
        let live = !quiet && standardErrorIsTerminal
        var planner = Planner.glpk
        planner.columnGeneration = !wholeProgram
        if live { planner.progress = { @Sendable p in Progress.show(p) } }
        if verbose {
            planner.options.keepLog = true
            planner.trace = { @Sendable line in warn(line) }
        }
        let outcome = planner.plan(county: dataset.county, policy: dataset.policy, previous: previousPlan)
        if live { Progress.clear() }
        switch outcome {
        case .plan(let plan):
            try write({ try PlanFiles.output(plan, to: outURL, language: lang, pages: !noPages) }, inputs: inputs)
            if !quiet {
                print(TerminalSummary.text(plan, folder: out))
                if let previous { print(TerminalSummary.replanLines(plan, previous: previous, language: lang).joined(separator: "\n")) }
                if !noPages { print("  Pages: \(out)/index.html (county report and one page per school)") }
            }
        case .cannotMeet(let diagnosis):
            try write({ try PlanFiles.output(diagnosis, county: dataset.county, policy: dataset.policy, to: outURL, language: lang) },
                      inputs: inputs)
            print(diagnosis.text, terminator: "")
            print("Written: \(out)/\(PlanFiles.diagnosisText), \(out)/\(PlanFiles.diagnosisJSON)")
            throw Exit.cannotMeet
        case .noPlan(let why):
            warn("No plan: \(why)")
            throw Exit.noPlan
        }
    }

}

/// Writes an output folder at once, or says why not (exit 2).
func write(_ output: OutputDirectory, inputs: [URL]) throws { try write({ output }, inputs: inputs) }

/// Makes and writes an output folder at once, or says why not (exit 2).
func write(_ output: () throws -> OutputDirectory, inputs: [URL]) throws {
    do { try output().commit(protecting: inputs) } catch {
        warn("\(error)")
        throw Exit.badInput
    }
}

/// The live progress line on standard error.
enum Progress {
    static func show(_ p: SolveProgress) {
        var parts = ["searching"]
        if let i = p.incumbent { parts.append("best plan \(String(format: "%.2f", i))") } else { parts.append("no plan yet") }
        if let b = p.bound { parts.append("bound \(String(format: "%.2f", b))") }
        if let g = p.relativeGap { parts.append("gap \(String(format: "%.3f", g * 100))%") }
        parts.append(String(format: "%.1f s", p.elapsedSeconds))
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + parts.joined(separator: " · ")).utf8))
    }
    static func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}

/// The short summary printed after planning, for a personnel officer.
enum TerminalSummary {
    static func text(_ plan: Plan, folder: String) -> String {
        let s = PlanFiles.summary(plan)
        var lines: [String] = []
        let status: String
        switch plan.status {
        case .optimal: status = "optimal (GLPK proved no better plan exists)"
        case .feasible:
            let gap = plan.gap.map { String(format: "%.3f%%", $0 * 100) } ?? "unknown"
            status = "feasible, not proven optimal: stopped by the \(plan.stoppedBy?.rawValue ?? "time") limit, within \(gap) of the best possible"
        }
        lines.append("Rotation plan for \(plan.policy.year): \(status); \(String(format: "%.1f", plan.solveSeconds)) s")
        let notEligible = s.not_eligible.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("  Teachers: \(s.teachers); eligible to move: \(s.eligible)" + (notEligible.isEmpty ? "" : " (not eligible: \(notEligible))"))
        let share = s.backbone_share.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
        lines.append("  Movers: \(s.movers) (the rules require at least \(s.minimum_movers)); backbone movers: \(s.backbone_movers) = \(share) "
                     + "(policy: at least \(plan.policy.backboneShare.doubleValue * 100)%)")
        let quotasMet = plan.candidates.duties.indices.allSatisfy { plan.leavers[$0] >= plan.candidates.duties[$0].requiredLeavers }
        lines.append("  Schools sending: \(s.schools_sending) of \(s.schools), receiving: \(s.schools_receiving); every school quota met: \(quotasMet ? "yes" : "no")")
        var unmet = "  Unmet subject need: \(s.unmet_need_before) → \(s.unmet_need_after)"
        let subjects = Set(s.unmet_need_by_subject_before.keys).union(s.unmet_need_by_subject_after.keys).sorted()
        if !subjects.isEmpty {
            unmet += " (" + subjects.map { "\($0) \(s.unmet_need_by_subject_before[$0] ?? 0)→\(s.unmet_need_by_subject_after[$0] ?? 0)" }
                .joined(separator: ", ") + ")"
        }
        lines.append(unmet)
        lines.append("  Balance before → after: enrolment-weighted CV (lower is better; cap primary 0.50, junior 0.45),")
        lines.append("  and schools meeting the per-school floor (degree 4.2 / 5.3, backbone 1, pe_arts 0.9 per 100 students):")
        lines.append("    " + "indicator".padding(toLength: 12, withPad: " ", startingAt: 0) + "primary".padding(toLength: 34, withPad: " ", startingAt: 0) + "junior")
        for indicator in Indicator.allCases {
            var row = "    " + indicator.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            for level in TeachingLevel.allCases {
                let b = s.indicators[level.rawValue]![indicator.rawValue]!
                let cell = b.schools == 0 ? "–" : "\(cv(b.cv_before)) → \(cv(b.cv_after))   floor \(b.schools_meeting_floor_before)→\(b.schools_meeting_floor_after)/\(b.schools)"
                row += level == .primary ? cell.padding(toLength: 34, withPad: " ", startingAt: 0) : cell
            }
            lines.append(row)
        }
        lines += auditLines(plan, s.audit)
        if !plan.county.objections.isEmpty {
            let rejected = plan.county.objections.filter { $0.decision == .rejected }
            lines.append("  Objections (objections.csv): \(s.objections["accepted"] ?? 0) accepted (kept as locks), "
                         + "\(rejected.count) rejected" + (rejected.isEmpty ? "" : ": " + rejected.prefix(10).map(\.teacherID).joined(separator: ", ")
                         + (rejected.count > 10 ? ", …" : "")))
        }
        let movers = plan.movers.count
        lines.append("  Commute of movers: longest \(String(format: "%.1f", s.commute_km_longest)) km, average "
                     + (movers == 0 ? "–" : String(format: "%.1f km", s.commute_km_total / Double(movers))))
        lines.append("  Written: \(folder)/\(PlanFiles.transfers), \(folder)/\(PlanFiles.schools), \(folder)/\(PlanFiles.summary)")
        return lines.joined(separator: "\n")
    }

    /// A re-plan: how many destinations changed (the fewest possible), each with what forced it, and what keeping
    /// the previous plan cost against a fresh plan.
    static func replanLines(_ plan: Plan, previous folder: String, language: ReportLanguage) -> [String] {
        guard let s = plan.stability else { return [] }
        let zh = language == .zh, county = plan.county
        var lines: [String] = []
        let proof = s.proven ? (zh ? "已证明为最少" : "proven the fewest") : (zh ? "未能证明为最少（达到求解时限）" : "not proven the fewest: the time limit stopped the search")
        lines.append(zh ? "  与原方案（\(folder)）相比：\(s.changes) 名教师去向改变（\(proof)）"
                     : "  Against the previous plan (\(folder)): \(s.changes) teacher\(s.changes == 1 ? "" : "s") change destination (\(proof))")
        for (t, why) in plan.changesFromPrevious() {
            let teacher = county.teachers[t], here = plan.candidates.current[t]
            func place(_ x: Int?) -> String { x.map { $0 == here ? (zh ? "留任" : "stays") : county.schools[$0].name } ?? "—" }
            lines.append("    \(teacher.id) \(teacher.name)：\(place(s.previous[t])) → \(place(plan.destination[t]))  \(why.text(language.rawValue))"
                .replacingOccurrences(of: "：", with: zh ? "：" : ": "))
        }
        if let fresh = s.freshUnmetNeed {
            let cost = plan.after.unmetNeed - fresh
            lines.append(zh ? "  保持原方案的代价：学科缺口 \(plan.after.unmetNeed)，重新规划为 \(fresh)" + (cost == 0 ? "（无代价）" : "（多 \(cost)）")
                            + "；交流人数 \(plan.movers.count)，重新规划为 \(s.freshMovers ?? 0)"
                         : "  Cost of keeping the previous plan: unmet need \(plan.after.unmetNeed) against \(fresh) in a fresh plan"
                            + (cost == 0 ? " (none)" : " (\(cost) more)") + "; movers \(plan.movers.count) against \(s.freshMovers ?? 0)")
        }
        if !s.unknownTeachers.isEmpty {
            lines.append(zh ? "  原方案中 \(s.unknownTeachers.count) 名教师已不在本县数据中：\(s.unknownTeachers.prefix(10).joined(separator: "、"))"
                         : "  \(s.unknownTeachers.count) teachers of the previous plan are no longer in the county: \(s.unknownTeachers.prefix(10).joined(separator: ", "))")
        }
        lines.append(zh ? "  调整明细见 \(PlanFiles.changes)" : "  Changes listed in \(PlanFiles.changes)")
        return lines
    }

    static func cv(_ d: Double?) -> String { d.map { String(format: "%.3f", $0) } ?? "–" }

    /// The audit (督导评估): schools passing, the CV caps not met after the plan, and with `audit.goal` what the
    /// planner settled.
    static func auditLines(_ plan: Plan, _ a: AuditSummary) -> [String] {
        var lines: [String] = []
        let passing = TeachingLevel.allCases.map { level in
            "\(level.rawValue) \(a.schools_passing_before[level.rawValue]!) → \(a.schools_passing_after[level.rawValue]!) of \(a.schools_audited[level.rawValue]!)"
        }.joined(separator: ", ")
        lines.append("  Audit (督导评估): schools passing (at most \(7 - plan.policy.audit.minMet) of 7 standards short, each at "
                     + "\(PolicyKey.number(plan.policy.audit.nearShare.doubleValue * 100))% or more): \(passing)"
                     + (a.passing_proven == false && a.goal_finished != false
                        ? " (the most possible not proven: the search stopped at its work limit)" : ""))
        var missed: [String] = []
        for level in TeachingLevel.allCases {
            for indicator in AuditIndicator.allCases {
                guard let spread = a.cv[level.rawValue]?[indicator.rawValue], spread.cap_met_after == false, let v = spread.cv_after else { continue }
                missed.append("\(level.rawValue) \(indicator.rawValue) \(cv(v)) > \(spread.cap)" + (spread.constant ? " (facilities: the plan cannot change it)" : ""))
            }
        }
        lines.append("  CV caps not met after the plan: " + (missed.isEmpty ? "none" : missed.joined(separator: "; ")))
        if a.goal_finished == false {
            lines.append("  audit.goal: no plan aiming at the audit was found in the time left; this is the plan of the least unmet "
                         + "need (raise solver.time_limit_s)")
        }
        if let out = a.caps_out_of_reach, !out.isEmpty {
            lines.append("  No plan meets the cap of \(out.joined(separator: ", ")) with the least unmet need; what would help: "
                         + "raise rotation_rate, backbone_share or max_commute_km")
        }
        if let unsettled = a.caps_unsettled, !unsettled.isEmpty {
            lines.append("  Not settled within the search's limits (neither met nor ruled out): \(unsettled.joined(separator: ", "))")
        }
        if !a.schools_audited_on_teachers_only.isEmpty {
            lines.append("  Audited on the teacher indicators only (no facility columns in schools.csv): "
                         + "\(a.schools_audited_on_teachers_only.count) school\(a.schools_audited_on_teachers_only.count == 1 ? "" : "s")")
        }
        return lines
    }
}

extension ReportLanguage: ExpressibleByArgument {}
