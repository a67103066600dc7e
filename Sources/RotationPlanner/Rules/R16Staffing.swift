import IntegerProgramming
import RotationModel

extension Rule {
    /// With staffing: toward_quota, no school moves away from its staff quota (编制).
    public static let R16: Rule = "R16"
}

extension RuleRow.Kind {
    public static let towardQuota = RuleRow.Kind(rawValue: "towardQuota")
}

/// R16, staffing toward the quota (编制, `staffing: toward_quota`): a school over its `staff_quota` receives at
/// most as many as it sends, one under it sends at most as many as it receives, and none ends farther from its
/// quota than it started (|after − quota| ≤ |before − quota|); a school without a quota keeps its headcount (R6).
/// Returners (R9) count as departures and arrivals. With n teachers now, quota q and r the returners' net
/// arrivals, the change of headcount h = arrivals − leavers is bounded (merged into the school's flow rows;
/// `R16_quota_<school>` when diagnosing): over (n > q) `2(q − n) − r ≤ h ≤ −r`; under (n < q)
/// `−r ≤ h ≤ 2(q − n) − r`; at the quota `h = −r`. The term `staffing` counts each school's distance from its
/// quota after the plan, `weights.staffing` per teacher.
struct R16Staffing: HardRule {
    let id = Rule.R16
    let summary = LocalizedText(
        zh: "按编制调整（staffing: toward_quota）：超编学校接收不多于派出，缺编学校派出不多于接收，任何学校不比原来更偏离编制；无编制数的学校总数不变",
        en: "with staffing: toward_quota, a school over its staff_quota receives at most as many as it sends, one under it sends at most as many as it receives, none ends farther from its quota; a school without one keeps its headcount")
    let keys = ["staffing"]

    /// The bounds on a school's change of headcount (arrivals − leavers, exchange movers), or nil when the rule
    /// does not apply to it.
    static func headcountRange(_ s: Int, in c: Candidates) -> (low: Int, high: Int)? {
        guard c.policy.staffingRule == .towardQuota, let q = c.county.schools[s].staffQuota else { return nil }
        let d = c.duties[s], n = d.staff, r = d.returnersIn - d.returnersOut
        if n > q { return (2 * (q - n) - r, -r) }
        if n < q { return (-r, 2 * (q - n) - r) }
        return (-r, -r)
    }

    func bounds(in ctx: inout ProgramContext) {
        for s in ctx.county.schools.indices {
            guard let range = Self.headcountRange(s, in: ctx.candidates) else { continue }
            ctx.bound(.headcount, of: s, low: Double(range.low), high: Double(range.high),
                      row: RuleRow(rule: id, kind: .towardQuota, school: s), name: "R16_quota_\(ctx.schoolNames[s])")
        }
    }

    /// Headcount after a plan: now, plus arrivals, less leavers (returners included).
    static func after(_ s: Int, leavers: [Int], arrivals: [Int], in c: Candidates) -> Int { c.duties[s].staff + arrivals[s] - leavers[s] }

    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? {
        guard c.policy.staffingRule == .towardQuota else { return nil }
        let (leavers, arrivals) = c.flows(destination, returners: true)
        for s in c.county.schools.indices {
            guard let q = c.county.schools[s].staffQuota else { continue }
            let n = c.duties[s].staff, after = Self.after(s, leavers: leavers, arrivals: arrivals, in: c), name = c.county.schools[s].name
            if (n > q && arrivals[s] > leavers[s]) || (n < q && leavers[s] > arrivals[s]) || abs(after - q) > abs(n - q) {
                return LocalizedText(zh: "\(name)将由 \(n) 人变为 \(after) 人，偏离编制 \(q) 人", en: "\(name) would go from \(n) to \(after) teachers, away from its quota of \(q)")
            }
        }
        return nil
    }

    func precheck(_ c: Candidates) -> [Diagnosis.Finding] {
        var findings: [Diagnosis.Finding] = []
        guard c.policy.staffingRule == .towardQuota else { return findings }
        // Per school, the teachers who may leave it (leaders too), counted in one pass.
        var mayLeave = c.county.schools.map { _ in 0 }
        for t in c.county.teachers.indices where c.options(of: t).contains(where: { $0 != c.current[t] }) { mayLeave[c.current[t]] += 1 }
        for s in c.county.schools.indices {
            guard let q = c.county.schools[s].staffQuota else { continue }
            let d = c.duties[s], n = d.staff
            // Over the quota, a school that must receive must also send as many; under it, the other way round.
            // Returners going home from the school, or coming home to it, count as well.
            if n > q && d.mustReceive && mayLeave[s] + d.returnersOut == 0 {
                findings.append(c.finding([id, .R4], s,
                    .init(zh: "\(c.labelZH(s))超编（\(n) 人，编制 \(q) 人），接收人数不得多于派出人数，但须接收一人（R4）而该校没有教师能交流出去。",
                          en: "\(c.label(s)) is over its quota (\(n) teachers, quota \(q)) and may receive at most as many as it sends, but it must receive one (R4) and none of its teachers can leave."),
                    Self.remedy))
            }
            if n < q && d.requiredLeavers > 0 && c.arrivalsPossible(s) + d.lockedIn + d.returnersIn == 0 {
                findings.append(c.finding([id, .R3], s,
                    .init(zh: "\(c.labelZH(s))缺编（\(n) 人，编制 \(q) 人），派出人数不得多于接收人数，但须派出 \(d.requiredLeavers) 人（R3）而没有教师能调入该校。",
                          en: "\(c.label(s)) is under its quota (\(n) teachers, quota \(q)) and may send at most as many as it receives, but it must send \(d.requiredLeavers) (R3) and no teacher can move there."),
                    Self.remedy))
            }
        }
        return findings
    }

    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? {
        let s = row.school!, q = c.county.schools[s].staffQuota ?? 0, n = c.duties[s].staff
        let over = n > q, k = Int(amount.rounded())
        return c.finding([id, .R3, .R4, .R6], s,
            .init(zh: "\(c.labelZH(s))\(over ? "超编" : n < q ? "缺编" : "满编")（\(n) 人，编制 \(q) 人）：按编制调整，其\(over ? "接收不得多于派出" : n < q ? "派出不得多于接收" : "接收须等于派出")，"
                    + "且不得比原来更偏离编制，但其他规则要求相差 \(k) 人。",
                  en: "\(c.label(s)) has \(n) teachers against a quota of \(q): toward_quota lets it "
                    + (over ? "receive at most as many as it sends" : n < q ? "send at most as many as it receives" : "receive exactly as many as it sends")
                    + " and end no farther from its quota, but the other rules need \(k) more."),
            Self.remedy)
    }

    static let remedy = LocalizedText(zh: "设 staffing: free，或修改该校编制数 staff_quota", en: "set staffing: free, or correct the school's staff_quota")
}

/// The distance of each school with a quota from it after the plan (`staffing: toward_quota`), `weights.staffing`
/// per teacher: `dev_<school> ≥ ±(after − quota)`.
struct StaffingTerm: ObjectiveTermUnit {
    let term = ObjectiveTerm.staffing
    let summary = LocalizedText(zh: "各校与编制数的差距（按编制调整时）", en: "each school's distance from its staff quota (with toward_quota)")
    let keys = ["weights.staffing", "staffing"]

    func build(in ctx: inout ProgramContext) -> LinearExpression {
        var e = LinearExpression()
        let w = ctx.policy.weights.staffing
        guard ctx.policy.staffingRule == .towardQuota, w > 0 else { return e }
        for s in ctx.county.schools.indices {
            guard let q = ctx.county.schools[s].staffQuota else { continue }
            let d = ctx.candidates.duties[s]
            let flow = ctx.flowExpressions[s]
            let after = flow.arrivals - flow.leavers + Double(d.staff + d.returnersIn - d.returnersOut)
            let name = ctx.schoolNames[s]
            if after.terms.isEmpty {
                let dev = abs(after.constant - Double(q))
                e.constant += w * dev; ctx.otherLow += w * dev; ctx.otherHigh += w * dev
                continue
            }
            let dev = ctx.program.addVariable("quota_gap_\(name)", .continuous, lowerBound: 0)
            ctx.program.addConstraint("quota_gap_\(name)_over", LinearExpression(dev) - after, greaterOrEqual: -Double(q))
            ctx.program.addConstraint("quota_gap_\(name)_under", LinearExpression(dev) + after, greaterOrEqual: Double(q))
            e.add(dev, w)
            ctx.otherHigh += w * Double(abs(d.staff - q))
        }
        return e
    }

    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        guard plan.policy.staffingRule == .towardQuota else { return [] }
        let from = plan.candidates.current[t], to = plan.destination[t]
        let a = plan.county.schools[from], b = plan.county.schools[to]
        guard let qa = a.staffQuota, let qb = b.staffQuota, plan.candidates.duties[from].staff > qa,
              plan.candidates.duties[to].staff < qb else { return [] }
        return [LocalizedText(zh: "编制调整：由超编的\(a.name)到缺编的\(b.name)", en: "staffing: from \(a.name), over its quota, to \(b.name), under its quota")]
    }
}
