import IntegerProgramming
import RotationModel

extension Rule {
    /// School groups (学区/集团/联盟): with exchange_scope: group, moves stay inside the group; a group's quota.
    public static let R10: Rule = "R10"
}

extension RuleRow.Kind {
    public static let groupLeavers = RuleRow.Kind(rawValue: "groupLeavers")
}

/// R10, school groups: `schools.csv`'s `group` (a school without one is its own group). With `exchange_scope:
/// group` a new move stays inside the teacher's group (a column rule; a lock to a school may cross groups). With
/// `group_rotation_rate` > 0, besides each school's quota, at least ⌈rate × the group's eligible teachers⌉ leave
/// the group's schools (row `R10_group_<k>`: Σ_{s in group} leavers(s) ≥ that).
struct R10Groups: HardRule {
    let id = Rule.R10
    let summary = LocalizedText(
        zh: "交流范围为学区时只在本学区（集团、联盟）内交流；学区交流比例大于 0 时，各学区符合条件的教师中至少按此比例交流",
        en: "with exchange_scope: group, moves stay inside the teacher's school group; with group_rotation_rate, at least that share of a group's eligible teachers move")
    let keys = ["exchange_scope", "group_rotation_rate"]
    let refusesMoves = true

    static let scope = "group"

    func refusal(_ m: MoveQuery) -> Refusal? {
        guard m.policy.exchangeScope == "group", m.fromSchool.groupKey != m.toSchool.groupKey else { return nil }
        return Refusal(id, Self.scope, depth: 4)
    }

    func sentence(for refusal: Refusal, _ m: MoveQuery, in c: Candidates) -> LocalizedText {
        let group = m.toSchool.group ?? "—"
        return LocalizedText(zh: "\(c.labelZH(m.to))属于另一个学区（\(group)），而交流范围为学区内（exchange_scope: group）",
                             en: "\(c.label(m.to)) is in another school group (\(group)) and exchange_scope is group")
    }

    func nowhere(for refusal: Refusal, teacher t: Int, in c: Candidates) -> LocalizedText {
        LocalizedText(zh: "本学区内没有可去的学校（R10，exchange_scope: group）", en: "no school they could go to in their group (R10, exchange_scope: group)")
    }

    func breaks(teacher t: Int, to s: Int?, in c: Candidates) -> [LocalizedText] {
        refusalBreaks(teacher: t, to: s, in: c)
    }

    /// The groups with a quota: their schools and how many must leave them.
    static func quotas(_ c: Candidates) -> [(key: String, name: String, schools: [Int], eligible: Int, required: Int)] {
        let rate = c.policy.groupRotationRate
        guard rate.numerator > 0 else { return [] }
        var order: [String] = [], members: [String: [Int]] = [:]
        for (s, school) in c.county.schools.enumerated() {
            if members[school.groupKey] == nil { order.append(school.groupKey) }
            members[school.groupKey, default: []].append(s)
        }
        return order.compactMap { key in
            let schools = members[key]!, eligible = schools.reduce(0) { $0 + c.duties[$1].eligible }
            let required = rate.ceilTimes(eligible)
            guard required > 0 else { return nil }
            return (key, c.county.schools[schools[0]].group ?? c.county.schools[schools[0]].name, schools, eligible, required)
        }
    }

    func rows(in ctx: inout ProgramContext) {
        for (k, q) in Self.quotas(ctx.candidates).enumerated() {
            var e = LinearExpression()
            for s in q.schools {
                e.constant += Double(ctx.candidates.duties[s].lockedOut)
                for t in ctx.county.teachers.indices where ctx.candidates.current[t] == s {
                    for (_, v) in ctx.moves[t] { e.add(v) }
                }
            }
            ctx.require("R10_group_\(k + 1)", e, .atLeast, Double(q.required), row: RuleRow(rule: id, kind: .groupLeavers, school: q.schools[0]))
        }
    }

    func precheck(_ c: Candidates) -> [Diagnosis.Finding] {
        var findings: [Diagnosis.Finding] = []
        if c.policy.exchangeScope == "group" {
            let alone = c.county.schools.indices.filter { s in c.county.schools[s].group == nil }
            if !alone.isEmpty && alone.count == c.county.schools.count {
                findings.append(c.finding([id], nil,
                    .init(zh: "交流范围为学区内（exchange_scope: group），但 schools.csv 中没有任何学校填写所属学区：每所学校自成一个学区，无人能交流。",
                          en: "exchange_scope is group, but no school has a group in schools.csv: each school is its own group and nobody can move."),
                    .init(zh: "在 schools.csv 中填写 group（所属学区），或设 exchange_scope: county", en: "fill in the group column of schools.csv, or set exchange_scope: county")))
            }
        }
        for q in Self.quotas(c) {
            let supply = q.schools.reduce(0) { $0 + c.leaverSupply($1).movable + c.duties[$1].lockedOut }
            if supply < q.required {
                findings.append(c.finding([id, .R2], q.schools[0],
                    .init(zh: "学区\(q.name)符合条件的教师 \(q.eligible) 人，学区交流比例 group_rotation_rate 要求至少 \(q.required) 人交流，但只有 \(supply) 人有可去的学校。",
                          en: "group \(q.name) has \(q.eligible) eligible teachers; group_rotation_rate needs \(q.required) to leave its schools, but only \(supply) have a school to go to."),
                    .init(zh: "降低学区交流比例 group_rotation_rate，或提高最远通勤距离 max_commute_km", en: "lower group_rotation_rate or raise max_commute_km")))
            }
        }
        return findings
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        guard let q = Self.quotas(c).first(where: { $0.schools.first == row.school }) else { return nil }
        let most = max(0, q.required - Int(amount.rounded()))
        return c.finding([id, .R6, .R2], row.school,
            .init(zh: "学区\(q.name)须有至少 \(q.required) 人交流（学区交流比例 group_rotation_rate），但与其他规则同时满足时至多 \(most) 人。",
                  en: "group \(q.name) needs \(q.required) of its teachers to leave (group_rotation_rate), but together with the other rules at most \(most) can."),
            .init(zh: "降低学区交流比例 group_rotation_rate，或提高流动上限 max_turnover", en: "lower group_rotation_rate or raise max_turnover"))
    }

    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? {
        if c.policy.exchangeScope == "group" {
            for t in destination.indices where destination[t] != c.current[t] && !c.isReturner(t) && c.county.teachers[t].lock?.overridesRules != true {
                if c.county.schools[destination[t]].groupKey != c.county.schools[c.current[t]].groupKey {
                    return LocalizedText(zh: "\(c.county.teachers[t].name)将调往另一个学区", en: "\(c.county.teachers[t].name) would move to another group")
                }
            }
        }
        let leavers = c.flows(destination).leavers
        for q in Self.quotas(c) where q.schools.reduce(0, { $0 + leavers[$1] }) < q.required {
            return LocalizedText(zh: "学区\(q.name)交流人数将少于规定的 \(q.required) 人", en: "fewer than the \(q.required) required would leave group \(q.name)")
        }
        return nil
    }

    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        let from = plan.candidates.current[t]
        guard let q = Self.quotas(plan.candidates).first(where: { $0.schools.contains(from) }) else { return [] }
        return [LocalizedText(zh: "学区交流比例：\(q.name)符合条件的 \(q.eligible) 人中至少 \(q.required) 人交流",
                              en: "group quota: \(q.required) of \(q.eligible) eligible leave group \(q.name)")]
    }
}
