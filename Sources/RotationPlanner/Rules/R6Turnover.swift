import RotationModel

extension Rule {
    /// At most max(1, ⌊max_turnover × staff⌋) leave a school and as many arrive; with keep_headcount, arrivals equal departures.
    public static let R6: Rule = "R6"
}

extension RuleRow.Kind {
    public static let leaversAtMost = RuleRow.Kind(rawValue: "leaversAtMost")
    public static let arrivalsAtMost = RuleRow.Kind(rawValue: "arrivalsAtMost")
    public static let headcountKept = RuleRow.Kind(rawValue: "headcountKept")
}

/// R6, turnover: at most max(1, ⌊max_turnover × staff⌋) teachers leave a school and at most as many arrive
/// ("staff" is the school's teachers now); with `keep_headcount`, each school receives as many as it sends.
///
/// Bounds: `leavers(s) ≤ cap(s)`, `arrivals(s) ≤ cap(s)`, `arrivals(s) − leavers(s) = 0` (merged into the
/// school's flow rows; `R6_leavers_cap_<school>`, `R6_arrivals_cap_<school>`, `R6_headcount_<school>` when
/// diagnosing).
struct R6Turnover: HardRule {
    let id = Rule.R6
    let summary = LocalizedText(
        zh: "每校交流出去的人数不超过 max(1, ⌊最大流动比例 × 在编人数⌋)，接收人数同样；编制总量不变时接收人数等于派出人数",
        en: "at most max(1, floor(max_turnover × staff)) leave a school and at most as many arrive; with keep_headcount, arrivals equal departures")
    let keys = ["max_turnover", "keep_headcount", "staffing"]

    /// max(1, ⌊max_turnover × staff⌋), exactly.
    static func turnoverCap(staff: Int, policy: Policy) -> Int { max(1, policy.maxTurnover.floorTimes(staff)) }

    /// The flow rows count exchange movers; teachers returning home at the end of a term (R9) are departures
    /// and arrivals too, a constant taken off the caps and put into the headcount.
    func bounds(in ctx: inout ProgramContext) {
        for s in ctx.county.schools.indices {
            let d = ctx.candidates.duties[s], cap = Double(d.turnoverCap), name = ctx.schoolNames[s]
            ctx.bound(.leavers, of: s, high: cap - Double(d.returnersOut), row: RuleRow(rule: id, kind: .leaversAtMost, school: s),
                      name: "R6_leavers_cap_\(name)")
            ctx.bound(.arrivals, of: s, high: cap - Double(d.returnersIn), row: RuleRow(rule: id, kind: .arrivalsAtMost, school: s),
                      name: "R6_arrivals_cap_\(name)")
            if ctx.policy.keepsHeadcount(quota: ctx.county.schools[s].staffQuota) {
                let net = Double(d.returnersOut - d.returnersIn)
                ctx.bound(.headcount, of: s, low: net, high: net, row: RuleRow(rule: id, kind: .headcountKept, school: s),
                          name: "R6_headcount_\(name)")
            }
        }
    }

    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? {
        let (leavers, arrivals) = c.flows(destination, returners: true)
        for s in c.county.schools.indices {
            let name = c.county.schools[s].name, cap = c.duties[s].turnoverCap
            if leavers[s] > cap || arrivals[s] > cap {
                return LocalizedText(zh: "\(name)\(leavers[s] > cap ? "调出" : "调入")人数将超过流动上限 \(cap) 人",
                                     en: "more than the turnover cap of \(cap) would \(leavers[s] > cap ? "leave" : "arrive at") \(name)")
            }
            if c.policy.keepsHeadcount(quota: c.county.schools[s].staffQuota) && leavers[s] != arrivals[s] {
                return LocalizedText(zh: "\(name)调入 \(arrivals[s]) 人、调出 \(leavers[s]) 人，教师总数将改变（keep_headcount）",
                                     en: "\(name) would receive \(arrivals[s]) and send \(leavers[s]) (keep_headcount)")
            }
        }
        return nil
    }

    func precheck(_ c: Candidates) -> [Diagnosis.Finding] {
        var findings: [Diagnosis.Finding] = []
        for s in c.county.schools.indices {
            let d = c.duties[s], needOut = c.requiredOut(s)
            if d.returnersOut > d.turnoverCap || d.returnersIn > d.turnoverCap {
                let out = d.returnersOut > d.turnoverCap, n = max(d.returnersOut, d.returnersIn)
                findings.append(c.finding([id, .R9], s,
                    .init(zh: "\(c.labelZH(s))：有 \(n) 名教师交流期满\(out ? "离开该校返回原学校" : "返回该校")，但 R6 至多允许 \(d.turnoverCap) 人（流动上限 max_turnover）。",
                          en: "\(c.label(s)): \(n) teachers \(out ? "leave it at the end of their terms" : "come home to it at the end of their terms"), "
                            + "but R6 allows at most \(d.turnoverCap)."),
                    .init(zh: "提高流动上限 max_turnover，或对部分教师设 lock: stay 延长交流期一年",
                          en: "raise max_turnover, or extend some terms by a year with lock: stay")))
            }
            let room = d.turnoverCap - d.returnersOut
            if d.returnersOut > 0, d.returnersOut <= d.turnoverCap, needOut > room {
                findings.append(c.finding([.R3, id, .R9], s,
                    .init(zh: "\(c.labelZH(s))须派出 \(needOut) 人交流，但有 \(d.returnersOut) 名教师交流期满离开该校，R6 只剩 \(room) 个名额（流动上限 \(d.turnoverCap) 人）。",
                          en: "\(c.label(s)) must send \(needOut), but \(d.returnersOut) teachers leave it at the end of their terms and R6 leaves room "
                            + "for only \(room) more (its cap is \(d.turnoverCap))."),
                    .init(zh: "降低交流比例 rotation_rate、提高流动上限 max_turnover，或对部分教师设 lock: stay 延长交流期一年",
                          en: "lower rotation_rate, raise max_turnover, or extend some terms by a year with lock: stay")))
            }
            if d.lockedOut > d.turnoverCap || d.lockedIn > d.turnoverCap {
                let out = d.lockedOut > d.turnoverCap, n = max(d.lockedOut, d.lockedIn)
                findings.append(c.finding([id, .R1], s,
                    .init(zh: "\(c.labelZH(s))：有 \(n) 名教师已人工确定\(out ? "调出" : "调入")，但 R6 至多允许 \(d.turnoverCap) 人（流动上限 max_turnover）。",
                          en: "\(c.label(s)): \(n) teachers are locked to "
                            + "\(out ? "leave" : "arrive"), but R6 allows at most \(d.turnoverCap)."),
                    .init(zh: "取消部分人工确定，或提高流动上限 max_turnover", en: "remove some locks or raise max_turnover")))
            }
            guard c.policy.keepsHeadcount(quota: c.county.schools[s].staffQuota) else { continue }
            // (When R4 already finds that nobody can arrive, that is the finding.)
            if !R4EverySchool.nobodyCanArrive(s, in: c) && needOut >= 1 && c.arrivalsPossible(s) == 0 && d.lockedIn < needOut {
                findings.append(c.finding([id, .R3], s,
                    .init(zh: "\(c.labelZH(s))须派出 \(needOut) 人，编制总量不变（keep_headcount）时须调入同样多的人，但没有教师能调入该校（R2）。",
                          en: "\(c.label(s)) must send \(needOut) and, with keep_headcount, receive as "
                            + "many, but no teacher can move there (R2)."),
                    Self.headcountRemedy))
            }
            if d.mustReceive && c.leaverSupply(s).movable + d.lockedOut == 0 {
                findings.append(c.finding([id, .R4], s,
                    .init(zh: "\(c.labelZH(s))须接收一人（R4），编制总量不变（keep_headcount）时须派出同样多的人，但该校没有教师能交流出去（R2）。",
                          en: "\(c.label(s)) must receive one (R4) and, with keep_headcount, send as "
                            + "many, but none of its teachers can leave (R2)."),
                    .init(zh: "设 keep_headcount: false 或 every_school_receives: false",
                          en: "set keep_headcount: false or every_school_receives: false")))
            }
        }
        return findings
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        let s = row.school!, d = c.duties[s], n = Int(amount.rounded())
        if row.kind == .headcountKept {
            return c.finding([id, .R3, .R4, .R2], s,
                .init(zh: "\(c.labelZH(s))：编制总量不变（keep_headcount）要求调入与调出人数相等，但在其他规则下两者相差 \(n) 人。",
                      en: "\(c.label(s)): keep_headcount needs as many arrivals as departures, but the "
                        + "other rules leave a difference of \(n)."),
                Self.headcountRemedy)
        }
        let leavers = row.kind == .leaversAtMost
        return c.finding([id, .R3, .R4], s,
            .init(zh: "\(c.labelZH(s))：R6 至多允许\(leavers ? "调出" : "调入") \(d.turnoverCap) 人（max(1, 流动上限 max_turnover "
                    + "\(c.policy.maxTurnover) × \(d.staff))），但其他规则需要 \(d.turnoverCap + n) 人。",
                  en: "\(c.label(s)): R6 allows at most \(d.turnoverCap) "
                    + "\(leavers ? "leavers" : "arrivals") (max(1, \(c.policy.maxTurnover) × \(d.staff))), but the "
                    + "other rules need \(d.turnoverCap + n)."),
            .init(zh: "提高流动上限 max_turnover，或降低交流比例 rotation_rate", en: "raise max_turnover or lower rotation_rate"))
    }

    static let headcountRemedy = LocalizedText(zh: "设 keep_headcount: false，或提高最远通勤距离 max_commute_km",
                                               en: "set keep_headcount: false, or raise max_commute_km")
}
