import IntegerProgramming
import RotationModel

extension Rule {
    /// Leaders' exchange (校长、干部交流): a county-wide share of eligible leaders moves; schools keep their heads.
    public static let R12: Rule = "R12"
}

extension RuleRow.Kind {
    public static let leadersMove = RuleRow.Kind(rawValue: "leadersMove")
    public static let headsKept = RuleRow.Kind(rawValue: "headsKept")
}

/// R12, leaders (`role`: principal 校长, vice principal 副校长, middle leader 中层干部): eligible after
/// `leader_tenure_years` at one school (R1); at least ⌈leader_rotation_rate × eligible leaders⌉ move, county-wide
/// (row `R12_leaders`), counted apart from the teachers' quota (R3) and the backbone share (R5). A leader moves
/// into the same role, and every school keeps its number of principals and of vice principals (rows
/// `R12_<role>_<school>`: arrivals − departures = 0). With `leader_downward`, a leader never goes to a stronger
/// school (a column rule).
struct R12Leaders: HardRule {
    let id = Rule.R12
    let summary = LocalizedText(
        zh: "干部交流：符合条件的校长、副校长、中层干部中至少按干部交流比例交流（不计入教师交流比例和骨干比例）；各校校长、副校长人数不变",
        en: "leaders: at least leader_rotation_rate of the eligible leaders move (apart from R3 and R5); each school keeps its principals and vice principals")
    let keys = ["leader_rotation_rate", "leader_tenure_years", "leader_downward"]
    let refusesMoves = true

    static let downward = "leader_downward"

    func refusal(_ m: MoveQuery) -> Refusal? {
        guard m.policy.leaderDownward, m.teacher.role.isLeader, m.toSchool.strength > m.fromSchool.strength else { return nil }
        return Refusal(id, Self.downward, depth: 3)
    }

    func sentence(for refusal: Refusal, _ m: MoveQuery, in c: Candidates) -> LocalizedText {
        LocalizedText(zh: "干部不能到办学水平更高的学校（leader_downward）", en: "a leader does not go to a stronger school (leader_downward)")
    }

    func nowhere(for refusal: Refusal, teacher t: Int, in c: Candidates) -> LocalizedText {
        LocalizedText(zh: "通勤范围内没有办学水平不高于本校的学校（R12，leader_downward）", en: "no school within reach that is no stronger (R12, leader_downward)")
    }

    func breaks(teacher t: Int, to s: Int?, in c: Candidates) -> [LocalizedText] {
        refusalBreaks(teacher: t, to: s, in: c)
    }

    /// Eligible leaders, and how many of them must move.
    static func required(_ c: Candidates) -> (eligible: Int, required: Int) {
        let eligible = c.county.teachers.indices.count { c.county.teachers[$0].role.isLeader && c.eligibility[$0].isEligible }
        return (eligible, c.policy.leaderRotationRate.ceilTimes(eligible))
    }

    func rows(in ctx: inout ProgramContext) {
        let c = ctx.candidates
        let (_, required) = Self.required(c)
        if required > 0 {
            var e = LinearExpression()
            for t in c.county.teachers.indices where c.county.teachers[t].role.isLeader {
                for (_, v) in ctx.moves[t] { e.add(v) }
                if case .locked = c.positions[t] { e.constant += 1 }
            }
            ctx.require("R12_leaders", e, .atLeast, Double(required), row: RuleRow(rule: id, kind: .leadersMove))
        }
        // Each school keeps its principals and vice principals: arrivals of the role = departures of it.
        for role in [Role.principal, .vicePrincipal] {
            let holders = c.county.teachers.indices.filter { c.county.teachers[$0].role == role }
            guard holders.contains(where: { !ctx.moves[$0].isEmpty || c.fixedMove($0) != nil }) else { continue }
            var net = c.county.schools.map { _ in LinearExpression() }
            for t in holders {
                for (s, v) in ctx.moves[t] { net[s].add(v); net[c.current[t]].add(v, -1) }
                if let s = c.fixedMove(t) { net[s].constant += 1; net[c.current[t]].constant -= 1 }
            }
            for s in c.county.schools.indices where !net[s].terms.isEmpty || net[s].constant != 0 {
                ctx.require("R12_\(role.rawValue)_\(ctx.schoolNames[s])", net[s], .equal, 0,
                            row: RuleRow(rule: id, kind: .headsKept, school: s, couple: (role == .principal ? 0 : 1, 0)))
            }
        }
    }

    func precheck(_ c: Candidates) -> [Diagnosis.Finding] {
        let (eligible, required) = Self.required(c)
        guard required > 0 else { return [] }
        let movable = c.county.teachers.indices.count { t in
            guard c.county.teachers[t].role.isLeader else { return false }
            if case .locked = c.positions[t] { return true }
            if case .movable(let d) = c.positions[t] { return !d.isEmpty }
            return false
        }
        guard movable < required else { return [] }
        return [c.finding([id, .R2], nil,
            .init(zh: "干部交流比例 leader_rotation_rate 要求符合条件的 \(eligible) 名干部中至少 \(required) 人交流，但只有 \(movable) 人有可去的学校。",
                  en: "leader_rotation_rate needs \(required) of the \(eligible) eligible leaders to move, but only \(movable) have a school to go to."),
            .init(zh: "降低干部交流比例 leader_rotation_rate，或提高最远通勤距离 max_commute_km", en: "lower leader_rotation_rate or raise max_commute_km"))]
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        if row.kind == .headsKept, let s = row.school {
            let role = row.couple?.0 == 0 ? Role.principal : .vicePrincipal
            return c.finding([id], s,
                .init(zh: "\(c.labelZH(s))的\(role.chinese)人数须保持不变，但与其他规则同时满足时无法做到（调出的\(role.chinese)须有\(role.chinese)调入接替）。",
                      en: "\(c.label(s)) must keep its number of \(role.rawValue)s, but together with the other rules it cannot (a \(role.rawValue) who leaves needs one who arrives)."),
                .init(zh: "降低干部交流比例 leader_rotation_rate，或对相关干部设 lock: stay", en: "lower leader_rotation_rate, or lock the leaders concerned to stay"))
        }
        let (eligible, required) = Self.required(c)
        return c.finding([id, .R6], nil,
            .init(zh: "干部交流比例要求符合条件的 \(eligible) 名干部中至少 \(required) 人交流，但与其他规则同时满足时至多 \(max(0, required - Int(amount.rounded()))) 人。",
                  en: "leader_rotation_rate needs \(required) of the \(eligible) eligible leaders to move, but together with the other rules at most \(max(0, required - Int(amount.rounded()))) can."),
            .init(zh: "降低干部交流比例 leader_rotation_rate，或提高流动上限 max_turnover", en: "lower leader_rotation_rate or raise max_turnover"))
    }

    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? {
        let (_, required) = Self.required(c)
        let moved = destination.indices.count { destination[$0] != c.current[$0] && c.county.teachers[$0].role.isLeader }
        if moved < required {
            return LocalizedText(zh: "交流的干部将少于规定的 \(required) 人", en: "fewer than the \(required) required leaders would move")
        }
        for role in [Role.principal, .vicePrincipal] {
            var net = c.county.schools.map { _ in 0 }
            for t in destination.indices where c.county.teachers[t].role == role && destination[t] != c.current[t] {
                net[destination[t]] += 1; net[c.current[t]] -= 1
            }
            if let s = net.firstIndex(where: { $0 != 0 }) {
                return LocalizedText(zh: "\(c.county.schools[s].name)的\(role.chinese)人数将改变", en: "\(c.county.schools[s].name) would not keep its \(role.rawValue)s")
            }
        }
        return nil
    }

    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        let role = plan.county.teachers[t].role
        guard role.isLeader else { return [] }
        var reasons: [LocalizedText] = []
        if plan.policy.leaderRotationRate.numerator > 0 {
            reasons.append(LocalizedText(zh: "干部交流（\(role.chinese)，干部交流比例 leader_rotation_rate）", en: "leaders' exchange (\(role.rawValue), leader_rotation_rate)"))
        }
        if role.isHead {
            let from = plan.county.schools[plan.candidates.current[t]].name
            reasons.append(LocalizedText(zh: "接替调出的\(role.chinese)（各校\(role.chinese)人数不变；原任职\(from)）",
                                         en: "replaces a \(role.rawValue) who leaves (each school keeps its \(role.rawValue)s; from \(from))"))
        }
        return reasons
    }
}
