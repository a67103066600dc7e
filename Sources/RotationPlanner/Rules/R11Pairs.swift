import IntegerProgramming
import RotationModel

extension Rule {
    /// Paired schools (结对帮扶) exchange at least pair_exchange teachers each way.
    public static let R11: Rule = "R11"
}

extension RuleRow.Kind {
    public static let pairExchange = RuleRow.Kind(rawValue: "pairExchange")
}

/// R11, paired schools (`pairs.csv`): with `pair_exchange` = k > 0, each pair (a, b) exchanges at least k
/// teachers each way: rows `R11_pair_<a>_<b>`: Σ_{t now at a} move[t][b] ≥ k, and the same from b to a (a lock
/// counts). With `pair_ignores_commute`, a move between paired schools is not refused for its commute (R2). The
/// row's `couple` holds the two schools (a, b), in the direction of the row.
struct R11Pairs: HardRule {
    let id = Rule.R11
    let summary = LocalizedText(
        zh: "结对学校之间每年互派至少 pair_exchange 名教师（每个方向）；pair_ignores_commute 时结对学校之间不受最远通勤距离限制",
        en: "each pair of schools exchanges at least pair_exchange teachers in each direction; with pair_ignores_commute their moves may exceed max_commute_km")
    let keys = ["pair_exchange", "pair_ignores_commute"]

    /// The pairs as school indices, both directions, with the exchange asked of each.
    static func directions(_ c: Candidates) -> [(from: Int, to: Int)] {
        guard c.policy.pairExchange > 0 else { return [] }
        return c.county.pairs.flatMap { p -> [(Int, Int)] in
            guard let a = c.county.schoolIndex[p.a], let b = c.county.schoolIndex[p.b], a != b else { return [] }
            return [(a, b), (b, a)]
        }
    }

    /// How many teachers of school `from` could go to school `to` (movable there, or locked there).
    static func supply(_ from: Int, _ to: Int, in c: Candidates) -> Int {
        c.county.teachers.indices.count { t in
            guard c.current[t] == from else { return false }
            switch c.positions[t] {
            case .locked(let s): return s == to
            case .movable(let d): return d.contains(to)
            case .fixed, .returning: return false
            }
        }
    }

    func rows(in ctx: inout ProgramContext) {
        let k = Double(ctx.policy.pairExchange)
        for (a, b) in Self.directions(ctx.candidates) {
            var e = LinearExpression()
            for t in ctx.county.teachers.indices where ctx.candidates.current[t] == a {
                if case .locked(let s) = ctx.candidates.positions[t], s == b { e.constant += 1 }
                for v in ctx.columns(of: t, at: b) { e.add(v) }
            }
            ctx.require("R11_pair_\(ctx.schoolNames[a])_\(ctx.schoolNames[b])", e, .atLeast, k,
                        row: RuleRow(rule: id, kind: .pairExchange, school: a, couple: (a, b)))
        }
    }

    func precheck(_ c: Candidates) -> [Diagnosis.Finding] {
        let k = c.policy.pairExchange
        var findings: [Diagnosis.Finding] = []
        for (a, b) in Self.directions(c) {
            let n = Self.supply(a, b, in: c)
            guard n < k else { continue }
            let km = Candidates.km((c.distanceKm(between: a, and: b) * 10).rounded() / 10)
            let far = c.distanceKm(between: a, and: b) > c.policy.maxCommuteKm && !c.policy.pairIgnoresCommute
            if c.policy.exchangeScope == "group", c.county.schools[a].groupKey != c.county.schools[b].groupKey {
                findings.append(c.finding([id, .R10], a,
                    .init(zh: "结对学校\(c.labelZH(a))与\(c.labelZH(b))不在同一学区，而交流范围为学区内（exchange_scope: group），两校无法互派。",
                          en: "the paired schools \(c.label(a)) and \(c.label(b)) are in different groups and exchange_scope is group: they cannot exchange."),
                    .init(zh: "将两校编入同一学区，或设 exchange_scope: county", en: "put both schools in one group, or set exchange_scope: county")))
                continue
            }
            findings.append(c.finding([id, .R2], a,
                .init(zh: "结对学校\(c.labelZH(a)) → \(c.labelZH(b))须至少互派 \(k) 人，但只有 \(n) 名教师能去"
                        + (far ? "：两校相距 \(km) 公里，超过最远通勤距离 max_commute_km \(Candidates.km(c.policy.maxCommuteKm)) 公里。" : "（符合交流条件、学段相同、通勤与回流限制允许）。"),
                      en: "\(c.label(a)) must send \(k) to its pair \(c.label(b)), but only \(n) of its teachers can go"
                        + (far ? ": the schools are \(km) km apart, beyond max_commute_km \(Candidates.km(c.policy.maxCommuteKm))." : " (eligible, of the level, within the commute and no-return rules).")),
                far ? .init(zh: "提高最远通勤距离 max_commute_km，或设 pair_ignores_commute: true", en: "raise max_commute_km, or set pair_ignores_commute: true")
                    : .init(zh: "降低结对互派人数 pair_exchange", en: "lower pair_exchange")))
        }
        return findings
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        guard let (a, b) = row.couple else { return nil }
        let k = c.policy.pairExchange, most = max(0, k - Int(amount.rounded()))
        return c.finding([id, .R6, .R3], a,
            .init(zh: "结对学校\(c.labelZH(a)) → \(c.labelZH(b))须至少互派 \(k) 人，但与其他规则同时满足时至多 \(most) 人。",
                  en: "\(c.label(a)) must send \(k) to its pair \(c.label(b)), but together with the other rules at most \(most) can."),
            .init(zh: "降低结对互派人数 pair_exchange，或提高流动上限 max_turnover", en: "lower pair_exchange or raise max_turnover"))
    }

    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? {
        let k = c.policy.pairExchange
        for (a, b) in Self.directions(c) {
            let sent = destination.indices.count { c.current[$0] == a && destination[$0] == b }
            if sent < k {
                return LocalizedText(zh: "\(c.county.schools[a].name)将只向结对学校\(c.county.schools[b].name)派出 \(sent) 人，少于 \(k) 人",
                                     en: "\(c.county.schools[a].name) would send only \(sent) to its pair \(c.county.schools[b].name), fewer than \(k)")
            }
        }
        return nil
    }

    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        guard plan.policy.pairExchange > 0 else { return [] }
        let from = plan.county.schools[plan.candidates.current[t]], to = plan.county.schools[plan.destination[t]]
        guard plan.county.arePaired(from.id, to.id) else { return [] }
        return [LocalizedText(zh: "结对学校互派：\(from.name) ↔ \(to.name)", en: "paired schools exchange: \(from.name) ↔ \(to.name)")]
    }
}
