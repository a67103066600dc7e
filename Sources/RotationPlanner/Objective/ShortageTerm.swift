import IntegerProgramming
import RotationModel

/// Unmet subject need: `unmet[n] ≥ required(n) − teachers of the subject who end at the school`, one
/// continuous variable per need, weighted by `weights.shortage` — or, in the phases that prove the least unmet
/// need, above all other terms together (``Planner``).
struct ShortageTerm: ObjectiveTermUnit {
    let term = ObjectiveTerm.shortage
    let summary = LocalizedText(zh: "未满足的学科需求人数（优先最少）", en: "unmet subject need (the least possible first)")
    let keys = ["weights.shortage"]

    /// Adds the unmet-need variables and rows (kept in `ctx.unmet`) and returns their sum, unweighted.
    func build(in ctx: inout ProgramContext) -> LinearExpression {
        let county = ctx.county
        for (n, need) in county.needs.enumerated() where need.required > 0 {
            guard let s = county.schoolIndex[need.schoolID] else { continue }
            let have = ctx.coverage(at: s, need.subject)
            let name = "unmet_\(ctx.schoolNames[s])_n\(n)"
            let v = ctx.program.addVariable(name, .continuous, lowerBound: 0, upperBound: Double(need.required))
            ctx.program.addConstraint(name, LinearExpression(v) + have, greaterOrEqual: Double(need.required))
            ctx.unmet.append(v)
        }
        return ctx.unmet.sum()
    }

    /// A move that brings a teacher of the subject to a school that lacked it.
    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        let subject = plan.assigned[t], to = plan.destination[t], school = plan.county.schools[to]
        // A second subject or retraining says so itself (R14).
        guard subject == plan.county.teachers[t].subject,
              let need = plan.county.needs.first(where: { $0.schoolID == school.id && $0.subject == subject }),
              Tenths(plan.before.schools[to].subjects[subject] ?? 0) + (plan.before.schools[to].walking[subject] ?? .zero) < Tenths(need.required)
        else { return [] }
        return [LocalizedText(zh: "补\(school.name)\(subject)学科缺口", en: "fills \(subject) shortage at \(school.name)")]
    }
}
