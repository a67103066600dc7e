import IntegerProgramming
import RotationModel

extension Rule {
    /// Learners (跟岗学习): weak schools send promising teachers to learn at strong schools for a year.
    public static let R13: Rule = "R13"
}

extension RuleRow.Kind {
    public static let learnersSent = RuleRow.Kind(rawValue: "learnersSent")
}

/// R13, learners (跟岗学习): with `learners_per_weak_school` = k > 0, each weak school sends at least k of its
/// learners (all it has, when fewer) to learn at a strong school of their level within `max_commute_km` for the
/// year (kind `learner`, `term_end_year` = the plan's year: they come back next year). A learner is a teacher
/// marked `learner: yes`, or — when nobody in the county is marked — any teacher under 36, not backbone, with at
/// least 3 years at the school; never one who is exempt, near retirement, locked, or on a term. A learner is away:
/// counted at neither school this year (needs, indicators), not in R3, R5 or R6. The learn columns are places of
/// R1's one-school row (`learn_<t>_<s>`); this rule adds `R13_learners_<school>`: Σ learn ≥ min(k, learners).
struct R13Learners: HardRule {
    let id = Rule.R13
    let summary = LocalizedText(
        zh: "薄弱校每年至少选派 learners_per_weak_school 名教师到优质校跟岗学习一年（不计入任何学校的需求、指标和交流比例）",
        en: "each weak school sends at least learners_per_weak_school teachers to learn at a strong school for a year (counted nowhere that year)")
    let keys = ["learners_per_weak_school"]

    /// Per teacher, the strong schools they may learn at: empty unless the policy asks for learners and the
    /// teacher is a learner of a weak school.
    static func hosts(county: County, policy: Policy, positions: [Candidates.Position], eligibility: [Eligibility],
                      current: [Int]) -> [[Int]] {
        let none = county.teachers.map { _ in [Int]() }
        guard policy.learnersPerWeakSchool > 0 else { return none }
        let marked = county.teachers.contains { $0.learner }
        let strong = county.schools.indices.filter { county.schools[$0].strength == .strong }
        return county.teachers.enumerated().map { t, teacher in
            guard county.schools[current[t]].strength == .weak, teacher.lock == nil, !teacher.onTerm else { return [] }
            guard [.eligible, .tenure].contains(eligibility[t]) else { return [] }
            if case .locked = positions[t] { return [] }
            let nominated = marked ? teacher.learner
                : policy.age(of: teacher) < 36 && !teacher.backbone.isBackbone && teacher.yearsAtSchool >= 3
            guard nominated else { return [] }
            let home = county.home(of: teacher) ?? county.schools[current[t]].location
            return strong.filter { s in
                county.schools[s].level.admits(teacher.level) && home.distanceKm(to: county.schools[s].location) <= policy.maxCommuteKm
            }
        }
    }

    /// Each weak school with learners, and how many it must send.
    static func asked(_ c: Candidates) -> [(school: Int, learners: [Int], required: Int)] {
        guard c.policy.learnersPerWeakSchool > 0 else { return [] }
        return c.county.schools.indices.compactMap { s in
            let learners = c.county.teachers.indices.filter { c.current[$0] == s && !c.learnerHosts[$0].isEmpty }
            guard !learners.isEmpty else { return nil }
            return (s, learners, min(c.policy.learnersPerWeakSchool, learners.count))
        }
    }

    func rows(in ctx: inout ProgramContext) {
        for (s, learners, required) in Self.asked(ctx.candidates) {
            var e = LinearExpression()
            for t in learners { for (_, v) in ctx.learn[t] { e.add(v) } }
            ctx.require("R13_learners_\(ctx.schoolNames[s])", e, .atLeast, Double(required), row: RuleRow(rule: id, kind: .learnersSent, school: s))
        }
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        guard let s = row.school, let a = Self.asked(c).first(where: { $0.school == s }) else { return nil }
        return c.finding([id, .R3, .R4], s,
            .init(zh: "\(c.labelZH(s))须选派 \(a.required) 名教师跟岗学习（learners_per_weak_school），但与其他规则同时满足时做不到（这些教师也是本校须交流或须留下的人选）。",
                  en: "\(c.label(s)) must send \(a.required) learners (learners_per_weak_school), but together with the other rules it cannot (they are also the teachers the school must send or keep)."),
            .init(zh: "降低跟岗学习人数 learners_per_weak_school，或在 teachers.csv 中另行指定跟岗学习人选（learner: yes）",
                  en: "lower learners_per_weak_school, or nominate other learners (learner: yes in teachers.csv)"))
    }

    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        guard let host = plan.learners[t] else { return [] }
        let name = plan.county.schools[host].name
        return [LocalizedText(zh: "跟岗学习：到优质校\(name)学习一年（\(plan.policy.year) 学年），期满返回", en: "learns for a year at the strong school \(name) (\(plan.policy.year)), then comes back")]
    }
}
