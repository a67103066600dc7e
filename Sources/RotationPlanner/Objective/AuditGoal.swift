import IntegerProgramming
import RotationModel

/// What a program holds of the audit (with `audit.goal`), stage by stage (``Planner``'s audit steps).
struct AuditStage: Equatable {
    /// The CV caps held as R8 rows.
    var caps: Set<CapKey> = []
    /// Add a pass column per school that can pass (``AuditGoal``).
    var passColumns = false
    /// Minimise −(schools passing) instead of the usual objective.
    var maximisePassing = false
    /// Hold at least this many schools passing.
    var leastPassing: Int?
}

/// The audit goal (with `audit.goal`), met after the least unmet need and the CV caps (R8): as many schools as
/// possible pass the audit (each level's audited schools counted apart). A binary `pass_<school>_<level>` per
/// school that can pass, a binary `meets_<school>_<level>_<indicator>` per teacher indicator the plan decides:
///
/// - `count_i − (near_i − low_i)⁺ · pass − (standard_i − max(near_i, low_i)) · meets_i ≥ low_i` and `meets_i ≤ pass`
///   (a passing school is near every standard, and at those it counts as met; `low_i` is the least the count
///   can be under R6, so a school that does not pass keeps any count it can have),
/// - `Σ_i meets_i + met constants − (given − (7 − min_met)) · pass ≥ 0` (few enough fall short).
///
/// A school with a given facility below `near_share` of its standard, or a teacher indicator out of reach of
/// its near count, cannot pass and gets no column. The planner maximises the passing schools in a search of its
/// own and then holds them (`audit_passing` ≥ the most) while it minimises the usual terms.
struct AuditGoal: CatalogueUnit {
    let unitID = "audit"
    let summary = LocalizedText(zh: "以督导评估为目标时，在学科缺口最少、差异系数上限之后，尽可能多的学校通过校际达标评估",
                                en: "with audit.goal, after the least unmet need and the CV caps, as many schools as possible pass the audit")
    let keys = ["audit.goal", "audit.min_met", "audit.near_share"] + AuditIndicator.allCases.flatMap { i in
        ["primary", "junior"].map { "audit.standards.\($0).\(i.rawValue)" }
    }

    /// Adds the pass columns and their rows when the stage asks for them; returns Σ pass.
    func addColumns(in ctx: inout ProgramContext) -> LinearExpression? {
        guard ctx.audit?.passColumns == true else { return nil }
        var passing = LinearExpression()
        for level in TeachingLevel.allCases {
            for s in Assessment.countedSchools(county: ctx.county, policy: ctx.policy, level: level) {
                if let pass = addPass(s, level, in: &ctx) { passing.add(pass) }
            }
        }
        return passing
    }

    /// The pass column of one school in one level and its rows, or nil when it cannot pass (a facility below
    /// `near_share` of its standard, or a teacher indicator out of reach of its near count).
    private func addPass(_ s: Int, _ level: TeachingLevel, in ctx: inout ProgramContext) -> Variable? {
        let county = ctx.county, policy = ctx.policy
        let p = county.schools[s].students(of: level)!
        let allowedShort = AuditIndicator.allCases.count - policy.audit.minMet
        var given = Indicator.allCases.count, metConstant = 0
        for f in AuditIndicator.facilities {
            guard let value = county.schools[s].facilities[f] else { continue }
            let standard = policy.audit.standard(f, level).doubleValue
            guard value >= policy.audit.nearShare.doubleValue * standard - 1e-9 else { return nil }
            given += 1
            if value >= standard - 1e-9 { metConstant += 1 }
        }
        let tag = "\(ctx.schoolNames[s])_\(level.rawValue)"
        var teacherRows: [(indicator: Indicator, count: LinearExpression, range: ClosedRange<Int>, standard: Int, near: Int)] = []
        for indicator in Indicator.allCases {
            let (count, range) = ctx.indicatorCount(at: s, level, indicator)
            let near = policy.nearCount(indicator, students: p, level: level)
            guard range.upperBound >= near else { return nil }
            teacherRows.append((indicator, count, range, policy.standardCount(indicator, students: p, level: level), near))
        }
        let pass = ctx.program.addVariable("pass_\(tag)", .binary)
        ctx.auditColumns.append(pass)
        var met = LinearExpression(constant: Double(metConstant))
        for row in teacherRows {
            if row.range.lowerBound >= row.standard { met.constant += 1; continue }
            let name = "\(tag)_\(row.indicator.rawValue)"
            // Measured from the least the count can be (`low`), not from zero: the same integer plans, a tighter
            // relaxation (a school a teacher short of a standard no longer passes by a fraction for free).
            let low = row.range.lowerBound, nearGain = Double(max(0, row.near - low))
            guard row.range.upperBound >= row.standard else {
                if low < row.near {
                    ctx.program.addConstraint("near_\(name)", row.count - nearGain * pass, greaterOrEqual: Double(low))
                }
                continue
            }
            // A passing school is near every standard, and at it where it counts the standard as met:
            // count ≥ low + (near − low)⁺·pass + (standard − max(near, low))·meets, with meets ≤ pass.
            let meets = ctx.program.addVariable("meets_\(name)", .binary)
            ctx.auditColumns.append(meets)
            ctx.program.addConstraint("meets_\(name)", row.count - nearGain * pass - Double(row.standard - max(row.near, low)) * meets,
                                      greaterOrEqual: Double(low))
            ctx.program.addConstraint("meets_only_passing_\(name)", LinearExpression(pass) - meets, greaterOrEqual: 0)
            met.add(meets)
        }
        let needMet = Double(given - allowedShort)
        ctx.program.addConstraint("passes_\(tag)", met - needMet * pass, greaterOrEqual: 0)
        return pass
    }
}
