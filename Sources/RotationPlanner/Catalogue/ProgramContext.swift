import IntegerProgramming
import RotationModel

/// The integer program while the catalogue builds it: the move and stay variables, the rows so far, and the
/// helpers rules and objective terms share (where a teacher ends, how many of a kind end at a school).
struct ProgramContext {
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
        /// Minimise the teachers whose destination differs from a previous plan's (re-planning; see ``Stability``).
        case fewestChanges
    }

    let candidates: Candidates
    let mode: Mode
    /// What the program holds of the audit (nil: nothing, the plan of the usual objective).
    let audit: AuditStage?
    var program = IntegerProgram()
    /// Row and column names of schools and teachers: the input id when it is plain ASCII, else a position.
    let schoolNames: [String]
    let teacherNames: [String]
    /// Per teacher: (destination school, variable); empty when the teacher cannot move.
    var moves: [[(school: Int, variable: Variable)]] = []
    /// Per teacher: the stay variable, when the teacher may move (or learn).
    var stay: [Variable?] = []
    /// Per teacher: (host school, variable) for a year's learning at a strong school (R13); empty for most.
    var learn: [[(school: Int, variable: Variable)]] = []
    /// Per school: the teachers who could end there (now there, or able to move or locked to move there).
    var reachable: [[Int]] = []
    /// Per school: the bounds rules put on its leavers, arrivals and headcount (see ``SchoolFlow``).
    var flows: [SchoolFlow]
    var slacks: [(variable: Variable, row: RuleRow)] = []
    /// Rule rows that no variable touches and that the fixed positions already break.
    var brokenFixedRows: [RuleRow] = []
    /// The unmet-need variables, one per need with a positive requirement (the shortage term).
    var unmet: [Variable] = []
    /// The least and greatest values the objective's terms other than shortage can take.
    var otherLow = 0.0, otherHigh = 0.0
    /// The indicators' spreads built so far (``spread(_:_:)``), by level and indicator.
    var spreads: [String: IndicatorSpread?] = [:]
    /// The county's figures before the plan.
    let assessmentBefore: Assessment
    /// The audit's binary columns (standards met, schools passing): 0 is always feasible for them.
    var auditColumns: [Variable] = []

    init(_ c: Candidates, mode: Mode, audit: AuditStage? = nil) {
        self.candidates = c
        self.mode = mode
        self.audit = audit
        schoolNames = Self.rowNames(c.county.schools.map(\.id), prefix: "s")
        teacherNames = Self.rowNames(c.county.teachers.map(\.id), prefix: "t")
        flows = c.county.schools.map { _ in SchoolFlow() }
        assessmentBefore = Assessment.before(county: c.county, policy: c.policy)
    }

    var county: County { candidates.county }
    var policy: Policy { candidates.policy }

    /// Which schools each teacher may end at, once the move variables exist.
    mutating func findReachable() {
        reachable = county.schools.map { _ in [] }
        for t in county.teachers.indices {
            reachable[candidates.current[t]].append(t)
            if let l = candidates.fixedMove(t) { reachable[l].append(t) }
            for (s, _) in moves[t] { reachable[s].append(t) }
        }
    }

    // MARK: Rows

    enum Sense { case atLeast, atMost, equal }

    /// A rule's own row `e (sense) bound`. When diagnosing it gets a penalised slack; a row no variable
    /// touches is checked at once and, when the fixed positions break it, remembered in `brokenFixedRows`.
    mutating func require(_ name: String, _ e: LinearExpression, _ sense: Sense, _ bound: Double, row: RuleRow) {
        var e = e
        if mode == .diagnose {
            switch sense {
            case .atLeast, .atMost:
                let v = program.addVariable("slack_\(name)", .continuous, lowerBound: 0)
                e.add(v, sense == .atLeast ? 1 : -1); slacks.append((v, row))
            case .equal:
                let up = program.addVariable("slack_up_\(name)", .continuous, lowerBound: 0)
                let down = program.addVariable("slack_down_\(name)", .continuous, lowerBound: 0)
                e.add(up); e.add(down, -1)
                slacks.append((up, row)); slacks.append((down, row))
            }
        }
        if e.terms.isEmpty {
            let broken: Bool
            switch sense {
            case .atLeast: broken = e.constant < bound - 1e-9
            case .atMost: broken = e.constant > bound + 1e-9
            case .equal: broken = abs(e.constant - bound) > 1e-9
            }
            if broken { brokenFixedRows.append(row) }
            return
        }
        switch sense {
        case .atLeast: program.addConstraint(name, e, greaterOrEqual: bound)
        case .atMost: program.addConstraint(name, e, lessOrEqual: bound)
        case .equal: program.addConstraint(name, e, equal: bound)
        }
    }

    /// A ranged row `low ≤ e ≤ high` holding the bounds of several rules (planning only: no slack).
    mutating func requireRange(_ name: String, _ e: LinearExpression, _ lowBound: Double?, _ highBound: Double?,
                               low: RuleRow, high: RuleRow) {
        if e.terms.isEmpty {
            if let l = lowBound, e.constant < l - 1e-9 { brokenFixedRows.append(low) }
            if let h = highBound, e.constant > h + 1e-9 { brokenFixedRows.append(high) }
            return
        }
        // Bounds that cross (a quota above a cap lowered by returners) break a rule whatever the plan: diagnose.
        if let l = lowBound, let h = highBound, l > h + 1e-9 {
            brokenFixedRows.append(low)
            return
        }
        program.addConstraint(name, e, lowerBound: lowBound, upperBound: highBound)
    }

    // MARK: Where teachers end

    /// Fixes a teacher's destination (for "what if" questions): every other option of the teacher is closed.
    mutating func force(teacher t: Int, school s: Int) {
        let here = candidates.current[t]
        // A teacher locked to leave keeps the stay column closed (forced to stay, the program has no solution).
        let mayStay = candidates.county.teachers[t].lock != .leave
        let atHome: Double = s == here && mayStay ? 1 : 0
        if let st = stay[t] { program.setBounds(st, lowerBound: atHome, upperBound: atHome) }
        for (d, v) in moves[t] { program.setBounds(v, lowerBound: d == s ? 1 : 0, upperBound: d == s ? 1 : 0) }
    }

    /// 1 when teacher t ends at school s, as an expression of the variables (or a constant).
    func place(_ t: Int, _ s: Int) -> LinearExpression {
        if s == candidates.current[t] {
            if let st = stay[t] { return LinearExpression(st) }
            if candidates.fixedMove(t) != nil { return 0 }
            return 1
        }
        if let l = candidates.fixedMove(t) { return l == s ? 1 : 0 }
        var e = LinearExpression()
        if let v = moves[t].first(where: { $0.school == s })?.variable { e.add(v) }
        // A learner is at the host this year (R13), though counted at no school.
        if t < learn.count, let v = learn[t].first(where: { $0.school == s })?.variable { e.add(v) }
        return e
    }

    /// Teachers satisfying `filter` who end at school s.
    func presence(at s: Int, _ filter: (Int) -> Bool) -> LinearExpression {
        var e = LinearExpression()
        for t in reachable[s] where filter(t) {
            if candidates.current[t] == s {
                if let st = stay[t] { e.add(st) } else if candidates.fixedMove(t) != nil {} else { e.constant += 1 }
            } else if let l = candidates.fixedMove(t) {
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
                if stay[t] != nil { stayers += 1 } else if candidates.fixedMove(t) != nil {} else { fixed += 1 }
            } else if let l = candidates.fixedMove(t) {
                if l == s { fixed += 1 }
            } else if moves[t].contains(where: { $0.school == s }) {
                arrivals += 1
            }
        }
        // Learners leave for the year outside R6's cap: any of them may be away.
        let learners = candidates.county.teachers.indices.count { candidates.current[$0] == s && !candidates.learnerHosts[$0].isEmpty && filter($0) }
        let cap = candidates.duties[s].turnoverCap
        return (fixed + max(0, stayers - cap - learners))...(fixed + stayers + min(arrivals, cap))
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
