import IntegerProgramming
import RotationModel

extension Rule {
    /// Backbone movers are at least backbone_share of all movers; backbone teachers do not move to stronger schools.
    public static let R5: Rule = "R5"
}

extension RuleRow.Kind {
    /// R5: backbone movers ≥ backbone_share × movers, county-wide.
    public static let backboneShare = RuleRow.Kind(rawValue: "backboneShare")
}

/// R5: backbone teachers are at least `backbone_share` of all movers, county-wide; with `backbone_downward`, a
/// backbone mover never goes to a stronger school than the one they leave (a column rule).
///
/// Row: `Σ_t Σ_s (den·[t is backbone] − num) · move[t][s] ≥ 0` with the share as num/den (`R5_backbone_share`);
/// locked movers count as constants.
struct R5Backbone: HardRule {
    let id = Rule.R5
    let summary = LocalizedText(
        zh: "骨干教师占交流人数的比例不低于骨干教师比例；骨干教师不流向更强的学校",
        en: "backbone movers are at least backbone_share of all movers; backbone teachers do not move to stronger schools")
    let keys = ["backbone_share", "backbone_downward"]
    let refusesMoves = true

    static let downward = "backbone_downward"

    func refusal(_ m: MoveQuery) -> Refusal? {
        guard m.policy.backboneDownward, m.teacher.backbone.isBackbone, m.toSchool.strength > m.fromSchool.strength else { return nil }
        return Refusal(id, Self.downward, depth: 3)
    }

    func sentence(for refusal: Refusal, _ m: MoveQuery, in c: Candidates) -> LocalizedText {
        let to = m.toSchool.strength, from = m.fromSchool.strength
        return LocalizedText(zh: "骨干教师不得交流到更强的学校（\(Candidates.strengthZH(to))强于\(Candidates.strengthZH(from))）",
                             en: "a backbone teacher may not move to a stronger school (\(to.rawValue) > \(from.rawValue))")
    }

    func nowhere(for refusal: Refusal, teacher t: Int, in c: Candidates) -> LocalizedText {
        LocalizedText(zh: "backbone_downward：通勤范围内的学校都比本校强（R5）",
                      en: "backbone_downward: every school within reach is stronger (R5)")
    }

    func breaks(teacher t: Int, to s: Int?, in c: Candidates) -> [LocalizedText] {
        refusalBreaks(teacher: t, to: s, in: c, liftedByStay: true)
    }

    func rows(in ctx: inout ProgramContext) {
        let share = ctx.policy.backboneShare
        guard share.numerator > 0 else { return }
        var e = LinearExpression()
        let num = Double(share.numerator), den = Double(share.denominator)
        // Leaders (R12) are not in the shares.
        for (t, teacher) in ctx.county.teachers.enumerated() where !teacher.role.isLeader {
            let coefficient = (teacher.backbone.isBackbone ? den : 0) - num
            for (_, v) in ctx.moves[t] { e.add(v, coefficient) }
            if case .locked = ctx.candidates.positions[t] { e.constant += coefficient }
        }
        ctx.require("R5_backbone_share", e, .atLeast, 0, row: RuleRow(rule: id, kind: .backboneShare))
    }

    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? {
        let share = c.policy.backboneShare
        guard share.numerator > 0 else { return nil }
        let movers = destination.indices.filter { destination[$0] != c.current[$0] && !c.isReturner($0) && !c.county.teachers[$0].role.isLeader }
        let backbone = movers.count { c.county.teachers[$0].backbone.isBackbone }
        guard backbone * share.denominator < share.numerator * movers.count else { return nil }
        return LocalizedText(zh: "骨干教师将只占交流人数的 \(backbone)/\(movers.count)，低于规定比例",
                             en: "backbone teachers would be only \(backbone) of \(movers.count) movers, below backbone_share")
    }

    /// R5 at its most favourable: every backbone teacher who can move does.
    func precheck(_ c: Candidates) -> [Diagnosis.Finding] {
        let share = c.policy.backboneShare
        guard share.numerator > 0 else { return [] }
        var backbone = 0, lockedOther = 0
        for (t, teacher) in c.county.teachers.enumerated() where !teacher.role.isLeader {
            switch c.positions[t] {
            case .locked: if teacher.backbone.isBackbone { backbone += 1 } else { lockedOther += 1 }
            case .movable(let d): if !d.isEmpty && teacher.backbone.isBackbone { backbone += 1 }
            case .fixed, .returning: break
            }
        }
        let movers = max(c.minimumMovers, backbone + lockedOther)
        guard movers > 0 && share.denominator * backbone < share.numerator * movers else { return [] }
        return [c.finding([id, .R3], nil,
            .init(zh: "R5 要求骨干教师至少占交流人数的 \(share)（骨干教师比例 backbone_share）：至少 \(movers) 名教师须交流，"
                    + "因此至少需要 \(share.ceilTimes(movers)) 名骨干教师，但只有 \(backbone) 名骨干教师能交流（R2、backbone_downward）。",
                  en: "R5 needs backbone teachers to be at least \(share) of the movers: at least "
                    + "\(movers) teachers must move, so at least \(share.ceilTimes(movers)) backbone teachers, "
                    + "but only \(backbone) backbone teachers can move (R2, backbone_downward)."),
            .init(zh: "降低骨干教师比例 backbone_share 或交流比例 rotation_rate，或提高最远通勤距离 max_commute_km",
                  en: "lower backbone_share or rotation_rate, or raise max_commute_km"))]
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        let short = max(1, Int((amount / Double(c.policy.backboneShare.denominator)).rounded(.up)))
        let share = c.policy.backboneShare
        return c.finding([id, .R3, .R2], nil,
            .init(zh: "在满足其他规则的同时，骨干教师达不到交流人数的 \(share)（骨干教师比例 backbone_share），约差 \(short) 名骨干教师。",
                  en: "backbone teachers cannot make up \(share) of the movers together "
                    + "with the other rules (short by the equivalent of about \(short) backbone mover(s))."),
            .init(zh: "降低骨干教师比例 backbone_share，或设 backbone_downward: false，或提高最远通勤距离 max_commute_km",
                  en: "lower backbone_share, or set backbone_downward: false, or raise max_commute_km"))
    }

    /// The backbone share, and the flow the policy asks for: from strong and urban schools to weak and rural ones.
    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        let teacher = plan.county.teachers[t]
        let from = plan.county.schools[plan.candidates.current[t]], to = plan.county.schools[plan.destination[t]]
        var reasons: [LocalizedText] = []
        if teacher.backbone.isBackbone {
            reasons.append(to.strength < from.strength
                           ? LocalizedText(zh: "骨干教师到较薄弱学校", en: "backbone to a weaker school")
                           : LocalizedText(zh: "骨干教师（交流人员中的骨干比例）", en: "backbone teacher (backbone share of movers)"))
        }
        if to.area.rank > from.area.rank {
            let zh = ["urban": "城区", "town": "镇区", "rural": "乡村"]
            reasons.append(LocalizedText(zh: "从\(zh[from.area.rawValue]!)学校到\(zh[to.area.rawValue]!)学校",
                                         en: "from \(from.area == .urban ? "an" : "a") \(from.area.rawValue) school to a \(to.area.rawValue) one"))
        }
        return reasons
    }
}
