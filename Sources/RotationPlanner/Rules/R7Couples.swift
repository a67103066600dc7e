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
            findings.append(c.finding([id, .R1], ot[0], "partners \(c.teacherLabel(t)) and \(c.teacherLabel(u)) are locked to "
                + "schools \(Candidates.km((km * 10).rounded() / 10)) km apart; R7 allows \(Candidates.km(c.policy.coupleMaxKm)) km.",
                "change one of the locks or raise couple_max_km", teachers: [c.county.teachers[t].id, c.county.teachers[u].id]))
        }
        return findings
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        let (t, u) = row.couple!
        return c.finding([id, .R3], row.school, "partners \(c.teacherLabel(t)) and \(c.teacherLabel(u)) cannot both satisfy R7 "
            + "(at most \(Candidates.km(c.policy.coupleMaxKm)) km apart) and the other rules.",
            "raise couple_max_km, or lock one partner to a school near the other",
            teachers: [c.county.teachers[t].id, c.county.teachers[u].id])
    }
}
