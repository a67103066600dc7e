import RotationModel

extension Rule {
    /// At least ⌈rotation_rate × eligible⌉ of each school's teachers leave it.
    public static let R3: Rule = "R3"
}

extension RuleRow.Kind {
    /// R3: a school's leavers ≥ its quota.
    public static let leaversAtLeast = RuleRow.Kind(rawValue: "leaversAtLeast")
}

/// R3, the school quota: at least ⌈rotation_rate × eligible⌉ of each school's teachers leave it, with the rate
/// read as the exact decimal written (a teacher locked to another school counts among the eligible only when
/// otherwise eligible, and among the leavers always).
///
/// Bounds: `leavers(s) ≥ required(s)` (merged into `leavers_<school>`; `R3_leavers_<school>` when diagnosing).
struct R3Quota: HardRule {
    let id = Rule.R3
    let summary = LocalizedText(
        zh: "每所学校至少 ⌈交流比例 × 符合条件人数⌉ 名教师交流出去",
        en: "at least ceil(rotation_rate × eligible) of each school's teachers leave it")
    let keys = ["rotation_rate"]

    /// ⌈rotation_rate × eligible⌉, exactly.
    static func requiredLeavers(eligible: Int, policy: Policy) -> Int { policy.rotationRate.ceilTimes(eligible) }

    /// How the quota reads in a sentence, in both languages.
    static func asks(_ s: Int, in c: Candidates) -> LocalizedText {
        let d = c.duties[s]
        return LocalizedText(
            zh: "R3 要求至少 \(d.requiredLeavers) 人交流出去（交流比例 rotation_rate \(c.policy.rotationRate) × \(d.eligible)，向上取整）",
            en: "R3 needs \(d.requiredLeavers) to leave (\(c.policy.rotationRate) × \(d.eligible), rounded up)")
    }

    func bounds(in ctx: inout ProgramContext) {
        for s in ctx.county.schools.indices where ctx.candidates.duties[s].requiredLeavers > 0 {
            ctx.bound(.quotaLeavers, of: s, low: Double(ctx.candidates.duties[s].requiredLeavers),
                      row: RuleRow(rule: id, kind: .leaversAtLeast, school: s), name: "R3_leavers_\(ctx.schoolNames[s])")
        }
    }

    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? {
        let leavers = c.flows(destination, quota: true).leavers
        guard let s = c.county.schools.indices.first(where: { leavers[$0] < c.duties[$0].requiredLeavers }) else { return nil }
        let name = c.county.schools[s].name, need = c.duties[s].requiredLeavers
        return LocalizedText(zh: "\(name)交流人数将少于规定的 \(need) 人", en: "fewer than the \(need) required would leave \(name)")
    }

    func precheck(_ c: Candidates) -> [Diagnosis.Finding] {
        var findings: [Diagnosis.Finding] = []
        for s in c.county.schools.indices {
            let d = c.duties[s]
            guard d.requiredLeavers >= 1 else { continue }
            if d.requiredLeavers > c.leaverSupply(s).movable + d.lockedOut - d.leadersLockedOut {
                findings.append(R2Reach.tooFewCanLeave(s, rule: id, needs: Self.asks(s, in: c), in: c))
            }
            if d.requiredLeavers > d.turnoverCap {
                let asks = Self.asks(s, in: c)
                findings.append(c.finding([id, .R6], s,
                    .init(zh: "\(c.labelZH(s))现有教师 \(d.staff) 人，其中符合条件的 \(d.eligible) 人；\(asks.zh)，但按 R6 至多 "
                            + "\(d.turnoverCap) 人可交流出去（max(1, 流动上限 max_turnover \(c.policy.maxTurnover) × \(d.staff))，向下取整）。",
                          en: "\(c.label(s)) has \(d.eligible) eligible of \(d.staff) staff; "
                            + "\(asks.en), but R6 lets at most \(d.turnoverCap) leave (max(1, \(c.policy.maxTurnover) × "
                            + "\(d.staff)), rounded down)."),
                    .init(zh: "降低交流比例 rotation_rate，或提高流动上限 max_turnover", en: "lower rotation_rate or raise max_turnover")))
            }
        }
        return findings
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        let need = c.duties[row.school!].requiredLeavers
        return Self.tooFewLeave(row, by: amount, asks: LocalizedText(zh: "R3 要求至少 \(need) 人交流出去", en: "R3 needs \(need) to leave"),
                                in: c)
    }

    /// A school's leavers fell short of what a rule asks (R3's quota, or R4's one) in a relaxed solve; `asks`
    /// in both languages.
    static func tooFewLeave(_ row: RuleRow, by amount: Double, asks: LocalizedText, in c: Candidates) -> Diagnosis.Finding {
        let s = row.school!, d = c.duties[s], keep = c.policy.keepsHeadcount(quota: c.county.schools[s].staffQuota)
        let need = max(d.requiredLeavers, 1)
        let most = max(0, need - Int(amount.rounded())), movable = c.leaverSupply(s).movable
        return c.finding([row.rule] + (keep ? [.R6, .R2] : [.R2]), s,
            .init(zh: "\(c.labelZH(s))有 \(d.eligible) 名符合条件的教师；\(asks.zh)，但与其他规则同时满足时至多 \(most) 人能交流出去："
                    + "其中 \(movable) 人有可去的学校（R2），R6 允许 \(d.turnoverCap) 人交流出去"
                    + (keep ? "，且编制总量不变（keep_headcount）要求调入同样多的人（可调入的教师有 \(c.arrivalsPossible(s)) 人）" : "") + "。",
                  en: "\(c.label(s)) has \(d.eligible) eligible teachers; "
                    + asks.en + ", but together with the other rules at most \(most) can: "
                    + "\(movable) of them have a reachable school (R2), R6 lets \(d.turnoverCap) leave"
                    + (keep ? ", and keep_headcount needs as many arrivals (\(c.arrivalsPossible(s)) teachers could come)" : "") + "."),
            .init(zh: "降低交流比例 rotation_rate，提高最远通勤距离 max_commute_km 或流动上限 max_turnover"
                    + (keep ? "，或设 keep_headcount: false" : ""),
                  en: "lower rotation_rate, raise max_commute_km or max_turnover" + (keep ? ", or set keep_headcount: false" : "")))
    }

    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        let from = plan.candidates.current[t], d = plan.candidates.duties[from], name = plan.county.schools[from].name
        guard d.requiredLeavers > 0, !plan.county.teachers[t].role.isLeader else { return [] }
        return [LocalizedText(zh: "学校交流比例：\(name)符合条件的 \(d.eligible) 人中至少 \(d.requiredLeavers) 人交流",
                              en: "school quota: \(d.requiredLeavers) of \(d.eligible) eligible leave \(name)")]
    }
}
