import RotationModel

extension Rule {
    /// Moves only to a school of the teacher's level, within max_commute_km, not back to a recently left school.
    public static let R2: Rule = "R2"
}

/// R2: a teacher moves only to a school of their level, within `max_commute_km` of home (inclusive), and not
/// back to the school they left less than `no_return_years` ago. A column rule: a move it refuses has no
/// variable. A lock to a school is exempt from all but the level (the data reader checks that one).
struct R2Reach: HardRule {
    let id = Rule.R2
    let summary = LocalizedText(
        zh: "只交流到本学段的学校，离家不超过最远通勤距离，且不回到回流限制年限内离开的学校",
        en: "moves only to a school of the teacher's level, within max_commute_km of home, not back to a school left less than no_return_years ago")
    let keys = ["max_commute_km", "no_return_years"]
    let refusesMoves = true

    static let level = "level", commute = "commute", noReturn = "no_return"

    func refusal(_ m: MoveQuery) -> Refusal? {
        let school = m.toSchool
        guard school.level.admits(m.teacher.level) else { return Refusal(id, Self.level, depth: 0) }
        guard m.home.distanceKm(to: school.location) <= m.policy.maxCommuteKm else { return Refusal(id, Self.commute, depth: 1) }
        if let left = m.teacher.leftSchoolID, let leftYear = m.teacher.leftYear, left == school.id,
           m.policy.year - leftYear < m.policy.noReturnYears {
            return Refusal(id, Self.noReturn, depth: 2)
        }
        return nil
    }

    func sentence(for refusal: Refusal, _ m: MoveQuery, in c: Candidates) -> String {
        switch refusal.check {
        case Self.level:
            return "\(c.label(m.to)) is a \(m.toSchool.level.rawValue) school; they teach \(m.teacher.level.rawValue)"
        case Self.commute:
            return "\(String(format: "%.1f", c.commuteKm(m.t, to: m.to))) km from home, over max_commute_km (\(Candidates.km(m.policy.maxCommuteKm)))"
        default:
            return "they left it in \(m.teacher.leftYear ?? 0), less than no_return_years (\(m.policy.noReturnYears)) ago"
        }
    }

    func nowhere(for refusal: Refusal, teacher t: Int, in c: Candidates) -> String {
        let level = c.county.teachers[t].level.rawValue
        switch refusal.check {
        case Self.level: return "no other \(level) school in the county"
        case Self.commute: return "no \(level) school within \(Candidates.km(c.policy.maxCommuteKm)) km of home (R2)"
        default: return "the only school within reach is the one left less than \(c.policy.noReturnYears) years ago (R2)"
        }
    }

    /// The level is the one refusal a lock does not lift; the others only when the teacher is free to move.
    func breaks(teacher t: Int, to s: Int?, in c: Candidates) -> [String] {
        guard let s, s != c.current[t] else { return [] }
        let m = c.query(t, to: s)
        guard let r = refusal(m) else { return [] }
        let lock = c.county.teachers[t].lock
        if r.check != Self.level && (lock?.overridesRules == true || lock == .stay) { return [] }
        return [sentence(for: r, m, in: c)]
    }

    /// What would let a school's teachers leave: a longer commute only helps when distance is what stops
    /// them; with no other school of their level in the county, only fewer required leavers help.
    static func remedy(_ stuckBy: Set<Refusal>, requiredLeavers: Int, in c: Candidates) -> String {
        let onlyNoSchool = !stuckBy.isEmpty && stuckBy.allSatisfy { $0.rule == .R2 && $0.check == level }
        let sends = requiredLeavers >= 1 ? "" : ", or set every_school_sends: false"
        if onlyNoSchool {
            return "no other school of their level exists in the county, so no commute limit helps: lock the school's "
                + "teachers to stay (lock: stay), or set rotation_rate: 0" + sends
        }
        return "raise max_commute_km (now \(Candidates.km(c.policy.maxCommuteKm))), or lower rotation_rate" + sends
    }

    /// A school that must send `needOut` teachers but whose teachers can reach too few schools: the finding,
    /// for the rule that asks (R3's quota or R4's one).
    static func tooFewCanLeave(_ s: Int, rule: Rule, needs: String, in c: Candidates) -> Diagnosis.Finding {
        let d = c.duties[s]
        let supply = c.leaverSupply(s)
        let why = supply.stuck.sorted { $0.key < $1.key }.map { "\($0.value) with \($0.key)" }.joined(separator: ", ")
        return c.finding([rule, .R2], s, "\(c.label(s)) has \(d.eligible) eligible teacher\(d.eligible == 1 ? "" : "s"); \(needs), "
            + "but R2 leaves \(supply.movable == 0 ? "none" : "only \(supply.movable)") of them a reachable school"
            + (why.isEmpty ? "" : " (\(why))") + ".",
            remedy(supply.stuckBy, requiredLeavers: d.requiredLeavers, in: c))
    }
}
