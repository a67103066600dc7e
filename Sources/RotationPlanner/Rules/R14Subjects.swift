import IntegerProgramming
import RotationModel

extension Rule {
    /// A teacher teaches one of their subjects (or one they may be retrained for) where the plan puts them.
    public static let R14: Rule = "R14"
}

/// R14, subjects: a teacher of several subjects (`subject` lists them, the main one first) or with subjects they
/// may be retrained for (`retrain`, 转岗) teaches one of them at the school where the plan puts them. Another
/// than the main subject only fills a need: it is assigned only where the school needs the subject (`needs.csv`),
/// and where anyone teaches subject j at school s that way, the teachers of j at s (walking shares included) are
/// no more than the need; at a cost (`weights.second_subject`, `weights.retrain`: the term `subjects`), so that a
/// trained teacher fills a need before a retrained one.
///
/// Columns: per place p of the teacher and subject j other than the main one with a need for j at p, a column
/// for "at p teaching j": for a teacher who may move, `stay_<t>_o<k>` and `move_<t>_<s>_o<k>` in R1's row; for one
/// whose place is fixed, `subject_<t>_o<k>` with the row `R14_one_subject_<t>`: Σ ≤ 1 (none: the main subject).
/// k is the subject's place in the teacher's list (`subject`, then `retrain`), counted from 1. Per need (s, j) with
/// such columns, a binary `fills_<s>_n<k>`: `R14_other_…`: Σ other-subject columns ≤ U · fills, and `R14_fills_…`:
/// teachers of j at s + walking shares + M · fills ≤ required + M.
public struct R14Subjects: HardRule {
    let id = Rule.R14
    let summary = LocalizedText(
        zh: "兼任多科（或可转岗）的教师在所去学校任教其中一科：主教学科之外的学科只在该校有此学科需求时安排（转岗另计代价）",
        en: "a teacher of several subjects (or who may be retrained) teaches one of them where the plan puts them: another than the main one only where the school needs it (retraining at a cost)")
    let keys: [String] = []

    /// The needs some plan may leave short (`school|subject`): those not already met by teachers of the subject
    /// whatever the plan (at the school for good, with no other subject to teach). Only there can another subject
    /// (or a walking teacher's share) fill anything: R14's rule forbids it at a need met, and a walk there gains nothing.
    static func open(_ c: Candidates) -> Set<String> {
        var firm: [String: Int] = [:]
        for (t, teacher) in c.county.teachers.enumerated() where !teacher.hasSubjectChoice && c.learnerHosts[t].isEmpty {
            let place: Int?
            switch c.positions[t] {
            case .fixed: place = c.current[t]
            case .locked(let s), .returning(let s): place = s
            case .movable: place = nil
            }
            if let place { firm["\(place)|\(teacher.subject)", default: 0] += 1 }
        }
        return Set(c.county.needs.compactMap { n in
            guard let s = c.county.schoolIndex[n.schoolID], n.required > (firm["\(s)|\(n.subject)"] ?? 0) else { return nil }
            return "\(s)|\(n.subject)"
        })
    }

    /// The teacher's subjects other than the main one with their column suffix (`o2`, `o3`, …).
    static func others(_ teacher: Teacher) -> [(suffix: String, subject: String)] {
        teacher.subjectOptions.enumerated().dropFirst().map { ("o\($0.offset + 1)", $0.element) }
    }

    func columns(in ctx: inout ProgramContext) {
        let needed = Self.open(ctx.candidates)
        guard !needed.isEmpty else { return }
        for t in ctx.county.teachers.indices where ctx.county.teachers[t].hasSubjectChoice {
            let teacher = ctx.county.teachers[t], name = ctx.teacherNames[t], others = Self.others(teacher)
            if let p = ctx.constantPlace(t) {
                for (suffix, j) in others where needed.contains("\(p)|\(j)") {
                    ctx.otherSubjects[t].append((j, ctx.program.addVariable("subject_\(name)_\(suffix)", .binary)))
                }
                continue
            }
            guard let row = ctx.oneSchoolRow[t] else { continue }
            let here = ctx.candidates.current[t]
            for (suffix, j) in others where needed.contains("\(here)|\(j)") {
                let v = ctx.program.addVariable("stay_\(name)_\(suffix)", .binary)
                if teacher.lock == .leave { ctx.program.setBounds(v, lowerBound: 0, upperBound: 0) }
                ctx.otherSubjects[t].append((j, v))
                ctx.program.add(v, toConstraint: row)
            }
            // Each school's columns together: the main subject's, then the others'.
            var moves: [(school: Int, variable: Variable)] = [], subjects: [String] = []
            for (s, main) in ctx.moves[t] {
                moves.append((s, main)); subjects.append(teacher.subject)
                for (suffix, j) in others where needed.contains("\(s)|\(j)") {
                    let v = ctx.program.addVariable("move_\(name)_\(ctx.schoolNames[s])_\(suffix)", .binary)
                    moves.append((s, v)); subjects.append(j)
                    ctx.program.add(v, toConstraint: row)
                }
            }
            ctx.moves[t] = moves
            ctx.moveSubjects[t] = subjects
        }
    }

    func rows(in ctx: inout ProgramContext) {
        for t in ctx.county.teachers.indices where ctx.constantPlace(t) != nil && ctx.otherSubjects[t].count > 1 {
            ctx.program.addConstraint("R14_one_subject_\(ctx.teacherNames[t])", ctx.otherSubjects[t].map(\.variable).sum(), lessOrEqual: 1)
        }
        // Another subject only to fill a need: where anyone teaches j at s as a second subject (or retrained), the
        // teachers of j at s (walking shares included) are no more than the need. `fills_<s>_n<k>` is 1 when so.
        let county = ctx.county, main = ctx.mainSubject
        guard ctx.hasChoice.contains(true) else { return }
        for (k, need) in county.needs.enumerated() where need.required > 0 {
            guard let s = county.schoolIndex[need.schoolID] else { continue }
            let j = need.subject
            let other = ctx.presence(at: s, teaching: { t, sub in sub == j && main[t] != j })
            guard !other.terms.isEmpty else { continue }
            let teachers = Double(Set(other.terms.map(\.variable)).count)
            let total = ctx.coverage(at: s, j)
            let most = Double(ctx.reachable[s].count) + Double(ctx.walks.count { $0.served == s && $0.subject == j }) - Double(need.required)
            let name = "\(ctx.schoolNames[s])_n\(k)"
            let fills = ctx.program.addVariable("fills_\(name)", .binary)
            ctx.program.addConstraint("R14_other_\(name)", other - teachers * LinearExpression(fills), lessOrEqual: 0)
            ctx.program.addConstraint("R14_fills_\(name)", total + max(0, most) * LinearExpression(fills), lessOrEqual: Double(need.required) + max(0, most))
        }
    }

    /// Why a teacher teaches another subject than the main one (for a stayer too, who has no move to explain).
    public static func subjectReasons(for t: Int, in plan: Plan) -> [LocalizedText] { R14Subjects().reasons(for: t, in: plan) }

    /// A teacher who teaches another subject than the main one, and fills a need with it.
    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        let teacher = plan.county.teachers[t], j = plan.assigned[t]
        guard j != teacher.subject else { return [] }
        let school = plan.county.schools[plan.destination[t]]
        if teacher.retrain.contains(j) {
            return [LocalizedText(zh: "转岗任教\(j)，补\(school.name)\(j)学科缺口", en: "retrained (转岗) to teach \(j), filling the \(j) shortage at \(school.name)")]
        }
        return [LocalizedText(zh: "任教第二学科\(j)，补\(school.name)\(j)学科缺口", en: "fills \(j) shortage at \(school.name) (second subject)")]
    }
}

/// The cost of assigning a teacher another subject than their main one (R14): `weights.second_subject` for one of
/// their own subjects, `weights.retrain` for one they are retrained for (转岗).
struct SubjectsTerm: ObjectiveTermUnit {
    let term = ObjectiveTerm.subjects
    let summary = LocalizedText(zh: "兼任学科与转岗的代价（非必要不改任教学科）", en: "the cost of teaching a second subject or retraining (kept for where a need asks)")
    let keys = ["weights.second_subject", "weights.retrain"]

    static func cost(_ teacher: Teacher, _ subject: String, _ policy: Policy) -> Double {
        subject == teacher.subject ? 0 : teacher.retrain.contains(subject) ? policy.weights.retrain : policy.weights.secondSubject
    }

    func build(in ctx: inout ProgramContext) -> LinearExpression {
        var e = LinearExpression()
        for t in ctx.county.teachers.indices {
            let teacher = ctx.county.teachers[t]
            guard teacher.hasSubjectChoice else { continue }
            var most = 0.0
            for (j, v) in ctx.otherSubjects[t] {
                let c = Self.cost(teacher, j, ctx.policy)
                if c != 0 { e.add(v, c) }
                most = max(most, c)
            }
            for (i, (_, v)) in ctx.moves[t].enumerated() {
                let c = Self.cost(teacher, ctx.moveSubjects[t][i], ctx.policy)
                if c != 0 { e.add(v, c) }
                most = max(most, c)
            }
            ctx.otherHigh += most
        }
        return e
    }
}
