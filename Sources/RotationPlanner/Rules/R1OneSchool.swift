import IntegerProgramming
import RotationModel

extension Rule {
    /// Each teacher ends at exactly one school; only eligible teachers move; locks are kept.
    public static let R1: Rule = "R1"
}

/// R1: each teacher ends at exactly one school; only eligible teachers move (tenure, no exemption, not near
/// retirement, not locked to stay); the office's locks hold: a teacher locked to a school moves there (whatever
/// the other rules say, but the level rule), one locked to `leave` moves somewhere the rules allow, and `not:` and
/// `only:` limit where a teacher may go (never forbidding staying).
///
/// Rows: `stay[t] + Σ_s move[t][s] = 1` for every teacher who may move (`R1_one_school_<t>`); `stay[t]` is
/// held at 0 for a teacher locked to leave. The move variables exist only for moves every column rule allows
/// (``Candidates``); R1 refuses the schools a `not:` or `only:` lock rules out.
struct R1OneSchool: HardRule {
    let id = Rule.R1
    let summary = LocalizedText(
        zh: "每位教师最终只在一所学校；只有符合条件的教师交流；人事部门的锁定（含采纳的异议）照办",
        en: "each teacher ends at exactly one school; only eligible teachers move; locks (accepted objections too) are kept")
    let keys = ["tenure_years", "retirement_age.M", "retirement_age.F", "retirement_exempt_years", "leader_tenure_years"]
    let refusesMoves = true

    static let notTo = "lock_not", onlyTo = "lock_only"

    func refusal(_ m: MoveQuery) -> Refusal? {
        switch m.teacher.lock {
        case .notTo(let ids)? where ids.contains(m.toSchool.id): return Refusal(id, Self.notTo, depth: 5)
        case .onlyTo(let ids)? where !ids.contains(m.toSchool.id): return Refusal(id, Self.onlyTo, depth: 5)
        default: return nil
        }
    }

    func sentence(for refusal: Refusal, _ m: MoveQuery, in c: Candidates) -> LocalizedText {
        switch m.teacher.lock {
        case .onlyTo(let ids)?:
            return LocalizedText(zh: "人事部门只允许其去 \(ids.joined(separator: "、"))",
                                 en: "the personnel office allowed only \(ids.joined(separator: ", ")) for them")
        default:
            return LocalizedText(zh: "人事部门已排除其去 \(m.toSchool.id)", en: "the personnel office ruled out \(m.toSchool.id) for them")
        }
    }

    func nowhere(for refusal: Refusal, teacher t: Int, in c: Candidates) -> LocalizedText {
        let lock = refusal.check == Self.notTo ? "not:" : "only:"
        return LocalizedText(zh: "人工确定（\(lock)）之后，按规则已无学校可去（R1）",
                             en: "the office's lock (\(lock)) leaves no school within the rules (R1)")
    }

    /// Why a teacher is not eligible, in Chinese words (the English is the code).
    static func eligibilityZH(_ e: Eligibility) -> String {
        ["tenure": "在校年限未满交流年限", "retirement": "临近退休", "lock": "人工确定留任", "exempt": "免于交流",
         "term": "交流期未满", "return": "交流期满返回"][e.rawValue] ?? e.rawValue
    }

    func columns(in ctx: inout ProgramContext) {
        for t in ctx.county.teachers.indices {
            var row: [(school: Int, variable: Variable)] = []
            var learning: [(school: Int, variable: Variable)] = []
            var stayVar: Variable?
            var rowIndex: Int?
            var dests: [Int] = []
            if case .movable(let d) = ctx.candidates.positions[t] { dests = d }
            // A year's learning at a strong school (R13) is a place too: the teacher is at one of them.
            let hosts = ctx.candidates.learnerHosts[t]
            if !dests.isEmpty || !hosts.isEmpty {
                let name = ctx.teacherNames[t]
                let st = ctx.program.addVariable("stay_\(name)", .binary)
                if ctx.county.teachers[t].lock == .leave { ctx.program.setBounds(st, lowerBound: 0, upperBound: 0) }
                stayVar = st
                for s in dests { row.append((s, ctx.program.addVariable("move_\(name)_\(ctx.schoolNames[s])", .binary))) }
                for s in hosts { learning.append((s, ctx.program.addVariable("learn_\(name)_\(ctx.schoolNames[s])", .binary))) }
                var one = LinearExpression(st)
                for (_, v) in row + learning { one.add(v) }
                rowIndex = ctx.program.constraints.count
                ctx.program.addConstraint("R1_one_school_\(name)", one, equal: 1)
            }
            ctx.moves.append(row)
            ctx.moveSubjects.append(Array(repeating: ctx.county.teachers[t].subject, count: row.count))
            ctx.stay.append(stayVar)
            ctx.otherSubjects.append([])
            ctx.oneSchoolRow.append(rowIndex)
            ctx.learn.append(learning)
        }
    }

    /// A teacher locked to leave with no school the rules allow.
    func precheck(_ c: Candidates) -> [Diagnosis.Finding] {
        c.county.teachers.indices.compactMap { t in
            guard c.county.teachers[t].lock == .leave, case .movable(let d) = c.positions[t], d.isEmpty else { return nil }
            let (rule, refusal) = c.deepestRefusal(t)
            let nowhere = rule.nowhere(for: refusal, teacher: t, in: c)
            return c.finding([id, refusal.rule], c.current[t],
                .init(zh: "\(c.teacherLabelZH(t))已人工确定须交流（lock: leave），但没有可去的学校：\(nowhere.zh)。",
                      en: "\(c.teacherLabel(t)) is locked to leave, but no school is allowed: \(nowhere.en)."),
                .init(zh: "改为人工确定其调往某所学校（lock 指定学校后，不受其他规则限制），或取消人工确定",
                      en: "lock them to a school (the lock then moves them whatever the other rules say), or lift the lock"),
                teachers: [c.county.teachers[t].id])
        }
    }

    func breaks(teacher t: Int, to s: Int?, in c: Candidates) -> [LocalizedText] {
        let teacher = c.county.teachers[t]
        guard let s, s != c.current[t] else {
            switch teacher.lock {
            case .moveTo?: return [LocalizedText(zh: "人事部门已确定其交流", en: "the personnel office locked them to move")]
            case .leave?: return [LocalizedText(zh: "人事部门已确定其必须交流出去", en: "the personnel office decided they must leave")]
            default: return []
            }
        }
        switch teacher.lock {
        case .stay?: return [LocalizedText(zh: "人事部门已确定其留任", en: "the personnel office locked them to stay")]
        case .moveTo(let l)?:
            return l == c.county.schools[s].id ? []
                : [LocalizedText(zh: "人事部门已确定其调往 \(l)", en: "the personnel office locked them to move to \(l)")]
        default:
            let eligibility = c.eligibility[t]
            if !eligibility.isEligible {
                return [LocalizedText(zh: "只有符合条件的教师才交流，而其不符合（\(Self.eligibilityZH(eligibility))）",
                                      en: "only eligible teachers move, and they are not (\(eligibility.rawValue))")]
            }
            let m = c.query(t, to: s)
            return refusal(m).map { [sentence(for: $0, m, in: c)] } ?? []
        }
    }

    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        if case .locked = plan.candidates.positions[t] { return [LocalizedText(zh: "人事部门确定", en: "locked by the personnel office")] }
        if plan.county.teachers[t].lock == .leave {
            return [LocalizedText(zh: "须交流（人事部门确定）", en: "must leave (decided by the personnel office)")]
        }
        return []
    }
}
