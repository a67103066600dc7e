import IntegerProgramming
import RotationModel

extension Rule {
    /// When either partner moves, partners end at schools at most couple_max_km apart.
    public static let R7: Rule = "R7"
}

extension RuleRow.Kind {
    public static let coupleDistance = RuleRow.Kind(rawValue: "coupleDistance")
}

/// R7, couples: when either partner moves, the two end at schools at most `couple_max_km` apart (two teachers
/// are partners when each names the other in `partner_id`).
///
/// Rows: for each school a where t may end, `place(t, a) + Σ place(u, b) ≤ 1` over the places b of u too far
/// from a (both staying put is always allowed): `R7_couple_<t>_<u>_at_<a>`.
struct R7Couples: HardRule {
    let id = Rule.R7
    let summary = LocalizedText(
        zh: "夫妻任一方交流时，两人所在学校相距不超过夫妻学校距离",
        en: "when either partner moves, partners end at schools at most couple_max_km apart")
    let keys = ["couple_max_km"]

    func rows(in ctx: inout ProgramContext) {
        let c = ctx.candidates
        for (t, u) in c.couples {
            let ot = c.options(of: t), ou = c.options(of: u)
            for a in ot {
                var row = ctx.place(t, a)
                var any = false
                for b in ou where !(a == c.current[t] && b == c.current[u]) && c.distanceKm(between: a, and: b) > c.policy.coupleMaxKm {
                    row += ctx.place(u, b)
                    any = true
                }
                if any {
                    ctx.require("R7_couple_\(ctx.teacherNames[t])_\(ctx.teacherNames[u])_at_\(ctx.schoolNames[a])", row, .atMost, 1,
                                row: RuleRow(rule: id, kind: .coupleDistance, school: a, couple: (t, u)))
                }
            }
        }
    }

    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? {
        for (t, u) in c.couples where !(destination[t] == c.current[t] && destination[u] == c.current[u])
            && c.distanceKm(between: destination[t], and: destination[u]) > c.policy.coupleMaxKm {
            let a = c.county.teachers[t].name, b = c.county.teachers[u].name
            return LocalizedText(zh: "\(a)与配偶\(b)的学校将相距超过 \(Candidates.km(c.policy.coupleMaxKm)) 公里",
                                 en: "\(a) and their partner \(b) would be more than \(Candidates.km(c.policy.coupleMaxKm)) km apart")
        }
        return nil
    }

    /// Two partners who are both fixed (one locked to move) at schools too far apart.
    func precheck(_ c: Candidates) -> [Diagnosis.Finding] {
        var findings: [Diagnosis.Finding] = []
        for (t, u) in c.couples {
            let ot = c.options(of: t), ou = c.options(of: u)
            guard ot.count == 1, ou.count == 1, ot[0] != c.current[t] || ou[0] != c.current[u] else { continue }
            let km = c.distanceKm(between: ot[0], and: ou[0])
            guard km > c.policy.coupleMaxKm else { continue }
            let apart = Candidates.km((km * 10).rounded() / 10), limit = Candidates.km(c.policy.coupleMaxKm)
            findings.append(c.finding([id, .R1], ot[0],
                .init(zh: "夫妻\(c.teacherLabelZH(t))与\(c.teacherLabelZH(u))被人工确定到相距 \(apart) 公里的两所学校；"
                        + "R7 至多允许相距 \(limit) 公里（couple_max_km）。",
                      en: "partners \(c.teacherLabel(t)) and \(c.teacherLabel(u)) are locked to "
                        + "schools \(apart) km apart; R7 allows \(limit) km."),
                .init(zh: "更改其中一方的人工确定，或提高夫妻学校距离 couple_max_km", en: "change one of the locks or raise couple_max_km"),
                teachers: [c.county.teachers[t].id, c.county.teachers[u].id]))
        }
        return findings
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        let (t, u) = row.couple!
        let limit = Candidates.km(c.policy.coupleMaxKm)
        return c.finding([id, .R3], row.school,
            .init(zh: "夫妻\(c.teacherLabelZH(t))与\(c.teacherLabelZH(u))无法在满足 R7（两校相距不超过 \(limit) 公里）的同时满足其他规则。",
                  en: "partners \(c.teacherLabel(t)) and \(c.teacherLabel(u)) cannot both satisfy R7 "
                    + "(at most \(limit) km apart) and the other rules."),
            .init(zh: "提高夫妻学校距离 couple_max_km，或将其中一方人工确定到离另一方较近的学校",
                  en: "raise couple_max_km, or lock one partner to a school near the other"),
            teachers: [c.county.teachers[t].id, c.county.teachers[u].id])
    }
}
