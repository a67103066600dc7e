import IntegerProgramming
import RotationModel

/// The rule families of the policy, by their stable ids.
public enum Rule: String, Sendable, CaseIterable, Codable, Comparable {
    case R1, R2, R3, R4, R5, R6, R7
    public static func < (a: Rule, b: Rule) -> Bool { a.rawValue < b.rawValue }

    public var summary: String {
        switch self {
        case .R1: return "each teacher ends at exactly one school; only eligible teachers move; locks are kept"
        case .R2: return "moves only to a school of the teacher's level, within max_commute_km of home, not back to a school left less than no_return_years ago"
        case .R3: return "at least ceil(rotation_rate × eligible) of each school's teachers leave it"
        case .R4: return "every school with an eligible teacher sends and receives at least one"
        case .R5: return "backbone movers are at least backbone_share of all movers; backbone teachers do not move to stronger schools"
        case .R6: return "at most max(1, floor(max_turnover × staff)) leave a school and at most as many arrive; with keep_headcount, arrivals equal departures"
        case .R7: return "when either partner moves, partners end at schools at most couple_max_km apart"
        }
    }
}

/// A hard-rule row that may be relaxed with a penalised slack when diagnosing an infeasible policy.
public struct RuleRow: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case leaversAtLeast, sendsAtLeastOne, receivesAtLeastOne, backboneShare, leaversAtMost, arrivalsAtMost,
             headcountKept, coupleDistance
    }
    public var rule: Rule
    public var kind: Kind
    /// The school the row is about, when it is about one.
    public var school: Int?
    /// The couple the row is about (teacher indices), when it is about one.
    public var couple: (Int, Int)?
    public static func == (a: RuleRow, b: RuleRow) -> Bool {
        a.rule == b.rule && a.kind == b.kind && a.school == b.school && a.couple?.0 == b.couple?.0 && a.couple?.1 == b.couple?.1
    }
}

/// The objective's terms, each as the plan's contribution after its weight.
public struct ObjectiveTerms: Sendable, Equatable, Codable {
    public var shortage = 0.0
    public var balance = 0.0
    public var commute = 0.0
    public var moves = 0.0
    public var preference = 0.0
    public var floor = 0.0
    public var total: Double { shortage + balance + commute + moves + preference + floor }
    public init() {}
}

/// The integer program of one year's rotation, built from ``Candidates`` (see docs/formulation.md, which
/// uses the same names).
///
/// - `move[t][s]` binary: teacher t moves to school s (only allowed moves exist: R1, R2, backbone-downward).
/// - `stay[t]` binary: teacher t stays; `stay[t] + Σ_s move[t][s] = 1` (R1).
/// - `unmet[n]` ≥ required − teachers of the subject at the school, for each need n.
/// - `count[s][level][indicator]` and `spread[...]`: the balance term, a convex function of the integer count
///   cut at every integer point of its reachable range.
struct Formulation {
    enum Mode: Equatable {
        /// Minimise the full objective (with the policy's weights).
        case plan
        /// Minimise the full objective with unmet need weighted above every possible difference of the other
        /// terms together, so that the optimum has the least unmet need (see Planner).
        case shortageFirst
        /// Minimise unmet need only (the first phase of a lexicographic solve).
        case shortageOnly
        /// Relax the rule rows with slack and minimise the total violation.
        case diagnose
    }

    let candidates: Candidates
    let mode: Mode
    var program = IntegerProgram()
    /// Per teacher: (destination school, variable); empty when the teacher cannot move.
    var moves: [[(school: Int, variable: Variable)]] = []
    /// Per teacher: the stay variable, when the teacher may move.
    var stay: [Variable?] = []
    var unmet: [Variable] = []
    var slacks: [(variable: Variable, row: RuleRow)] = []
    /// Rule rows that no variable touches and that the fixed positions already break.
    var brokenFixedRows: [RuleRow] = []
    /// Per school: the teachers who could end there (now there, or able to move or locked to move there).
    var reachable: [[Int]] = []
    /// The weighted objective terms as expressions.
    var terms: [String: LinearExpression] = [:]
    /// The least and greatest values the non-shortage terms can take, and the weight on unmet need in mode
    /// `shortageFirst` (one more than their difference).
    var otherLow = 0.0, otherHigh = 0.0, unmetWeight = 0.0
    /// The columns the solver starts from (column generation, see GLPKBackend): every column but the moves,
    /// and of the moves those likely to matter. The others are priced in by the solver when they could help,
    /// so this choice changes speed only, never the plan's optimality.
    var initialColumns: [Bool] = []

    init(_ c: Candidates, mode: Mode, forced: [(teacher: Int, school: Int)] = [], unmetCap: Double? = nil) {
        self.candidates = c
        self.mode = mode
        let county = c.county, policy = c.policy
        let schoolNames = Formulation.rowNames(county.schools.map(\.id), prefix: "s")
        let teacherNames = Formulation.rowNames(county.teachers.map(\.id), prefix: "t")
        // Variables: stay and move, R1.
        for t in county.teachers.indices {
            var row: [(Int, Variable)] = []
            var stayVar: Variable?
            if case .movable(let dests) = c.positions[t], !dests.isEmpty {
                stayVar = program.addVariable("stay_\(teacherNames[t])", .binary)
                for s in dests { row.append((s, program.addVariable("move_\(teacherNames[t])_\(schoolNames[s])", .binary))) }
                var one = LinearExpression(stayVar!)
                for (_, v) in row { one.add(v) }
                program.addConstraint("R1_one_school_\(teacherNames[t])", one, equal: 1)
            }
            moves.append(row)
            stay.append(stayVar)
        }
        for (t, s) in forced { force(teacher: t, school: s) }
        reachable = county.schools.map { _ in [] }
        for t in county.teachers.indices {
            reachable[c.current[t]].append(t)
            if case .locked(let l) = c.positions[t] { reachable[l].append(t) }
            for (s, _) in moves[t] { reachable[s].append(t) }
        }

        // Leavers and arrivals per school: R3, R4 and R6. When planning, each school's bounds on its leavers
        // share one ranged row (and its arrivals another), which keeps the program small; when diagnosing,
        // every rule has its own row and slack.
        var out = county.schools.map { _ in LinearExpression() }
        var arrive = county.schools.map { _ in LinearExpression() }
        for t in county.teachers.indices {
            for (s, v) in moves[t] { out[c.current[t]].add(v); arrive[s].add(v) }
        }
        for s in county.schools.indices {
            let d = c.duties[s], name = schoolNames[s]
            let o = out[s] + Double(d.lockedOut), i = arrive[s] + Double(d.lockedIn)
            let leaversRow = RuleRow(rule: .R3, kind: .leaversAtLeast, school: s)
            let sendsRow = RuleRow(rule: .R4, kind: .sendsAtLeastOne, school: s)
            let receivesRow = RuleRow(rule: .R4, kind: .receivesAtLeastOne, school: s)
            let leaversCap = RuleRow(rule: .R6, kind: .leaversAtMost, school: s)
            let arrivalsCap = RuleRow(rule: .R6, kind: .arrivalsAtMost, school: s)
            let headcount = RuleRow(rule: .R6, kind: .headcountKept, school: s)
            let minOut = max(d.requiredLeavers, d.mustSend ? 1 : 0)
            let cap = Double(d.turnoverCap)
            if mode == .diagnose {
                if d.requiredLeavers > 0 { addRule("R3_leavers_\(name)", o, atLeast: Double(d.requiredLeavers), leaversRow) }
                if d.mustSend, d.requiredLeavers < 1 { addRule("R4_sends_\(name)", o, atLeast: 1, sendsRow) }
                if d.mustReceive { addRule("R4_receives_\(name)", i, atLeast: 1, receivesRow) }
                addRule("R6_leavers_cap_\(name)", o, atMost: cap, leaversCap)
                addRule("R6_arrivals_cap_\(name)", i, atMost: cap, arrivalsCap)
                if policy.keepHeadcount { addRule("R6_headcount_\(name)", i - o, equal: 0, headcount) }
                continue
            }
            addRanged("leavers_\(name)", o, Double(minOut), cap,
                      low: d.requiredLeavers > 0 ? leaversRow : sendsRow, high: leaversCap)
            if policy.keepHeadcount {
                addRanged("R6_headcount_\(name)", i - o, 0, 0, low: headcount, high: headcount)
                // Arrivals equal leavers, so the leavers row bounds them too; R4's arrival is implied when the
                // school must also send.
                if d.mustReceive && minOut < 1 { addRanged("R4_receives_\(name)", i, 1, nil, low: receivesRow, high: receivesRow) }
            } else {
                addRanged("arrivals_\(name)", i, d.mustReceive ? 1 : nil, cap, low: receivesRow, high: arrivalsCap)
            }
        }

        // R5: denominator × backbone movers ≥ numerator × movers, county-wide.
        if policy.backboneShare.numerator > 0 {
            var share = LinearExpression()
            let num = Double(policy.backboneShare.numerator), den = Double(policy.backboneShare.denominator)
            for (t, teacher) in county.teachers.enumerated() {
                let coefficient = (teacher.backbone.isBackbone ? den : 0) - num
                for (_, v) in moves[t] { share.add(v, coefficient) }
                if case .locked = c.positions[t] { share.constant += coefficient }
            }
            addRule("R5_backbone_share", share, atLeast: 0, RuleRow(rule: .R5, kind: .backboneShare))
        }

        // R7: for each place a of one partner, the other is not at a place too far from a (unless both stay).
        for (t, u) in c.couples {
            let ot = c.options(of: t), ou = c.options(of: u)
            for a in ot {
                var row = place(t, a)
                var any = false
                for b in ou where !(a == c.current[t] && b == c.current[u]) && c.distanceKm(between: a, and: b) > policy.coupleMaxKm {
                    row += place(u, b)
                    any = true
                }
                if any {
                    addRule("R7_couple_\(teacherNames[t])_\(teacherNames[u])_at_\(schoolNames[a])", row, atMost: 1,
                            RuleRow(rule: .R7, kind: .coupleDistance, school: a, couple: (t, u)))
                }
            }
        }

        if mode == .diagnose {
            var total = LinearExpression()
            for (v, _) in slacks { total.add(v) }
            program.setObjective(.minimize, total)
            return
        }

        // Shortages: unmet[n] ≥ required − (teachers of the subject who end at the school).
        var shortage = LinearExpression()
        for (n, need) in county.needs.enumerated() where need.required > 0 {
            guard let s = county.schoolIndex[need.schoolID] else { continue }
            let have = presence(at: s) { county.teachers[$0].subject == need.subject }
            let v = program.addVariable("unmet_\(schoolNames[s])_n\(n)", .continuous, lowerBound: 0, upperBound: Double(need.required))
            program.addConstraint("unmet_\(schoolNames[s])_n\(n)", LinearExpression(v) + have, greaterOrEqual: Double(need.required))
            unmet.append(v)
        }
        if let unmetCap, !unmet.isEmpty {
            program.addConstraint("shortage_first", unmet.sum(), lessOrEqual: unmetCap)
        }
        if mode == .shortageOnly {
            program.setObjective(.minimize, unmet.sum())
            initialColumns = startingColumns()
            return
        }
        for v in unmet { shortage.add(v, policy.weights.shortage) }
        terms["shortage"] = shortage

        // Balance: Σ over level, indicator, counted school of 100 · (P_i/P)(100 c_i/P_i − X̄)² / X̄².
        var balance = LinearExpression()
        if policy.weights.balance > 0 {
            let before = Assessment.before(county: county, policy: policy)
            for level in TeachingLevel.allCases {
                let counted = Assessment.countedSchools(county: county, policy: policy, level: level)
                let total = counted.reduce(0) { $0 + county.schools[$1].students(of: level)! }
                guard total > 0 else { continue }
                for indicator in Indicator.allCases {
                    let sumCounts = counted.reduce(0) { $0 + before.schools[$1].indicatorCounts[level]![indicator]! }
                    let mean = Double(sumCounts) * 100 / Double(total)
                    guard mean > 0 else { continue }
                    for s in counted {
                        let p = Double(county.schools[s].students(of: level)!)
                        func spread(_ m: Int) -> Double {
                            let x = Double(m) * 100 / p - mean
                            return 100 * (p / Double(total)) * x * x / (mean * mean)
                        }
                        let counts: (Int) -> Bool = { t in
                            county.teachers[t].level == level && indicator.counts(county.teachers[t], policy: policy)
                        }
                        let expr = presence(at: s, counts)
                        let range = countRange(at: s, counts)
                        if range.lowerBound == range.upperBound || expr.terms.isEmpty {
                            let f = policy.weights.balance * spread(Int(expr.constant.rounded()))
                            balance.constant += f; otherLow += f; otherHigh += f
                            continue
                        }
                        let values = range.map(spread)
                        otherLow += policy.weights.balance * values.min()!
                        otherHigh += policy.weights.balance * values.max()!
                        let tag = "\(schoolNames[s])_\(level.rawValue)_\(indicator.rawValue)"
                        let count = program.addVariable("count_\(tag)", .continuous, lowerBound: nil, upperBound: nil)
                        program.addConstraint("count_\(tag)", expr - count, equal: 0)
                        let v = program.addVariable("spread_\(tag)", .continuous, lowerBound: 0)
                        for m in range.lowerBound..<range.upperBound {
                            let slope = spread(m + 1) - spread(m)
                            // spread ≥ f(m) + slope · (count − m)
                            program.addConstraint("spread_\(tag)_cut\(m)", LinearExpression(v) - slope * count,
                                                  greaterOrEqual: spread(m) - slope * Double(m))
                        }
                        balance.add(v, policy.weights.balance)
                    }
                }
            }
        }
        terms["balance"] = balance

        // Floors: weights.floor per teacher a counted school lacks to meet an indicator's per-school floor,
        // below_<tag> ≥ fewest − count, a convex term of the count as the balance term is.
        var floors = LinearExpression()
        if policy.weights.floor > 0 {
            for level in TeachingLevel.allCases {
                for s in Assessment.countedSchools(county: county, policy: policy, level: level) {
                    let p = county.schools[s].students(of: level)!
                    for indicator in Indicator.allCases {
                        let fewest = indicator.floorCount(students: p, level: level)
                        let counts: (Int) -> Bool = { t in
                            county.teachers[t].level == level && indicator.counts(county.teachers[t], policy: policy)
                        }
                        let range = countRange(at: s, counts)
                        guard fewest > range.lowerBound else { continue }
                        let w = policy.weights.floor
                        otherLow += w * Double(max(0, fewest - range.upperBound))
                        otherHigh += w * Double(fewest - range.lowerBound)
                        let expr = presence(at: s, counts)
                        if expr.terms.isEmpty {
                            floors.constant += w * Double(max(0, fewest - Int(expr.constant.rounded())))
                            continue
                        }
                        let tag = "\(schoolNames[s])_\(level.rawValue)_\(indicator.rawValue)"
                        let below = program.addVariable("below_\(tag)", .continuous, lowerBound: 0)
                        program.addConstraint("below_\(tag)", LinearExpression(below) + expr, greaterOrEqual: Double(fewest))
                        floors.add(below, w)
                    }
                }
            }
        }
        terms["floor"] = floors

        // Commute, moves, wishes.
        var commute = LinearExpression(), moveCount = LinearExpression(), wishes = LinearExpression()
        for t in county.teachers.indices {
            for (s, v) in moves[t] {
                let m = moveTerms(t, s)
                commute.add(v, m.commute)
                moveCount.add(v, m.moves)
                if m.wish != 0 { wishes.add(v, m.wish) }
            }
            if case .locked(let s) = c.positions[t] {
                let m = moveTerms(t, s)
                commute.constant += m.commute
                moveCount.constant += m.moves
                wishes.constant += m.wish
            }
        }
        terms["commute"] = commute
        terms["moves"] = moveCount
        terms["preference"] = wishes
        for e in [commute, moveCount, wishes] {
            otherLow += e.constant; otherHigh += e.constant
        }
        for t in county.teachers.indices where !moves[t].isEmpty {
            // A teacher makes at most one move: the most and the least it can add.
            let contributions = moves[t].map { s, _ in moveCost(t, s) }
            otherLow += min(0, contributions.min()!)
            otherHigh += max(0, contributions.max()!)
        }
        unmetWeight = mode == .shortageFirst ? (otherHigh - otherLow).rounded(.up) + 1 : policy.weights.shortage
        initialColumns = startingColumns()
        var objective = balance + floors + commute + moveCount + wishes
        for v in unmet { objective.add(v, unmetWeight) }
        program.setObjective(.minimize, objective)
    }

    /// The moves the solver starts from: per teacher, the cheapest few (commute, moves, wishes); per school,
    /// the cheapest few arrivals; per unmet need, the cheapest few teachers of the subject (twice the shortage,
    /// at least three); every move of a partner. Small on purpose: the rest is priced in when it can help.
    func startingColumns(perTeacher: Int = 2, perSchool: Int = 5) -> [Bool] {
        let county = candidates.county
        var start = Array(repeating: true, count: program.variables.count)
        for row in moves { for (_, v) in row { start[v.index] = false } }
        var partnered = Set<Int>()
        for (t, u) in candidates.couples { partnered.insert(t); partnered.insert(u) }
        struct Arrival { var cost: Double; var teacher: Int; var variable: Variable }
        var arrivals = county.schools.map { _ in [Arrival]() }
        for (t, row) in moves.enumerated() where !row.isEmpty {
            let costs = row.map { (cost: moveCost(t, $0.school), school: $0.school, variable: $0.variable) }
            for c in costs { arrivals[c.school].append(Arrival(cost: c.cost, teacher: t, variable: c.variable)) }
            for (rank, c) in costs.sorted(by: { ($0.cost, $0.school) < ($1.cost, $1.school) }).enumerated()
            where rank < perTeacher || partnered.contains(t) {
                start[c.variable.index] = true
            }
        }
        for s in arrivals.indices {
            arrivals[s].sort { ($0.cost, $0.variable.index) < ($1.cost, $1.variable.index) }
            for a in arrivals[s].prefix(perSchool) { start[a.variable.index] = true }
        }
        var have: [String: Int] = [:]
        for (t, teacher) in county.teachers.enumerated() { have["\(candidates.current[t])|\(teacher.subject)", default: 0] += 1 }
        for need in county.needs {
            guard let s = county.schoolIndex[need.schoolID] else { continue }
            let short = need.required - (have["\(s)|\(need.subject)"] ?? 0)
            guard short > 0 else { continue }
            for a in arrivals[s].lazy.filter({ county.teachers[$0.teacher].subject == need.subject }).prefix(max(3, 2 * short)) {
                start[a.variable.index] = true
            }
        }
        return start
    }

    /// What moving teacher t to school s adds to the commute, moves and wish terms, each after its weight.
    func moveTerms(_ t: Int, _ s: Int) -> (commute: Double, moves: Double, wish: Double) {
        let policy = candidates.policy
        var wish = 0.0
        if let rank = candidates.county.teachers[t].preferences.firstIndex(of: candidates.county.schools[s].id) {
            wish = -policy.weights.preference / Double(rank + 1)
        }
        return (policy.weights.commute * candidates.commuteTenths(t, to: s) / 10, policy.weights.moves, wish)
    }

    /// What moving teacher t to school s adds to the objective outside the shortage and balance terms.
    func moveCost(_ t: Int, _ s: Int) -> Double {
        let m = moveTerms(t, s)
        return m.commute + m.moves + m.wish
    }

    /// Fixes a teacher's destination (for "what if" questions): every other option of the teacher is closed.
    mutating func force(teacher t: Int, school s: Int) {
        if let st = stay[t] { program.setBounds(st, lowerBound: s == candidates.current[t] ? 1 : 0, upperBound: s == candidates.current[t] ? 1 : 0) }
        for (d, v) in moves[t] { program.setBounds(v, lowerBound: d == s ? 1 : 0, upperBound: d == s ? 1 : 0) }
    }

    /// 1 when teacher t ends at school s, as an expression of the variables (or a constant).
    func place(_ t: Int, _ s: Int) -> LinearExpression {
        if s == candidates.current[t] {
            if let st = stay[t] { return LinearExpression(st) }
            if case .locked = candidates.positions[t] { return 0 }
            return 1
        }
        if case .locked(let l) = candidates.positions[t] { return l == s ? 1 : 0 }
        if let v = moves[t].first(where: { $0.school == s })?.variable { return LinearExpression(v) }
        return 0
    }

    /// Teachers satisfying `filter` who end at school s.
    func presence(at s: Int, _ filter: (Int) -> Bool) -> LinearExpression {
        var e = LinearExpression()
        for t in reachable[s] where filter(t) {
            if candidates.current[t] == s {
                if let st = stay[t] { e.add(st) } else if case .locked = candidates.positions[t] {} else { e.constant += 1 }
            } else if case .locked(let l) = candidates.positions[t] {
                if l == s { e.constant += 1 }
            } else if let v = moves[t].first(where: { $0.school == s })?.variable {
                e.add(v)
            }
        }
        return e
    }

    /// The range the count of teachers satisfying `filter` at school s can take under R6.
    func countRange(at s: Int, _ filter: (Int) -> Bool) -> ClosedRange<Int> {
        var fixed = 0, stayers = 0, arrivals = 0
        for t in reachable[s] where filter(t) {
            if candidates.current[t] == s {
                if stay[t] != nil { stayers += 1 } else if case .locked = candidates.positions[t] {} else { fixed += 1 }
            } else if case .locked(let l) = candidates.positions[t] {
                if l == s { fixed += 1 }
            } else if moves[t].contains(where: { $0.school == s }) {
                arrivals += 1
            }
        }
        let cap = candidates.duties[s].turnoverCap
        return (fixed + max(0, stayers - cap))...(fixed + stayers + min(arrivals, cap))
    }

    /// A ranged row `low ≤ e ≤ high` holding several rules; a row no variable touches is checked at once.
    private mutating func addRanged(_ name: String, _ e: LinearExpression, _ lowBound: Double?, _ highBound: Double?,
                                    low: RuleRow, high: RuleRow) {
        if e.terms.isEmpty {
            if let l = lowBound, e.constant < l - 1e-9 { brokenFixedRows.append(low) }
            if let h = highBound, e.constant > h + 1e-9 { brokenFixedRows.append(high) }
            return
        }
        program.addConstraint(name, e, lowerBound: lowBound, upperBound: highBound)
    }

    private mutating func addRule(_ name: String, _ e: LinearExpression, atLeast bound: Double, _ row: RuleRow) {
        var e = e
        if mode == .diagnose {
            let v = program.addVariable("slack_\(name)", .continuous, lowerBound: 0)
            e.add(v); slacks.append((v, row))
        }
        if e.terms.isEmpty { if e.constant < bound - 1e-9 { brokenFixedRows.append(row) }; return }
        program.addConstraint(name, e, greaterOrEqual: bound)
    }
    private mutating func addRule(_ name: String, _ e: LinearExpression, atMost bound: Double, _ row: RuleRow) {
        var e = e
        if mode == .diagnose {
            let v = program.addVariable("slack_\(name)", .continuous, lowerBound: 0)
            e.add(v, -1); slacks.append((v, row))
        }
        if e.terms.isEmpty { if e.constant > bound + 1e-9 { brokenFixedRows.append(row) }; return }
        program.addConstraint(name, e, lessOrEqual: bound)
    }
    private mutating func addRule(_ name: String, _ e: LinearExpression, equal bound: Double, _ row: RuleRow) {
        var e = e
        if mode == .diagnose {
            let up = program.addVariable("slack_up_\(name)", .continuous, lowerBound: 0)
            let down = program.addVariable("slack_down_\(name)", .continuous, lowerBound: 0)
            e.add(up); e.add(down, -1)
            slacks.append((up, row)); slacks.append((down, row))
        }
        if e.terms.isEmpty { if abs(e.constant - bound) > 1e-9 { brokenFixedRows.append(row) }; return }
        program.addConstraint(name, e, equal: bound)
    }

    /// Names for rows and columns: the input id when it is plain ASCII and unique, else prefix + position.
    static func rowNames(_ ids: [String], prefix: String) -> [String] {
        var seen: Set<String> = []
        return ids.enumerated().map { i, id in
            let clean = !id.isEmpty && id.count <= 40 && id.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-"
            }
            let name = clean && !seen.contains(id) ? id : "\(prefix)\(i + 1)"
            seen.insert(name)
            return name
        }
    }
}
