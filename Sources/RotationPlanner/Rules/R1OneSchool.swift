import IntegerProgramming
import RotationModel

extension Rule {
    /// Each teacher ends at exactly one school; only eligible teachers move; locks are kept.
    public static let R1: Rule = "R1"
}

/// R1: each teacher ends at exactly one school; only eligible teachers move (tenure, no exemption, not near
/// retirement, not locked to stay); a teacher locked to a school moves there.
///
/// Rows: `stay[t] + Σ_s move[t][s] = 1` for every teacher who may move (`R1_one_school_<t>`). The move
/// variables exist only for moves every column rule allows (``Candidates``).
struct R1OneSchool: HardRule {
    let id = Rule.R1
    let summary = LocalizedText(
        zh: "每位教师最终只在一所学校；只有符合条件的教师交流；人事部门的锁定照办",
        en: "each teacher ends at exactly one school; only eligible teachers move; locks are kept")
    let keys = ["tenure_years", "retirement_age.M", "retirement_age.F", "retirement_exempt_years"]

    func columns(in ctx: inout ProgramContext) {
        for t in ctx.county.teachers.indices {
            var row: [(school: Int, variable: Variable)] = []
            var stayVar: Variable?
            if case .movable(let dests) = ctx.candidates.positions[t], !dests.isEmpty {
                let name = ctx.teacherNames[t]
                let st = ctx.program.addVariable("stay_\(name)", .binary)
                stayVar = st
                for s in dests { row.append((s, ctx.program.addVariable("move_\(name)_\(ctx.schoolNames[s])", .binary))) }
                var one = LinearExpression(st)
                for (_, v) in row { one.add(v) }
                ctx.program.addConstraint("R1_one_school_\(name)", one, equal: 1)
            }
            ctx.moves.append(row)
            ctx.stay.append(stayVar)
        }
    }

    func precheck(_ c: Candidates) -> [Diagnosis.Finding] { [] }

    func breaks(teacher t: Int, to s: Int?, in c: Candidates) -> [String] {
        let teacher = c.county.teachers[t]
        guard let s, s != c.current[t] else {
            if case .moveTo? = teacher.lock { return ["the personnel office locked them to move"] }
            return []
        }
        switch teacher.lock {
        case .stay?: return ["the personnel office locked them to stay"]
        case .moveTo(let l)?: return l == c.county.schools[s].id ? [] : ["the personnel office locked them to move to \(l)"]
        case nil:
            let eligibility = c.eligibility[t]
            return eligibility.isEligible ? [] : ["only eligible teachers move, and they are not (\(eligibility.rawValue))"]
        }
    }

    func reasons(for t: Int, in plan: Plan) -> [String] {
        if case .locked = plan.candidates.positions[t] { return ["locked by the personnel office"] }
        return []
    }
}
