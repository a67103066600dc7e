import Foundation
import RotationModel
import RotationPlanner
import Spreadsheets

/// `transfers.xlsx`: the plan as the personnel office opens it, in `--lang`'s words (codes become words, reasons
/// are sentences): sheets 交流名单 (the movers, as transfers.csv), 学校情况 (as schools.csv), 汇总 (the key
/// figures) and 可交流人员公示 (the public list, as eligible.csv); when the policy cannot be met, 诊断 and the public
/// list. Numbers are numbers; text is text, never a formula.
public enum PlanWorkbook {
    public static let file = "transfers.xlsx"

    public static func data(_ plan: Plan, language: ReportLanguage) throws -> Data {
        try WorkbookWriter.data(sheets(plan, language: language), created: Workbook.created(year: plan.policy.year))
    }

    public static func data(_ diagnosis: Diagnosis, county: County, policy: Policy, language: ReportLanguage) throws -> Data {
        try WorkbookWriter.data([diagnosisSheet(diagnosis, language: language),
                                 EligibilityList.sheet(county, policy, language: language)],
                                created: Workbook.created(year: policy.year))
    }

    public static func sheets(_ plan: Plan, language: ReportLanguage) -> [Sheet] {
        [transfers(plan, language), schools(plan, language), summary(plan, language),
         EligibilityList.sheet(plan.county, plan.policy, language: language)] + (plan.stability == nil ? [] : [changes(plan, language)])
            + (plan.county.schools.contains { $0.group != nil } ? [groups(plan, language)] : [])
            + (plan.policy.walking.enabled ? [walking(plan, language)] : [])
    }

    /// 走教 (with walking on): each walking teacher's service at another school, as walking.csv.
    static func walking(_ plan: Plan, _ l: ReportLanguage) -> Sheet {
        let zh = l == .zh, county = plan.county
        return Sheet(name: zh ? "走教" : "Walking",
                     header: zh ? ["教师编号", "姓名", "学科", "本校", "走教学校", "份额（名教师）", "距离（公里）"]
                        : ["Teacher id", "Name", "Subject", "Own school", "Teaches at", "Share (of a teacher)", "Distance (km)"],
                     rows: plan.walks.map { w in
                         [.text(county.teachers[w.teacher].id), .text(county.teachers[w.teacher].name), .text(w.subject),
                          .text(county.schools[w.base].name), .text(county.schools[w.served].name), .tenths(Tenths(tenths: w.shareTenths)),
                          .number((plan.candidates.distanceKm(between: w.base, and: w.served) * 10).rounded() / 10, decimals: 1)]
                     })
    }

    /// 学区 (when schools have groups): the joint assessment of each group.
    static func groups(_ plan: Plan, _ l: ReportLanguage) -> Sheet {
        let zh = l == .zh
        let keys = TeachingLevel.allCases.flatMap { level in Indicator.allCases.map { (level, $0) } }
        var header = zh ? ["学区", "学校数", "调出本学区", "调入本学区", "学区内交流", "学科缺口（前）", "学科缺口（后）"]
            : ["Group", "Schools", "Out of the group", "Into the group", "Within the group", "Unmet need before", "Unmet need after"]
        header += keys.flatMap { level, indicator in
            let name = "\(l.level(level))·\(l.indicator(indicator))"
            return zh ? ["\(name)差异系数（前）", "\(name)差异系数（后）"] : ["\(name) CV before", "\(name) CV after"]
        }
        let rows = GroupFigures.make(plan).map { g -> [Cell] in
            var row: [Cell] = [.text(g.group), .integer(g.schools), .integer(g.movers_out), .integer(g.movers_in), .integer(g.moves_within),
                               .tenths(g.unmet_need_before), .tenths(g.unmet_need_after)]
            for (level, indicator) in keys {
                let key = "\(level.rawValue).\(indicator.rawValue)"
                row += [.number(g.cv_before[key] ?? nil, decimals: 3), .number(g.cv_after[key] ?? nil, decimals: 3)]
            }
            return row
        }
        return Sheet(name: zh ? "学区" : "Groups", header: header, rows: rows)
    }

    /// 调整说明 (a re-plan only): each teacher whose destination differs from the previous plan's, and why.
    static func changes(_ plan: Plan, _ l: ReportLanguage) -> Sheet {
        let zh = l == .zh, county = plan.county
        let stays = zh ? "留任" : "stays"
        return Sheet(name: zh ? "调整说明" : "Changes",
                     header: zh ? ["教师编号", "姓名", "学科", "现任教学校", "原方案去向", "新方案去向", "调整原因"]
                        : ["Teacher id", "Name", "Subject", "School", "Previous plan", "This plan", "Why"],
                     rows: plan.changesFromPrevious().map { t, why in
                         let teacher = county.teachers[t], here = plan.candidates.current[t]
                         func place(_ s: Int?) -> String { s.map { $0 == here ? stays : county.schools[$0].name } ?? "—" }
                         return [.text(teacher.id), .text(teacher.name), .text(teacher.subject), .text(county.schools[here].name),
                                 .text(place(plan.stability!.previous[t])), .text(place(plan.destination[t])), .text(why.text(l.rawValue))]
                     })
    }

    /// 交流名单: one row per mover, in the order of transfers.csv.
    static func transfers(_ plan: Plan, _ l: ReportLanguage) -> Sheet {
        let zh = l == .zh
        let header = zh ? ["教师编号", "姓名", "学科", "骨干教师", "调出学校代码", "调出学校", "调入学校代码", "调入学校", "通勤距离（公里）", "交流理由",
                           "类型", "交流期满学年", "任教学科", "转岗"]
            : ["Teacher id", "Name", "Subject", "Backbone", "From (id)", "From", "To (id)", "To", "Commute (km)", "Reasons", "Kind", "Term ends",
               "Teaches", "Retrained"]
        let county = plan.county
        let rows = PlanFiles.moversInOrder(plan).map { t -> [Cell] in
            let teacher = county.teachers[t]
            let from = county.schools[plan.candidates.current[t]], to = county.schools[plan.placeOf(t)]
            return [.text(teacher.id), .text(teacher.name), .text(teacher.subject), .text(l.backbone(teacher.backbone)),
                    .text(from.id), .text(from.name), .text(to.id), .text(to.name),
                    .number((plan.commuteKm(t) * 10).rounded() / 10, decimals: 1),
                    .text(plan.reasons(for: t).map { $0.text(l.rawValue) }.joined(separator: zh ? "；" : "; ")),
                    .text(zh ? plan.kind(t).chinese : plan.kind(t).rawValue), plan.termEndYear(t).map(Cell.integer) ?? .empty,
                    plan.learners[t] != nil ? .empty : .text(plan.assigned[t]),
                    plan.isRetrained(t) ? .text(zh ? "是" : "yes") : .empty]
        }
        return Sheet(name: zh ? "交流名单" : "Transfers", header: header, rows: rows)
    }

    /// 学校情况: one row per school, in input order, with the figures of schools.csv.
    static func schools(_ plan: Plan, _ l: ReportLanguage) -> Sheet {
        let zh = l == .zh
        var header = zh
            ? ["学校代码", "学校名称", "学段", "城乡类别", "办学水平", "在校生数", "交流前教师数", "交流后教师数", "符合交流条件",
               "应交流人数（至少）", "流动上限", "调出", "调入", "骨干教师（前）", "骨干教师（后）", "学科缺口（前）", "学科缺口（后）"]
            : ["School id", "School", "Level", "Area", "Strength", "Students", "Staff before", "Staff after", "Eligible",
               "Required to leave", "Turnover cap", "Out", "In", "Backbone before", "Backbone after", "Unmet need before", "Unmet need after"]
        for level in TeachingLevel.allCases {
            for indicator in Indicator.allCases {
                let name = "\(l.level(level))·\(l.indicator(indicator))"
                header += zh ? ["\(name)（前）", "\(name)（后）"] : ["\(name), before", "\(name), after"]
            }
        }
        for level in TeachingLevel.allCases {
            header += zh ? ["\(l.level(level))督导达标项（前）", "\(l.level(level))督导达标项（后）", "\(l.level(level))督导达标（前）",
                            "\(l.level(level))督导达标（后）", "\(l.level(level))未达标项（后）"]
                : ["\(l.level(level)) audit standards met, before", "after", "\(l.level(level)) audit passes, before", "after",
                   "\(l.level(level)) short after"]
        }
        header.append(zh ? "编制数" : "Staff quota")
        let leavers = plan.leavers, arrivals = plan.arrivals
        let auditBefore = plan.auditBefore, auditAfter = plan.auditAfter
        let yes = zh ? "是" : "yes", no = zh ? "否" : "no"
        let rows = plan.county.schools.enumerated().map { s, school -> [Cell] in
            let d = plan.candidates.duties[s], b = plan.before.schools[s], a = plan.after.schools[s]
            var row: [Cell] = [.text(school.id), .text(school.name), .text(l.schoolLevel(school.level)), .text(l.area(school.area)),
                               .text(l.strength(school.strength)), .integer(school.students), .integer(b.staff), .integer(a.staff),
                               .integer(d.eligible), .integer(d.requiredLeavers), .integer(d.turnoverCap), .integer(leavers[s]),
                               .integer(arrivals[s]), .integer(b.backbone), .integer(a.backbone), .tenths(b.unmetNeed), .tenths(a.unmetNeed)]
            for level in TeachingLevel.allCases {
                for indicator in Indicator.allCases {
                    if let p = school.students(of: level), p > 0, let cb = b.indicatorCounts[level]?[indicator],
                       let ca = a.indicatorCounts[level]?[indicator] {
                        row += [.number(Double(cb) * 100 / Double(p), decimals: 3), .number(Double(ca) * 100 / Double(p), decimals: 3)]
                    } else {
                        row += [.empty, .empty]
                    }
                }
            }
            for level in TeachingLevel.allCases {
                let rb = auditBefore.schools.first { $0.school == s && $0.level == level }
                let ra = auditAfter.schools.first { $0.school == s && $0.level == level }
                row += [rb.map { .integer($0.met) } ?? .empty, ra.map { .integer($0.met) } ?? .empty,
                        rb.map { .text($0.passes ? yes : no) } ?? .empty, ra.map { .text($0.passes ? yes : no) } ?? .empty,
                        ra.map { .text(PlanFiles.shortfall($0, chinese: zh)) } ?? .empty]
            }
            row.append(school.staffQuota.map(Cell.integer) ?? .empty)
            return row
        }
        return Sheet(name: zh ? "学校情况" : "Schools", header: header, rows: rows)
    }

    /// 汇总: the key figures, one per row.
    static func summary(_ plan: Plan, _ l: ReportLanguage) -> Sheet {
        let zh = l == .zh
        let s = PlanFiles.summary(plan)
        var pairs: [(String, Cell)] = []
        func add(_ zhLabel: String, _ enLabel: String, _ cell: Cell) { pairs.append((zh ? zhLabel : enLabel, cell)) }
        add("学年", "School year", .integer(plan.policy.year))
        add("求解状态", "Status", .text(plan.status == .optimal ? l.text("status_optimal") : l.text("status_feasible")))
        if plan.status != .optimal { add("与最优界的差距（%）", "Gap to the best bound (%)", .number(plan.gap.map { $0 * 100 }, decimals: 3)) }
        add("教师", "Teachers", .integer(s.teachers))
        add("符合交流条件", "Eligible to move", .integer(s.eligible))
        add("交流人数", "Movers", .integer(s.movers))
        add("规则要求至少交流", "Required by the rules (at least)", .integer(s.minimum_movers))
        add("骨干教师交流", "Backbone movers", .integer(s.backbone_movers))
        add("骨干教师占交流人数（%）", "Backbone share of movers (%)", .number(s.backbone_share.map { $0 * 100 }, decimals: 1))
        add("派出学校", "Schools sending", .integer(s.schools_sending))
        add("接收学校", "Schools receiving", .integer(s.schools_receiving))
        add("学校总数", "Schools", .integer(s.schools))
        add("学科缺口（交流前）", "Unmet subject need before", .tenths(s.unmet_need_before))
        add("学科缺口（交流后）", "Unmet subject need after", .tenths(s.unmet_need_after))
        if let x = s.subjects {
            add("兼任多科或可转岗教师", "Teachers with a choice of subjects", .integer(x.teachers))
            add("改教第二学科", "Teaching a second subject", .integer(x.second_subject))
            add("转岗", "Retrained", .integer(x.retrained))
        }
        if let w = s.walking {
            add("走教教师", "Walking teachers", .integer(w.teachers))
            add("走教学校（所次）", "Schools served by walking", .integer(w.services))
            add("走教工作量（名教师）", "Walking load (teachers)", .tenths(w.shares))
        }
        if let q = s.staffing {
            add("超编学校（前 → 后）", "Schools over their quota (before → after)", .text("\(q.schools_over_before) → \(q.schools_over_after)"))
            add("缺编学校（前 → 后）", "Schools under their quota (before → after)", .text("\(q.schools_under_before) → \(q.schools_under_after)"))
            add("与编制总差距（前 → 后）", "Distance from the quotas (before → after)", .text("\(q.distance_before) → \(q.distance_after)"))
        }
        for subject in Set(s.unmet_need_by_subject_before.keys).union(s.unmet_need_by_subject_after.keys).sorted() {
            add("　\(subject)缺口（前 → 后）", "  \(subject) unmet (before → after)",
                .text("\(s.unmet_need_by_subject_before[subject] ?? 0) → \(s.unmet_need_by_subject_after[subject] ?? 0)"))
        }
        for level in TeachingLevel.allCases {
            for indicator in Indicator.allCases {
                let b = s.indicators[level.rawValue]![indicator.rawValue]!
                guard b.schools > 0 else { continue }
                let name = "\(l.level(level))·\(l.indicator(indicator))"
                add("\(name) 差异系数（前）", "\(name): CV before", .number(b.cv_before, decimals: 3))
                add("\(name) 差异系数（后）", "\(name): CV after", .number(b.cv_after, decimals: 3))
                add("\(name) 达标学校（前 → 后）", "\(name): schools meeting the floor (before → after)",
                    .text("\(b.schools_meeting_floor_before) → \(b.schools_meeting_floor_after) / \(b.schools)"))
            }
        }
        for level in TeachingLevel.allCases where s.audit.schools_audited[level.rawValue]! > 0 {
            add("\(l.level(level))督导评估达标学校（前 → 后）", "\(l.level(level)) schools passing the audit (before → after)",
                .text("\(s.audit.schools_passing_before[level.rawValue]!) → \(s.audit.schools_passing_after[level.rawValue]!) / "
                      + "\(s.audit.schools_audited[level.rawValue]!)"))
        }
        add("交流人员最远通勤（公里）", "Longest commute of a mover (km)", .number(s.commute_km_longest, decimals: 1))
        if !plan.county.objections.isEmpty {
            add("异议：采纳", "Objections accepted", .integer(s.objections["accepted"] ?? 0))
            add("异议：不采纳", "Objections rejected", .integer(s.objections["rejected"] ?? 0))
        }
        return Sheet.pairs(name: zh ? "汇总" : "Summary", header: zh ? ["项目", "数值"] : ["Figure", "Value"], pairs)
    }

    /// 诊断: each conflict that keeps the policy from being met, and what would help.
    static func diagnosisSheet(_ d: Diagnosis, language l: ReportLanguage) -> Sheet {
        let zh = l == .zh
        return Sheet(name: zh ? "诊断" : "Diagnosis",
                     header: zh ? ["序号", "冲突的规则", "学校代码", "学校", "涉及教师", "问题", "建议"]
                        : ["No.", "Rules in conflict", "School id", "School", "Teachers", "Problem", "What would help"],
                     rows: d.findings.enumerated().map { i, f in
                         [.integer(i + 1), .text(f.rules.map(\.rawValue).joined(separator: " / ")), f.schoolID.map(Cell.text) ?? .empty,
                          f.schoolName.map(Cell.text) ?? .empty, .text(f.teacherIDs.joined(separator: ", ")), .text(f.message(l.rawValue)), .text(f.remedy(l.rawValue))]
                     })
    }
}

extension Cell {
    /// A count in tenths: a whole number, or one decimal (walking shares, 走教).
    static func tenths(_ t: Tenths) -> Cell { .number(t.doubleValue, decimals: t.isWhole ? 0 : 1) }
}
