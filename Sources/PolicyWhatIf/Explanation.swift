import Foundation
import PlanReports
import RotationModel
import RotationPlanner

/// "Why does this teacher move (or stay), and what if they went to that school instead?"
///
/// The plan is made as usual; then the question is answered by re-solving with the teacher's destination
/// forced, and comparing. A forced move that a rule forbids by itself (level, commute, no-return,
/// backbone-downward, eligibility, a lock) is told without solving; one that breaks a rule only together with
/// the others (a quota, a cap, the backbone share) is told by the diagnosis of the forced re-solve.
public struct Explanation: Sendable {
    /// Sentences for people, most important first.
    public var lines: [String]
    /// The rules the asked-for destination breaks (empty when it breaks none).
    public var brokenRules: [Rule]
    /// The base plan, when the policy can be met.
    public var plan: Plan?
    /// The plan with the destination forced, when there is one.
    public var forcedPlan: Plan?

    public var text: String { lines.joined(separator: "\n") + "\n" }

    /// Both plans are searched to within 0.0001 % of the best possible (`solver.gap` 1e-6 at most, whatever the
    /// policy says), so that their difference is the move's, not the search's (a proof of the last millionth can take
    /// minutes: a forced teacher in the medium county ran to the time limit with gap 0); a plan stopped by a limit
    /// says so, with its gap.
    ///
    /// Both plans share one candidate set, and run at once on two cores: the plan with the move asked about (`to`,
    /// or without it staying, the question for a mover) is started beside the plan itself, and dropped when the
    /// plan shows it is not needed. `forcedProgress` reports the second plan's progress.
    public static func explain(county: County, policy: Policy, teacherID: String, to schoolID: String?,
                               planner: Planner, forcedProgress: (@Sendable (PlanProgress) -> Void)? = nil,
                               language: String = "en") throws -> Explanation {
        let zh = language != "en"
        /// The sentence in the asked language.
        func say(_ zhText: String, _ enText: String) -> String { zh ? zhText : enText }
        var policy = policy
        policy.solver.gap = min(policy.solver.gap, 1e-6)
        guard let t = county.teacherIndex[teacherID] else { throw ExplainError.unknownTeacher(teacherID) }
        let target: Int? = try schoolID.map { id in
            guard let s = county.schoolIndex[id] else { throw ExplainError.unknownSchool(id) }
            return s
        }
        let teacher = county.teachers[t]
        let here = county.schoolIndex[teacher.schoolID]!
        var lines: [String] = []
        func name(_ s: Int) -> String { "\(county.schools[s].name) (\(county.schools[s].id))" }

        let candidates = Candidates(county: county, policy: policy)
        // The second question, asked before the plan is known: a move asked about, or for a teacher who may move,
        // staying (needed when the plan moves them). Not when the move breaks a rule by itself (no plan asked).
        let guess: Int?
        switch candidates.positions[t] {
        case .movable, .locked: guess = target ?? here
        case .fixed, .returning: guess = target
        }
        var second = planner
        second.progress = forcedProgress
        // Stopped when the answer is given without it.
        let unneeded = SharedFlag(), stop = planner.stopRequested
        second.stopRequested = { unneeded.isSet || stop?() == true }
        defer { unneeded.set() }
        let forcedPlanner = second
        let speculative = guess.flatMap { s in
            candidates.breaks(teacher: t, to: s).isEmpty ? (s, Pending { forcedPlanner.plan(candidates: candidates, forced: [(teacher: t, school: s)]) }) : nil
        }
        let base = planner.plan(candidates: candidates)
        guard case .plan(let plan) = base else {
            if case .cannotMeet(let d) = base {
                return Explanation(lines: [say("政策根本无法满足，因此没有可解释的方案：", "The policy cannot be met at all, so there is no plan to explain:")]
                    + d.text(language).split(separator: "\n").map(String.init), brokenRules: [], plan: nil, forcedPlan: nil)
            }
            if case .noPlan(let why) = base {
                return Explanation(lines: [say("未找到方案：\(why.zh)", "No plan: \(why.en)")], brokenRules: [], plan: nil, forcedPlan: nil)
            }
            return Explanation(lines: [], brokenRules: [], plan: nil, forcedPlan: nil)
        }
        let c = plan.candidates
        let eligibility = c.eligibility[t]
        let now = plan.destination[t]
        lines.append(say("\(teacher.name)（\(teacher.id)），\(teacher.subject)，在\(name(here))任教 \(teacher.yearsAtSchool) 年：",
                         "\(teacher.name) (\(teacher.id)), \(teacher.subject), \(teacher.yearsAtSchool) years at \(name(here)):"))
        if let host = plan.learners[t] {
            let reasons = plan.reasons(for: t)
            lines.append(say("  方案中到\(name(host))跟岗学习一年：" + reasons.map(\.zh).joined(separator: "；") + "。",
                             "  learns at \(name(host)) for the year in the plan: " + reasons.map(\.en).joined(separator: "; ") + "."))
        } else if now != here {
            let km = String(format: "%.1f", plan.commuteKm(t)), reasons = plan.reasons(for: t)
            lines.append(say("  方案中调往\(name(now))（距住址 \(km) 公里）：" + reasons.map(\.zh).joined(separator: "；") + "。",
                             "  moves to \(name(now)) in the plan (\(km) km from home): " + reasons.map(\.en).joined(separator: "; ") + "."))
        } else {
            let d = c.duties[here]
            let leaving = plan.leavers[here]
            switch c.positions[t] {
            case .fixed:
                let reasonZH = ["tenure": "未满交流年限", "retirement": "临近退休", "lock": "已确定留任", "exempt": "免于交流", "term": "交流期未满", "return": "交流期满返回"][eligibility.rawValue] ?? eligibility.rawValue
                lines.append(teacher.lock == .stay ? say("  留任：人事部门确定留任（R1）。", "  stays: the personnel office locked them to stay (R1).")
                    : say("  留任：不符合交流条件（\(reasonZH)）；只有符合条件的教师交流（R1）。",
                          "  stays: not eligible to move (\(eligibility.rawValue)); only eligible teachers move (R1)."))
            case .locked, .returning:
                lines.append(say("  留任。", "  stays."))
            case .movable(let destinations):
                lines.append(say("  方案中留任：符合交流条件，可去 \(destinations.count) 所学校；本校符合条件的 \(d.eligible) 人中已有 \(leaving) 人交流"
                                 + "（R3 要求至少 \(d.requiredLeavers) 人），由其他人交流方案更优。",
                                 "  stays in the plan: eligible, with \(destinations.count) school\(destinations.count == 1 ? "" : "s") "
                                 + "they could move to; \(leaving) of the school's \(d.eligible) eligible teachers leave "
                                 + "(R3 asks at least \(d.requiredLeavers)), and the plan is better with others moving."))
            }
        }

        // The subject they teach (R14) and their walking (R15, 走教).
        if plan.learners[t] == nil && plan.assigned[t] != teacher.subject {
            let reasons = R14Subjects.subjectReasons(for: t, in: plan)
            lines.append(say("  任教学科：\(plan.assigned[t])（\(reasons.map(\.zh).joined(separator: "；"))）。",
                             "  teaches \(plan.assigned[t]): \(reasons.map(\.en).joined(separator: "; "))."))
        } else if teacher.hasSubjectChoice && plan.learners[t] == nil {
            lines.append(say("  任教主教学科\(teacher.subject)：其他学科只在能补上缺口时安排，而方案不需要其改教。",
                             "  teaches their main subject \(teacher.subject): another is assigned only to fill a need, and the plan needs none from them."))
        }
        for w in plan.walks where w.teacher == t {
            let why = R15Walking.reason(w, in: plan)
            lines.append(say("  \(why.zh)。", "  \(why.en)."))
        }

        // The question: another destination, or (without one) the opposite of what the plan does.
        let asked = target ?? (now != here ? here : nil)
        guard let to = asked else {
            lines.append(say("用 --to 学校代码 询问某个去向，可看到调往该校会改变什么。",
                             "Ask about a destination with --to SCHOOL to see what moving them would change."))
            return Explanation(lines: lines, brokenRules: [], plan: plan, forcedPlan: nil)
        }
        if to == now {
            lines.append(to == here ? say("方案已让其留在\(name(to))。", "The plan already keeps them at \(name(to)).")
                         : say("方案已将其调往\(name(to))。", "The plan already sends them to \(name(to))."))
            return Explanation(lines: lines, brokenRules: [], plan: plan, forcedPlan: nil)
        }
        lines.append(to == here ? say("如果留在\(name(here))：", "If they stayed at \(name(here)):")
                     : say("如果改为调往\(name(to))：", "If they went to \(name(to)) instead:"))

        // Rules a single move breaks by itself, each told by its rule (level, locks, eligibility, commute,
        // no-return, backbone-downward).
        let broken = c.breaks(teacher: t, to: to)
        if !broken.isEmpty {
            for (rule, why) in broken {
                lines.append(say("  违反 \(rule.rawValue)：\(why.zh)。", "  breaks \(rule.rawValue): \(why.en)."))
            }
            return Explanation(lines: lines, brokenRules: broken.map(\.rule), plan: plan, forcedPlan: nil)
        }

        // Re-solve with the destination forced.
        let forced = speculative.flatMap { $0.0 == to ? $0.1.wait() : nil }
            ?? forcedPlanner.plan(candidates: candidates, forced: [(teacher: t, school: to)])
        switch forced {
        case .cannotMeet(let d):
            let rules = Array(Set(d.findings.flatMap { $0.rules.prefix(1) })).sorted()
            lines.append(say("  政策将无法满足：", "  the policy could no longer be met:"))
            for f in d.findings { lines.append("  - [\(f.rules.map(\.rawValue).joined(separator: " vs "))] \(f.message(language))") }
            return Explanation(lines: lines, brokenRules: rules, plan: plan, forcedPlan: nil)
        case .noPlan(let why):
            lines.append(say("  有此调动时未找到方案：\(why.zh)", "  no plan found with that move: \(why.en)"))
            return Explanation(lines: lines, brokenRules: [], plan: plan, forcedPlan: nil)
        case .plan(let other):
            lines.append(say("  所有规则仍然满足；这样的最优方案与原方案相比：", "  every rule still holds; the best such plan compares with the plan as follows:"))
            for (p, which) in [(plan, say("原方案", "the plan")), (other, say("调动后的方案", "the plan with the move"))] where p.status != .optimal {
                let gap = String(format: "%.4f%%", (p.gap ?? 0) * 100)
                lines.append(say("  （\(which)未证明最优：因限制停止，差距 \(gap)）",
                                 "  (\(which) is not proven optimal: stopped by \(p.stoppedBy?.rawValue ?? "a limit") within \(gap))"))
            }
            lines += Self.compare(plan, other, zh: zh).map { "  " + $0 }
            return Explanation(lines: lines, brokenRules: [], plan: plan, forcedPlan: other)
        }
    }

    /// Changes from plan a to plan b, term by term.
    static func compare(_ a: Plan, _ b: Plan, zh: Bool = false) -> [String] {
        func delta(_ x: Double, _ y: Double) -> String {
            let d = y - x
            return String(format: "%@%.2f", d >= 0 ? "+" : "", d)
        }
        let objective = "\(String(format: "%.2f", a.objective)) → \(String(format: "%.2f", b.objective)) (\(delta(a.objective, b.objective)))"
        var lines = [zh ? "目标值 \(objective)" : "objective \(objective)"]
        let termZH: [ObjectiveTerm: String] = [.shortage: "学科缺口", .balance: "均衡", .floor: "达标线", .commute: "通勤", .moves: "交流人数", .preference: "志愿",
                                               .subjects: "兼任与转岗", .walking: "走教", .staffing: "编制"]
        lines.append((zh ? "各项：" : "terms: ") + ObjectiveTerm.allCases.map { "\(zh ? termZH[$0] ?? $0.rawValue : $0.rawValue) \(delta(a.terms[$0], b.terms[$0]))" }
            .joined(separator: zh ? "，" : ", "))
        lines.append(zh ? "学科缺口 \(a.after.unmetNeed) → \(b.after.unmetNeed)；交流人数 \(a.movers.count) → \(b.movers.count)；"
                        + "骨干教师交流 \(a.backboneMovers) → \(b.backboneMovers)"
                     : "unmet need \(a.after.unmetNeed) → \(b.after.unmetNeed); movers \(a.movers.count) → \(b.movers.count); "
                        + "backbone movers \(a.backboneMovers) → \(b.backboneMovers)")
        var cvs: [String] = []
        for level in TeachingLevel.allCases {
            for indicator in Indicator.allCases {
                guard let x = a.after.balance[level]?[indicator]?.cv, let y = b.after.balance[level]?[indicator]?.cv,
                      abs(x - y) >= 0.0005 else { continue }
                let levelZH = level == .primary ? "小学" : "初中", indicatorZH = AuditIndicator(rawValue: indicator.rawValue)?.chinese ?? indicator.rawValue
                cvs.append((zh ? "\(levelZH)\(indicatorZH)" : "\(level.rawValue) \(indicator.rawValue)") + " \(String(format: "%.3f", x)) → \(String(format: "%.3f", y))")
            }
        }
        lines.append(zh ? "差异系数：" + (cvs.isEmpty ? "不变" : cvs.joined(separator: "，")) : "CV: " + (cvs.isEmpty ? "unchanged" : cvs.joined(separator: ", ")))
        let moved = a.county.teachers.indices.filter { a.destination[$0] != b.destination[$0] }
        lines.append(zh ? "\(moved.count) 名教师去向改变（rotation diff 可列出）"
                     : "\(moved.count) teacher\(moved.count == 1 ? "" : "s") change destination (rotation diff lists them)")
        return lines
    }

    static func formatNumber(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
}

public enum ExplainError: Error, CustomStringConvertible {
    case unknownTeacher(String), unknownSchool(String)
    public var description: String {
        switch self {
        case .unknownTeacher(let id): return "--teacher \(id): no teacher with this id in teachers.csv"
        case .unknownSchool(let id): return "--to \(id): no school with this id in schools.csv"
        }
    }
    /// The message in Chinese.
    public var chinese: String {
        switch self {
        case .unknownTeacher(let id): return "--teacher \(id)：teachers.csv 中没有此编号的教师"
        case .unknownSchool(let id): return "--to \(id)：schools.csv 中没有此代码的学校"
        }
    }
}

