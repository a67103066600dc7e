import IntegerProgramming
import RotationModel

extension Rule {
    /// A walking teacher (走教) serves at most walking.max_schools schools within walking.max_km, a share each.
    public static let R15: Rule = "R15"
}

/// R15, walking teachers (走教, 跨校兼课; `walking.enabled`): a teacher of a walking subject who stays at their
/// school may also teach that subject at up to `walking.max_schools` schools within `walking.max_km` of it (school
/// to school, inclusive) that need it; each school served gets `walking.share` of a teacher toward its need, and
/// the teacher's own school keeps `1 − share × served` (the policy keeps `share × max_schools ≤ 1`). Chosen by the
/// plan together with the moves. Who walks: any teacher of the subject who stays (eligible or not), not exempt,
/// not a leader, not learning elsewhere; a teacher who moves, returns or is locked elsewhere this year does not.
///
/// Columns `walk_<t>_<s>_o<k>` (binary: t, at their school, also teaches subject no. k at s). Row
/// `R15_walk_<t>_o<k>`: Σ_s walk ≤ max_schools · [t stays teaching subject k]. The shares enter the needs' rows.
public struct R15Walking: HardRule {
    let id = Rule.R15
    let summary = LocalizedText(
        zh: "走教教师在本校之外至多为 walking.max_schools 所、相距不超过 walking.max_km 公里且有此学科需求的学校上课，每校计 walking.share 名教师，本校保留其余份额",
        en: "a walking teacher also teaches at up to walking.max_schools schools within walking.max_km that need the subject, each getting walking.share of a teacher; their own school keeps the rest")
    let keys = ["walking.enabled", "walking.subjects", "walking.max_km", "walking.max_schools", "walking.share"]

    /// Whether teacher t may walk this year (before the plan: the teacher must also stay).
    static func mayWalk(_ t: Int, in c: Candidates) -> Bool {
        let teacher = c.county.teachers[t]
        guard c.policy.walking.enabled, teacher.exemption == nil, !teacher.role.isLeader, c.learnerHosts[t].isEmpty else { return false }
        switch c.positions[t] {
        case .fixed, .movable: return true
        case .locked, .returning: return false
        }
    }

    /// The schools teacher t could serve teaching `subject` from their school `base`.
    static func servable(_ t: Int, subject: String, from base: Int, needed: Set<String>, in c: Candidates) -> [Int] {
        c.county.schools.indices.filter { s in
            s != base && needed.contains("\(s)|\(subject)") && c.distanceKm(between: base, and: s) <= c.policy.walking.maxKm
        }
    }

    func columns(in ctx: inout ProgramContext) {
        let c = ctx.candidates, w = ctx.policy.walking
        guard w.enabled else { return }
        let needed = R14Subjects.open(ctx.candidates)
        let share = Double(w.shareTenths) / 10
        for t in ctx.county.teachers.indices where Self.mayWalk(t, in: c) {
            let teacher = ctx.county.teachers[t], base = c.current[t]
            for (k, j) in teacher.subjects.enumerated() where w.subjects.contains(j) {
                let there = ctx.teaching(t, at: base, j)
                guard !there.terms.isEmpty || there.constant > 0 else { continue }
                let served = Self.servable(t, subject: j, from: base, needed: needed, in: c)
                guard !served.isEmpty else { continue }
                var walks = LinearExpression()
                for s in served {
                    let v = ctx.program.addVariable("walk_\(ctx.teacherNames[t])_\(ctx.schoolNames[s])_o\(k + 1)", .binary)
                    walks.add(v)
                    ctx.walks.append((t, base, s, j, v))
                    ctx.walkingShares["\(s)|\(j)", default: LinearExpression()].add(v, share)
                    ctx.walkingShares["\(base)|\(j)", default: LinearExpression()].add(v, -share)
                }
                ctx.program.addConstraint("R15_walk_\(ctx.teacherNames[t])_o\(k + 1)", walks - Double(w.maxSchools) * there, lessOrEqual: 0)
            }
        }
    }

    /// A teacher who walks (they stay: the reason is said of the school served, on the walking list).
    public static func reason(_ walk: Walk, in plan: Plan) -> LocalizedText {
        let school = plan.county.schools[walk.served], days = walk.shareTenths * 5 / 10
        let dayText = walk.shareTenths * 5 % 10 == 0 ? "\(days)" : String(format: "%.1f", Double(walk.shareTenths) / 2)
        return LocalizedText(zh: "走教：每周 \(dayText) 天到\(school.name)任教\(walk.subject)（\(Tenths(tenths: walk.shareTenths)) 名教师）",
                             en: "走教: \(walk.subject) at \(school.name) \(dayText) days a week (\(Tenths(tenths: walk.shareTenths)) of a teacher)")
    }
}

/// The cost of walking (走教): per school served, `weights.walking` plus `weights.commute` per km between the schools.
struct WalkingTerm: ObjectiveTermUnit {
    let term = ObjectiveTerm.walking
    let summary = LocalizedText(zh: "走教的代价（每所学校及路程）", en: "the cost of walking: per school served and per km")
    let keys = ["weights.walking", "weights.commute"]

    static func cost(base: Int, served: Int, in c: Candidates) -> Double {
        c.policy.weights.walking + c.policy.weights.commute * (c.distanceKm(between: base, and: served) * 10).rounded() / 10
    }

    func build(in ctx: inout ProgramContext) -> LinearExpression {
        var e = LinearExpression()
        var costs: [Int: [Double]] = [:]
        for walk in ctx.walks {
            let c = Self.cost(base: walk.base, served: walk.served, in: ctx.candidates)
            e.add(walk.variable, c)
            costs[walk.teacher, default: []].append(c)
        }
        let most = ctx.policy.walking.maxSchools
        for t in costs.keys.sorted() { ctx.otherHigh += costs[t]!.sorted(by: >).prefix(most).reduce(0, +) }
        return e
    }
}
