import RotationModel

extension Rule {
    /// Every school with an eligible teacher sends and receives at least one.
    public static let R4: Rule = "R4"
}

extension RuleRow.Kind {
    /// R4: a school sends at least one.
    public static let sendsAtLeastOne = RuleRow.Kind(rawValue: "sendsAtLeastOne")
    /// R4: a school receives at least one.
    public static let receivesAtLeastOne = RuleRow.Kind(rawValue: "receivesAtLeastOne")
}

/// R4, 校校有交流: every school with an eligible teacher sends at least one (`every_school_sends`) and receives
/// at least one (`every_school_receives`).
///
/// Bounds: `leavers(s) ≥ 1` and `arrivals(s) ≥ 1` (merged into the school's flow rows; `R4_sends_<school>` and
/// `R4_receives_<school>` when diagnosing, the first only where R3's quota does not already ask for one).
struct R4EverySchool: HardRule {
    let id = Rule.R4
    let summary = LocalizedText(
        zh: "每所有符合条件教师的学校至少派出一人、接收一人（校校有交流）",
        en: "every school with an eligible teacher sends and receives at least one")
    let keys = ["every_school_sends", "every_school_receives"]

    static func mustSend(eligible: Int, policy: Policy) -> Bool { policy.everySchoolSends && eligible > 0 }
    static func mustReceive(eligible: Int, policy: Policy) -> Bool { policy.everySchoolReceives && eligible > 0 }

    func bounds(in ctx: inout ProgramContext) {
        for s in ctx.county.schools.indices {
            let d = ctx.candidates.duties[s], name = ctx.schoolNames[s]
            if d.mustSend {
                ctx.bound(.leavers, of: s, low: 1, row: RuleRow(rule: id, kind: .sendsAtLeastOne, school: s), name: "R4_sends_\(name)")
            }
            if d.mustReceive {
                ctx.bound(.arrivals, of: s, low: 1, row: RuleRow(rule: id, kind: .receivesAtLeastOne, school: s),
                          name: "R4_receives_\(name)")
            }
        }
    }

    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? {
        let (leavers, arrivals) = c.flows(destination)
        for s in c.county.schools.indices {
            let name = c.county.schools[s].name
            if c.duties[s].mustSend && leavers[s] == 0 { return LocalizedText(zh: "\(name)将无人派出", en: "\(name) would send nobody") }
            if c.duties[s].mustReceive && arrivals[s] == 0 { return LocalizedText(zh: "\(name)将无人调入", en: "\(name) would receive nobody") }
        }
        return nil
    }

    func precheck(_ c: Candidates) -> [Diagnosis.Finding] {
        var findings: [Diagnosis.Finding] = []
        for s in c.county.schools.indices {
            let d = c.duties[s]
            if d.requiredLeavers < 1 && d.mustSend && c.leaverSupply(s).movable + d.lockedOut < 1 {
                findings.append(R2Reach.tooFewCanLeave(s, rule: id, needs: Self.needsOne, in: c))
            }
            if Self.nobodyCanArrive(s, in: c) {
                let km = Candidates.km(c.policy.maxCommuteKm)
                findings.append(c.finding([id, .R2], s,
                    .init(zh: "\(c.labelZH(s))有符合条件的教师，R4（校校有交流）要求其至少接收一人，但其他学校没有符合条件的教师能调入"
                            + "（R2：学段、距住址 \(km) 公里以内、回流限制；backbone_downward）。",
                          en: "\(c.label(s)) has an eligible teacher, so R4 needs it to receive at "
                            + "least one, but no eligible teacher elsewhere can move there (R2: level, \(km) "
                            + "km from home, no-return; backbone_downward)."),
                    Self.receiveRemedy))
            }
        }
        return findings
    }

    /// What R4 asks of a school that must send, in a sentence.
    static let needsOne = LocalizedText(zh: "R4（校校有交流）要求至少派出一人", en: "R4 needs one to leave")
    static let receiveRemedy = LocalizedText(zh: "设 every_school_receives: false，或提高最远通勤距离 max_commute_km",
                                             en: "set every_school_receives: false, or raise max_commute_km")

    /// The school must receive one, and nobody can come (no allowed move there, no lock).
    static func nobodyCanArrive(_ s: Int, in c: Candidates) -> Bool {
        c.duties[s].mustReceive && c.duties[s].lockedIn == 0 && c.arrivalsPossible(s) == 0
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        if row.kind == .sendsAtLeastOne { return R3Quota.tooFewLeave(row, by: amount, asks: Self.needsOne, in: c) }
        let s = row.school!, n = c.arrivalsPossible(s)
        return c.finding([id, .R2, .R6], s,
            .init(zh: "\(c.labelZH(s))须至少接收一名教师（R4），但没有一种调入能同时满足其他规则（按 R2 有 \(n) 名教师可调入该校）。",
                  en: "\(c.label(s)) must receive at least one teacher (R4), but no arrival fits the "
                    + "other rules (\(n) teachers could reach it under R2)."),
            Self.receiveRemedy)
    }

    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        let c = plan.candidates, from = c.current[t], to = plan.destination[t]
        var reasons: [LocalizedText] = []
        if c.duties[from].requiredLeavers == 0 && c.duties[from].mustSend {
            let name = plan.county.schools[from].name
            reasons.append(LocalizedText(zh: "校校有交流：\(name)至少派出一人", en: "every school sends one: \(name)"))
        }
        if c.duties[to].mustReceive && plan.arrivals[to] == 1 {
            let name = plan.county.schools[to].name
            reasons.append(LocalizedText(zh: "校校有交流：\(name)至少接收一人", en: "every school receives one: \(name)"))
        }
        return reasons
    }
}
