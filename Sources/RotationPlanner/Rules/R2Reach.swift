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
    let keys = ["max_commute_km", "no_return_years", "pair_ignores_commute"]
    let refusesMoves = true

    static let level = "level", commute = "commute", noReturn = "no_return"

    func refusal(_ m: MoveQuery) -> Refusal? {
        let school = m.toSchool
        guard school.level.admits(m.teacher.level) else { return Refusal(id, Self.level, depth: 0) }
        guard m.home.distanceKm(to: school.location) <= m.policy.maxCommuteKm
                || (m.policy.pairIgnoresCommute && m.county.arePaired(m.fromSchool.id, school.id)) else {
            return Refusal(id, Self.commute, depth: 1)
        }
        if let year = Self.leftYear(m.teacher, school.id), m.policy.year - year < m.policy.noReturnYears {
            return Refusal(id, Self.noReturn, depth: 2)
        }
        return nil
    }

    func sentence(for refusal: Refusal, _ m: MoveQuery, in c: Candidates) -> LocalizedText {
        switch refusal.check {
        case Self.level:
            return LocalizedText(
                zh: "\(c.labelZH(m.to))是\(Candidates.levelZH(m.toSchool.level.rawValue))，而其任教\(Candidates.levelZH(m.teacher.level.rawValue))",
                en: "\(c.label(m.to)) is a \(m.toSchool.level.rawValue) school; they teach \(m.teacher.level.rawValue)")
        case Self.commute:
            let km = String(format: "%.1f", c.commuteKm(m.t, to: m.to)), limit = Candidates.km(m.policy.maxCommuteKm)
            return LocalizedText(zh: "距住址 \(km) 公里，超过最远通勤距离 max_commute_km（\(limit) 公里）",
                                 en: "\(km) km from home, over max_commute_km (\(limit))")
        default:
            let year = Self.leftYear(m.teacher, m.toSchool.id) ?? 0
            return LocalizedText(zh: "其于 \(year) 年离开该校，距今不足回流限制年限 no_return_years（\(m.policy.noReturnYears) 年）",
                                 en: "they left it in \(year), less than no_return_years (\(m.policy.noReturnYears)) ago")
        }
    }

    func nowhere(for refusal: Refusal, teacher t: Int, in c: Candidates) -> LocalizedText {
        let level = c.county.teachers[t].level.rawValue, levelZH = Candidates.levelZH(level)
        let km = Candidates.km(c.policy.maxCommuteKm)
        switch refusal.check {
        case Self.level:
            return LocalizedText(zh: "全县没有其他\(levelZH)学段的学校", en: "no other \(level) school in the county")
        case Self.commute:
            return LocalizedText(zh: "住址 \(km) 公里（最远通勤距离）以内没有\(levelZH)学段的学校（R2）",
                                 en: "no \(level) school within \(km) km of home (R2)")
        default:
            return LocalizedText(zh: "通勤范围内唯一的学校是其离开不足 \(c.policy.noReturnYears) 年（回流限制年限）的学校（R2）",
                                 en: "the only school within reach is the one left less than \(c.policy.noReturnYears) years ago (R2)")
        }
    }

    /// The latest year the teacher left school `id`: the `left_school_id` column, or any school the ledger says
    /// they left (`--ledger`).
    static func leftYear(_ t: Teacher, _ id: String) -> Int? {
        var years = t.pastSchools.filter { $0.schoolID == id }.map(\.year)
        if t.leftSchoolID == id, let y = t.leftYear { years.append(y) }
        return years.max()
    }

    /// The level is the one refusal a lock does not lift; the others only when the teacher is free to move.
    func breaks(teacher t: Int, to s: Int?, in c: Candidates) -> [LocalizedText] {
        guard let s, s != c.current[t] else { return [] }
        let m = c.query(t, to: s)
        guard let r = refusal(m) else { return [] }
        let lock = c.county.teachers[t].lock
        if r.check != Self.level && (lock?.overridesRules == true || lock == .stay) { return [] }
        return [sentence(for: r, m, in: c)]
    }

    /// What would let a school's teachers leave: a longer commute only helps when distance is what stops
    /// them; with no other school of their level in the county, only fewer required leavers help.
    static func remedy(_ stuckBy: Set<Refusal>, requiredLeavers: Int, in c: Candidates) -> LocalizedText {
        let onlyNoSchool = !stuckBy.isEmpty && stuckBy.allSatisfy { $0.rule == .R2 && $0.check == level }
        let sends = requiredLeavers >= 1 ? LocalizedText(zh: "", en: "")
            : LocalizedText(zh: "，或设 every_school_sends: false", en: ", or set every_school_sends: false")
        if onlyNoSchool {
            return LocalizedText(
                zh: "全县没有其他同学段的学校，放宽最远通勤距离也无济于事：可将该校教师人工确定留任（lock: stay），"
                    + "或设 rotation_rate: 0" + sends.zh,
                en: "no other school of their level exists in the county, so no commute limit helps: lock the school's "
                    + "teachers to stay (lock: stay), or set rotation_rate: 0" + sends.en)
        }
        if stuckBy.contains(where: { $0.rule == .R10 }) {
            return LocalizedText(zh: "将该校与同学段的学校编入同一学区，或设 exchange_scope: county，或降低交流比例 rotation_rate" + sends.zh,
                                 en: "put the school in a group with schools of its level, or set exchange_scope: county, or lower rotation_rate" + sends.en)
        }
        let km = Candidates.km(c.policy.maxCommuteKm)
        return LocalizedText(zh: "提高最远通勤距离 max_commute_km（现为 \(km) 公里），或降低交流比例 rotation_rate" + sends.zh,
                             en: "raise max_commute_km (now \(km)), or lower rotation_rate" + sends.en)
    }

    /// A school that must send `needOut` teachers but whose teachers can reach too few schools: the finding,
    /// for the rule that asks (R3's quota or R4's one), `needs` saying what it asks in both languages.
    static func tooFewCanLeave(_ s: Int, rule: Rule, needs: LocalizedText, in c: Candidates) -> Diagnosis.Finding {
        let d = c.duties[s]
        let supply = c.leaverSupply(s)
        let stuck = supply.stuck.sorted { $0.key.en < $1.key.en }
        let why = stuck.map { "\($0.value) with \($0.key.en)" }.joined(separator: ", ")
        let whyZH = stuck.map { "\($0.value) 人：\($0.key.zh)" }.joined(separator: "；")
        // The column rules that leave them nowhere to go: R2, and the others that refused (R10's group scope …).
        let refusing = [Rule.R2] + Set(supply.stuckBy.map(\.rule)).subtracting([.R2]).sorted()
        let by = refusing.map(\.rawValue).joined(separator: "、"), byEN = refusing.map(\.rawValue).joined(separator: " and ")
        return c.finding([rule] + refusing, s,
            .init(zh: "\(c.labelZH(s))有 \(d.eligible) 名符合条件的教师；\(needs.zh)，但按 \(by)，其中"
                    + (supply.movable == 0 ? "没有一人" : "只有 \(supply.movable) 人") + "有可去的学校"
                    + (whyZH.isEmpty ? "" : "（\(whyZH)）") + "。",
                  en: "\(c.label(s)) has \(d.eligible) eligible teacher\(d.eligible == 1 ? "" : "s"); \(needs.en), "
                    + "but \(byEN) leave\(refusing.count == 1 ? "s" : "") \(supply.movable == 0 ? "none" : "only \(supply.movable)") of them a reachable school"
                    + (why.isEmpty ? "" : " (\(why))") + "."),
            remedy(supply.stuckBy, requiredLeavers: d.requiredLeavers, in: c))
    }
}
