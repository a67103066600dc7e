import Foundation
import IntegerProgramming
import OutputFiles
import PlanReports
import RotationModel
import RotationPlanner

/// The live progress line on standard error, in the user's language and terms (``ProgressLine``): shown only on a
/// terminal and without `--quiet`, updated in place at most five times a second (at once when the step or stage
/// changes), and cleared when the work ends. Nothing on a pipe or in CI.
final class LiveProgress: @unchecked Sendable {
    let language: ReportLanguage
    let enabled: Bool
    private let clock = ContinuousClock.now
    private let lock = NSLock()
    private var shownAt: Double = -1
    private var shown = ""
    private var lastKey = ""
    private var lastSource: String?

    init(language: ReportLanguage, quiet: Bool) {
        self.language = language
        enabled = !quiet && standardErrorIsTerminal
    }

    var seconds: Double { (ContinuousClock.now - clock).seconds }

    /// Shown before every line without a label of its own (the year of a simulation).
    var label: String? {
        get { lock.withLock { _label } }
        set { lock.withLock { _label = newValue } }
    }
    private var _label: String?

    /// The planner's progress, after `label` (a scenario, a year, which plan).
    func show(_ p: PlanProgress, label: String? = nil) {
        guard enabled else { return }
        let label = label ?? self.label
        let key = "\(label ?? "")\(p.phase)\(p.stage.map(\.rawValue) ?? "build")\(p.hasPlan)"
        let line = (label.map { $0 + " · " } ?? "") + ProgressLine.text(p, seconds: seconds, language: language)
        put(line, key: key, source: label)
    }

    /// A step that is not the planner's (reading, writing, a year's adoption).
    func say(_ zh: String, _ en: String) {
        guard enabled else { return }
        let text = language == .zh ? zh : en
        put(text + " · " + String(format: language == .zh ? "%.0f 秒" : "%.0f s", seconds), key: text, source: nil)
    }

    /// The planner's progress callback, when the line is shown.
    func callback(label: String? = nil) -> (@Sendable (PlanProgress) -> Void)? {
        enabled ? { @Sendable [self] p in show(p, label: label) } : nil
    }

    /// The progress of scenarios planned side by side (`compare`, `sweep`): one of those running, and how many
    /// are finished.
    func scenarioCallback() -> (@Sendable (String, Int, Int, PlanProgress) -> Void)? {
        guard enabled else { return nil }
        let zh = language == .zh
        return { @Sendable [self] name, finished, total, p in
            show(p, label: zh ? "已完成 \(finished)/\(total) 个方案 · \(name)" : "\(finished) of \(total) scenarios done · \(name)")
        }
    }

    /// Shows the line when the step or stage changed, or after 0.2 s; a line from another source (another scenario,
    /// the other plan of an explanation) only a second after the last, so that plans running at once take turns.
    private func put(_ line: String, key: String, source: String?) {
        lock.withLock {
            let now = seconds
            if source != lastSource && !shown.isEmpty && now - shownAt < 1 { return }
            guard key != lastKey || now - shownAt >= 0.2, line != shown else { return }
            shownAt = now; shown = line; lastKey = key; lastSource = source
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        }
    }

    func clear() {
        guard enabled else { return }
        lock.withLock {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            shown = ""; lastKey = ""
        }
    }
}

/// The short summary printed after planning, for a personnel officer, in `--lang`'s words.
enum TerminalSummary {
    static func text(_ plan: Plan, folder: String, language: ReportLanguage) -> String {
        let zh = language == .zh
        let s = PlanFiles.summary(plan)
        var lines: [String] = []
        let status: String
        switch plan.status {
        case .optimal: status = language.text("status_optimal")
        case .feasible:
            let gap = plan.gap.map { String(format: "%.3f%%", $0 * 100) } ?? (zh ? "未知" : "unknown")
            let limit = plan.stoppedBy?.rawValue ?? "time"
            status = zh ? "可行，未证明最优：因\(limit == "time" ? "时间" : "工作量")限制停止，与最优界相差 \(gap)"
                : "feasible, not proven optimal: stopped by the \(limit) limit, within \(gap) of the best possible"
        }
        let seconds = String(format: "%.1f", plan.solveSeconds)
        lines.append(zh ? "\(plan.policy.year) 学年交流方案：\(status)；用时 \(seconds) 秒" : "Rotation plan for \(plan.policy.year): \(status); \(seconds) s")
        let reasons: [String: LocalizedText] = [
            "tenure": LocalizedText(zh: "未满交流年限", en: "tenure"), "retirement": LocalizedText(zh: "临近退休", en: "retirement"),
            "lock": LocalizedText(zh: "已确定留任", en: "lock"), "exempt": LocalizedText(zh: "免于交流", en: "exempt"),
            "term": LocalizedText(zh: "交流期未满", en: "serving a term"), "return": LocalizedText(zh: "交流期满返回", en: "returning from a term"),
        ]
        let notEligible = s.not_eligible.sorted { $0.key < $1.key }
            .map { "\(reasons[$0.key]?.text(language.rawValue) ?? $0.key) \($0.value)" }.joined(separator: zh ? "，" : ", ")
        lines.append(zh ? "  教师 \(s.teachers) 人；符合交流条件 \(s.eligible) 人" + (notEligible.isEmpty ? "" : "（不符合：\(notEligible)）")
                     : "  Teachers: \(s.teachers); eligible to move: \(s.eligible)" + (notEligible.isEmpty ? "" : " (not eligible: \(notEligible))"))
        let share = s.backbone_share.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
        let policyShare = PolicyKey.number(plan.policy.backboneShare.doubleValue * 100)
        lines.append(zh ? "  交流 \(s.movers) 人（规则要求至少 \(s.minimum_movers) 人）；其中骨干教师 \(s.backbone_movers) 人，占 \(share)（政策要求不低于 \(policyShare)%）"
                     : "  Movers: \(s.movers) (the rules require at least \(s.minimum_movers)); backbone movers: \(s.backbone_movers) = \(share) "
                        + "(policy: at least \(policyShare)%)")
        if let terms = s.terms {
            lines.append(zh ? "  期满返回 \(terms.returners) 人（不计入交流人数）；延长交流期 \(terms.terms_extended) 人；新的按期交流 \(terms.new_terms) 人"
                            + (plan.policy.termYears > 0 ? "（期限 \(plan.policy.termYears) 年）" : "") + "；交流期未满 \(terms.serving_terms) 人"
                            + (terms.learners > 0 ? "；跟岗学习 \(terms.learners) 人" : "")
                         : "  Returning home at the end of a term: \(terms.returners) (not counted as movers); terms extended: \(terms.terms_extended); "
                            + "new terms: \(terms.new_terms)" + (plan.policy.termYears > 0 ? " (\(plan.policy.termYears) years)" : "")
                            + "; serving a term: \(terms.serving_terms)" + (terms.learners > 0 ? "; learners: \(terms.learners)" : ""))
        }
        let quotasMet = plan.candidates.duties.indices.allSatisfy { plan.leavers[$0] >= plan.candidates.duties[$0].requiredLeavers }
        lines.append(zh ? "  派出学校 \(s.schools_sending) 所（共 \(s.schools) 所），接收学校 \(s.schools_receiving) 所；各校交流比例均已完成：\(quotasMet ? "是" : "否")"
                     : "  Schools sending: \(s.schools_sending) of \(s.schools), receiving: \(s.schools_receiving); every school quota met: \(quotasMet ? "yes" : "no")")
        var unmet = zh ? "  学科缺口：\(s.unmet_need_before) → \(s.unmet_need_after)" : "  Unmet subject need: \(s.unmet_need_before) → \(s.unmet_need_after)"
        let subjects = Set(s.unmet_need_by_subject_before.keys).union(s.unmet_need_by_subject_after.keys).sorted()
        if !subjects.isEmpty {
            unmet += (zh ? "（" : " (") + subjects.map { "\($0) \(s.unmet_need_by_subject_before[$0] ?? 0)→\(s.unmet_need_by_subject_after[$0] ?? 0)" }
                .joined(separator: zh ? "，" : ", ") + (zh ? "）" : ")")
        }
        lines.append(unmet)
        if let x = s.subjects {
            lines.append(zh ? "  兼任多科或可转岗的教师 \(x.teachers) 人：改教第二学科 \(x.second_subject) 人，转岗 \(x.retrained) 人（见 \(PlanFiles.assignments)）"
                         : "  Teachers of several subjects or with retraining options: \(x.teachers); teaching a second subject \(x.second_subject), retrained \(x.retrained) (see \(PlanFiles.assignments))")
        }
        if let w = s.walking {
            lines.append(zh ? "  走教：\(w.teachers) 名教师到 \(w.services) 所次学校任教，共计 \(w.shares) 名教师的工作量（见 \(PlanFiles.walking)）"
                         : "  Walking teachers (走教): \(w.teachers) serving \(w.services) schools, \(w.shares) teachers' load in all (see \(PlanFiles.walking))")
        }
        if let q = s.staffing {
            lines.append(zh ? "  编制：超编学校 \(q.schools_over_before) → \(q.schools_over_after) 所，缺编学校 \(q.schools_under_before) → \(q.schools_under_after) 所，与编制总差距 \(q.distance_before) → \(q.distance_after) 人"
                         : "  Staff quotas: schools over \(q.schools_over_before) → \(q.schools_over_after), under \(q.schools_under_before) → \(q.schools_under_after), total distance \(q.distance_before) → \(q.distance_after)")
        }
        if zh {
            lines.append("  均衡指标（交流前 → 后）：按在校生加权的差异系数（越低越均衡；上限 小学 0.50、初中 0.45），")
            lines.append("  以及达到校际标准的学校（每百名学生：高学历 4.2 / 5.3，骨干 1，体育艺术 0.9）：")
        } else {
            lines.append("  Balance before → after: enrolment-weighted CV (lower is better; cap primary 0.50, junior 0.45),")
            lines.append("  and schools meeting the per-school floor (degree 4.2 / 5.3, backbone 1, pe_arts 0.9 per 100 students):")
        }
        var table = [[zh ? "指标" : "indicator", language.level(.primary), "", language.level(.junior), ""]]
        for indicator in Indicator.allCases {
            let short = ["degree": "高学历教师", "backbone": "骨干教师", "pe_arts": "体育艺术教师"]
            var row = [zh ? short[indicator.rawValue]! : indicator.rawValue]
            for level in TeachingLevel.allCases {
                let b = s.indicators[level.rawValue]![indicator.rawValue]!
                if b.schools == 0 {
                    row += ["–", ""]
                } else {
                    row += ["\(cv(b.cv_before)) → \(cv(b.cv_after))",
                            (zh ? "达标 " : "floor ") + "\(b.schools_meeting_floor_before)→\(b.schools_meeting_floor_after)/\(b.schools)"]
                }
            }
            table.append(row)
        }
        lines += TextWidth.table(table, leftAligned: 5, indent: "    ")
        lines += auditLines(plan, s.audit, language: language)
        if !plan.county.objections.isEmpty {
            let rejected = plan.county.objections.filter { $0.decision == .rejected }
            let list = rejected.prefix(10).map(\.teacherID).joined(separator: zh ? "、" : ", ") + (rejected.count > 10 ? (zh ? "等" : ", …") : "")
            lines.append(zh ? "  异议（objections.csv）：采纳 \(s.objections["accepted"] ?? 0) 件（按人工确定处理），不采纳 \(rejected.count) 件" + (rejected.isEmpty ? "" : "：\(list)")
                         : "  Objections (objections.csv): \(s.objections["accepted"] ?? 0) accepted (kept as locks), \(rejected.count) rejected" + (rejected.isEmpty ? "" : ": \(list)"))
        }
        let movers = plan.movers.count
        let average = movers == 0 ? "–" : String(format: "%.1f", s.commute_km_total / Double(movers))
        lines.append(zh ? "  交流人员通勤：最远 \(String(format: "%.1f", s.commute_km_longest)) 公里，平均 \(average)\(movers == 0 ? "" : " 公里")"
                     : "  Commute of movers: longest \(String(format: "%.1f", s.commute_km_longest)) km, average \(average)\(movers == 0 ? "" : " km")")
        let files = [PlanFiles.transfers, PlanFiles.schools, PlanFiles.summary, PlanWorkbook.file].map { "\(folder)/\($0)" }
        lines.append((zh ? "  已写入：" : "  Written: ") + files.joined(separator: zh ? "、" : ", "))
        return lines.joined(separator: "\n")
    }

    static func cv(_ d: Double?) -> String { d.map { String(format: "%.3f", $0) } ?? "–" }

    /// The audit (督导评估): schools passing, the CV caps not met after the plan, and with `audit.goal` what the
    /// planner settled.
    static func auditLines(_ plan: Plan, _ a: AuditSummary, language: ReportLanguage) -> [String] {
        let zh = language == .zh
        var lines: [String] = []
        let passing = TeachingLevel.allCases.map { level in
            zh ? "\(language.level(level)) \(a.schools_passing_before[level.rawValue]!) → \(a.schools_passing_after[level.rawValue]!) / \(a.schools_audited[level.rawValue]!)"
                : "\(level.rawValue) \(a.schools_passing_before[level.rawValue]!) → \(a.schools_passing_after[level.rawValue]!) of \(a.schools_audited[level.rawValue]!)"
        }.joined(separator: zh ? "，" : ", ")
        let short = 7 - plan.policy.audit.minMet, near = PolicyKey.number(plan.policy.audit.nearShare.doubleValue * 100)
        let unproven = a.passing_proven == false && a.goal_finished != false
        lines.append(zh ? "  督导评估达标学校（7 项中至多 \(short) 项未达标，且每项达到标准的 \(near)% 以上）：\(passing)"
                        + (unproven ? "（未能证明已是最多：搜索达到工作量上限）" : "")
                     : "  Audit (督导评估): schools passing (at most \(short) of 7 standards short, each at \(near)% or more): \(passing)"
                        + (unproven ? " (the most possible not proven: the search stopped at its work limit)" : ""))
        var missed: [String] = []
        for level in TeachingLevel.allCases {
            for indicator in AuditIndicator.allCases {
                guard let spread = a.cv[level.rawValue]?[indicator.rawValue], spread.cap_met_after == false, let v = spread.cv_after else { continue }
                missed.append(zh ? "\(language.level(level))\(indicator.chinese) \(cv(v)) > \(spread.cap)" + (spread.constant ? "（办学条件指标，交流不改变）" : "")
                              : "\(level.rawValue) \(indicator.rawValue) \(cv(v)) > \(spread.cap)" + (spread.constant ? " (facilities: the plan cannot change it)" : ""))
            }
        }
        lines.append(zh ? "  交流后未达到上限的差异系数：" + (missed.isEmpty ? "无" : missed.joined(separator: "；"))
                     : "  CV caps not met after the plan: " + (missed.isEmpty ? "none" : missed.joined(separator: "; ")))
        if a.goal_finished == false { lines.append("  " + language.text("goal_unfinished")) }
        if let out = a.caps_out_of_reach, !out.isEmpty {
            lines.append(zh ? "  在学科缺口最少的前提下，任何方案都达不到 \(out.joined(separator: "、")) 的上限；可提高 rotation_rate、backbone_share 或 max_commute_km"
                         : "  No plan meets the cap of \(out.joined(separator: ", ")) with the least unmet need; what would help: "
                            + "raise rotation_rate, backbone_share or max_commute_km")
        }
        if let unsettled = a.caps_unsettled, !unsettled.isEmpty {
            lines.append(zh ? "  在搜索限度内未能确定（既未达到也未排除）：\(unsettled.joined(separator: "、"))"
                         : "  Not settled within the search's limits (neither met nor ruled out): \(unsettled.joined(separator: ", "))")
        }
        let teachersOnly = a.schools_audited_on_teachers_only.count
        if teachersOnly > 0 {
            lines.append(zh ? "  \(teachersOnly) 所学校未提供办学条件数据，仅按教师指标评估"
                         : "  Audited on the teacher indicators only (no facility columns in schools.csv): \(teachersOnly) school\(teachersOnly == 1 ? "" : "s")")
        }
        return lines
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

}
