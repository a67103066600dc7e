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

    /// Both plans are searched to proven optimality (`solver.gap` 0, whatever the policy says), so that their
    /// difference is the move's, not the search's; a plan stopped by the time limit is said to be so.
    public static func explain(county: County, policy: Policy, teacherID: String, to schoolID: String?,
                               planner: Planner) throws -> Explanation {
        var policy = policy
        policy.solver.gap = 0
        guard let t = county.teacherIndex[teacherID] else { throw ExplainError.unknownTeacher(teacherID) }
        let target: Int? = try schoolID.map { id in
            guard let s = county.schoolIndex[id] else { throw ExplainError.unknownSchool(id) }
            return s
        }
        let teacher = county.teachers[t]
        let here = county.schoolIndex[teacher.schoolID]!
        var lines: [String] = []
        func name(_ s: Int) -> String { "\(county.schools[s].name) (\(county.schools[s].id))" }

        let base = planner.plan(county: county, policy: policy)
        guard case .plan(let plan) = base else {
            if case .cannotMeet(let d) = base {
                return Explanation(lines: ["The policy cannot be met at all, so there is no plan to explain:"] + d.text
                    .split(separator: "\n").map(String.init), brokenRules: [], plan: nil, forcedPlan: nil)
            }
            if case .noPlan(let why) = base { return Explanation(lines: ["No plan: \(why)"], brokenRules: [], plan: nil, forcedPlan: nil) }
            return Explanation(lines: [], brokenRules: [], plan: nil, forcedPlan: nil)
        }
        let c = plan.candidates
        let eligibility = c.eligibility[t]
        let now = plan.destination[t]
        lines.append("\(teacher.name) (\(teacher.id)), \(teacher.subject), \(teacher.yearsAtSchool) years at \(name(here)):")
        if now != here {
            lines.append("  moves to \(name(now)) in the plan (\(String(format: "%.1f", plan.commuteKm(t))) km from home): "
                         + plan.reasons(for: t).map(\.en).joined(separator: "; ") + ".")
        } else {
            let d = c.duties[here]
            let leaving = plan.leavers[here]
            switch c.positions[t] {
            case .fixed:
                lines.append("  stays: " + (teacher.lock == .stay ? "the personnel office locked them to stay (R1)."
                    : "not eligible to move (\(eligibility.rawValue)); only eligible teachers move (R1)."))
            case .locked:
                lines.append("  stays.")
            case .movable(let destinations):
                lines.append("  stays in the plan: eligible, with \(destinations.count) school\(destinations.count == 1 ? "" : "s") "
                             + "they could move to; \(leaving) of the school's \(d.eligible) eligible teachers leave "
                             + "(R3 asks at least \(d.requiredLeavers)), and the plan is better with others moving.")
            }
        }

        // The question: another destination, or (without one) the opposite of what the plan does.
        let asked = target ?? (now != here ? here : nil)
        guard let to = asked else {
            lines.append("Ask about a destination with --to SCHOOL to see what moving them would change.")
            return Explanation(lines: lines, brokenRules: [], plan: plan, forcedPlan: nil)
        }
        if to == now {
            lines.append("The plan already \(to == here ? "keeps them at" : "sends them to") \(name(to)).")
            return Explanation(lines: lines, brokenRules: [], plan: plan, forcedPlan: nil)
        }
        lines.append(to == here ? "If they stayed at \(name(here)):" : "If they went to \(name(to)) instead:")

        // Rules a single move breaks by itself, each told by its rule (level, locks, eligibility, commute,
        // no-return, backbone-downward).
        let broken = c.breaks(teacher: t, to: to)
        if !broken.isEmpty {
            for (rule, why) in broken { lines.append("  breaks \(rule.rawValue): \(why).") }
            return Explanation(lines: lines, brokenRules: broken.map(\.rule), plan: plan, forcedPlan: nil)
        }

        // Re-solve with the destination forced.
        let forced = planner.plan(county: county, policy: policy, forced: [(teacher: t, school: to)])
        switch forced {
        case .cannotMeet(let d):
            let rules = Array(Set(d.findings.flatMap { $0.rules.prefix(1) })).sorted()
            lines.append("  the policy could no longer be met:")
            for f in d.findings { lines.append("  - [\(f.rules.map(\.rawValue).joined(separator: " vs "))] \(f.message)") }
            return Explanation(lines: lines, brokenRules: rules, plan: plan, forcedPlan: nil)
        case .noPlan(let why):
            lines.append("  no plan found with that move: \(why)")
            return Explanation(lines: lines, brokenRules: [], plan: plan, forcedPlan: nil)
        case .plan(let other):
            lines.append("  every rule still holds; the best such plan compares with the plan as follows:")
            for (p, which) in [(plan, "the plan"), (other, "the plan with the move")] where p.status != .optimal {
                lines.append("  (\(which) is not proven optimal: stopped by \(p.stoppedBy?.rawValue ?? "a limit") within "
                             + String(format: "%.4f%%", (p.gap ?? 0) * 100) + ")")
            }
            lines += Self.compare(plan, other).map { "  " + $0 }
            return Explanation(lines: lines, brokenRules: [], plan: plan, forcedPlan: other)
        }
    }

    /// Changes from plan a to plan b, term by term.
    static func compare(_ a: Plan, _ b: Plan) -> [String] {
        func delta(_ x: Double, _ y: Double) -> String {
            let d = y - x
            return String(format: "%@%.2f", d >= 0 ? "+" : "", d)
        }
        var lines = ["objective \(String(format: "%.2f", a.objective)) → \(String(format: "%.2f", b.objective)) (\(delta(a.objective, b.objective)))"]
        lines.append("terms: " + ObjectiveTerm.allCases.map { "\($0.rawValue) \(delta(a.terms[$0], b.terms[$0]))" }.joined(separator: ", "))
        lines.append("unmet need \(a.after.unmetNeed) → \(b.after.unmetNeed); movers \(a.movers.count) → \(b.movers.count); "
                     + "backbone movers \(a.backboneMovers) → \(b.backboneMovers)")
        var cvs: [String] = []
        for level in TeachingLevel.allCases {
            for indicator in Indicator.allCases {
                guard let x = a.after.balance[level]?[indicator]?.cv, let y = b.after.balance[level]?[indicator]?.cv,
                      abs(x - y) >= 0.0005 else { continue }
                cvs.append("\(level.rawValue) \(indicator.rawValue) \(String(format: "%.3f", x)) → \(String(format: "%.3f", y))")
            }
        }
        lines.append("CV: " + (cvs.isEmpty ? "unchanged" : cvs.joined(separator: ", ")))
        let moved = a.county.teachers.indices.filter { a.destination[$0] != b.destination[$0] }
        lines.append("\(moved.count) teacher\(moved.count == 1 ? "" : "s") change destination (rotation diff lists them)")
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
}
