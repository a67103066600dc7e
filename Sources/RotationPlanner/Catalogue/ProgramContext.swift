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
    /// Per teacher: the subject each entry of `moves[t]` has the teacher teach there (the main subject, or another
    /// of theirs where R14 adds a column for it).
    var moveSubjects: [[String]] = []
    /// Per teacher: teaching another of their subjects where they stay (R14). For a teacher who may move these are
    /// columns of R1's row (`stay[t]` is then staying with the main subject); for one whose place is fixed, choices
    /// of which at most one is 1 (none: the main subject).
    var otherSubjects: [[(subject: String, variable: Variable)]] = []
    /// Per teacher: the index of R1's row in the program, when the teacher may move (R14 adds columns to it).
    var oneSchoolRow: [Int?] = []
    /// Walking teachers' shares (R15) per need, keyed `school|subject`: − at the teacher's school, + where served.
    var walkingShares: [String: LinearExpression] = [:]
    /// The walk columns (R15): teacher t, at `base`, also teaches `subject` at `served`.
    var walks: [(teacher: Int, base: Int, served: Int, subject: String, variable: Variable)] = []
    /// Per school: its leavers and arrivals as expressions (set with the flow rows; the staffing term reads them).
    var flowExpressions: [SchoolFlow.Expressions] = []
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
    /// Per teacher: the main subject, and whether the plan chooses the subject (R14) — read in the hot loops.
    let mainSubject: [String]
    let hasChoice: [Bool]
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
        mainSubject = c.county.teachers.map(\.subject)
        hasChoice = c.county.teachers.map(\.hasSubjectChoice)
    }

    var county: County { candidates.county }
    var policy: Policy { candidates.policy }

    /// Which schools each teacher may end at, once the move variables exist.
    mutating func findReachable() {
        reachable = county.schools.map { _ in [] }
        var last = [Int](repeating: -1, count: county.schools.count)
        for t in county.teachers.indices {
            reachable[candidates.current[t]].append(t)
            if let l = candidates.fixedMove(t) { reachable[l].append(t) }
            // Once per school, though a teacher of several subjects has a column per subject there (R14).
            for (s, _) in moves[t] where last[s] != t { reachable[s].append(t); last[s] = t }
        }
    }

    // MARK: Rows

    enum Sense { case atLeast, atMost, equal }

    /// A rule's own row `e (sense) bound`. When diagnosing it gets a penalised slack; a row no variable
    /// touches is checked at once and, when the fixed positions break it, remembered in `brokenFixedRows`.
    mutating func require(_ name: String, _ e: LinearExpression, _ sense: Sense, _ bound: Double, row: RuleRow) {
        var e = e
        if mode == .diagnose {
            // A row of whole numbers (integer columns, integral coefficients and bound) is broken by a whole number:
            // its slack is integer, which lets the diagnosis stop as soon as its bound rounds up to its best.
            let whole = { (x: Double) in x == x.rounded() }
            let kind: VariableKind = whole(bound) && whole(e.constant)
                && e.terms.allSatisfy({ whole($0.coefficient) && program.variables[$0.variable.index].kind != .continuous })
                ? .integer : .continuous
            switch sense {
            case .atLeast, .atMost:
                let v = program.addVariable("slack_\(name)", kind, lowerBound: 0)
                e.add(v, sense == .atLeast ? 1 : -1); slacks.append((v, row))
            case .equal:
                let up = program.addVariable("slack_up_\(name)", kind, lowerBound: 0)
                let down = program.addVariable("slack_down_\(name)", kind, lowerBound: 0)
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

    /// Fixes a teacher's destination (for "what if" questions): every other option of the teacher is closed (the
    /// subject taught there stays the plan's choice).
    mutating func force(teacher t: Int, school s: Int) {
        let here = candidates.current[t]
        // A teacher locked to leave keeps the stay column closed (forced to stay, the program has no solution).
        let mayStay = candidates.county.teachers[t].lock != .leave
        let atHome: Double = s == here && mayStay ? 1 : 0
        let choices = moves[t].count { $0.school == s } + (s == here ? otherSubjects[t].count : 0)
        if let st = stay[t] {
            program.setBounds(st, lowerBound: choices > 0 ? 0 : atHome, upperBound: atHome)
            for (_, v) in otherSubjects[t] { program.setBounds(v, lowerBound: 0, upperBound: atHome) }
        }
        for (d, v) in moves[t] {
            let open: Double = d == s ? 1 : 0
            program.setBounds(v, lowerBound: choices > 1 ? 0 : open, upperBound: open)
        }
        // Forced to a school: not away learning (R13).
        if t < learn.count { for (_, v) in learn[t] { program.setBounds(v, lowerBound: 0, upperBound: 0) } }
    }

    /// Where teacher t is whatever the plan (fixed, locked to a school, or returning home); nil when the plan
    /// decides (the teacher may move or learn).
    func constantPlace(_ t: Int) -> Int? {
        stay[t] == nil ? candidates.fixedMove(t) ?? candidates.current[t] : nil
    }

    /// The columns that put teacher t at school s (empty for a teacher whose place is constant).
    func columns(of t: Int, at s: Int) -> [Variable] {
        var columns: [Variable] = []
        if s == candidates.current[t], let st = stay[t] {
            columns.append(st)
            columns += otherSubjects[t].map(\.variable)
        }
        for (d, v) in moves[t] where d == s { columns.append(v) }
        return columns
    }

    /// 1 when teacher t ends at school s, as an expression of the variables (or a constant).
    func place(_ t: Int, _ s: Int) -> LinearExpression {
        if let p = constantPlace(t) { return p == s ? 1 : 0 }
        var e = LinearExpression()
        for v in columns(of: t, at: s) { e.add(v) }
        // A learner is at the host this year (R13), though counted at no school.
        if t < learn.count, let v = learn[t].first(where: { $0.school == s })?.variable { e.add(v) }
        return e
    }

    /// 1 when teacher t ends at school s teaching `subject`, as an expression (or a constant).
    func teaching(_ t: Int, at s: Int, _ subject: String) -> LinearExpression {
        presence(at: s, teaching: { u, j in u == t && j == subject }, only: t)
    }

    /// Teachers satisfying `filter` who end at school s.
    func presence(at s: Int, _ filter: (Int) -> Bool) -> LinearExpression {
        presence(at: s, teaching: { t, _ in filter(t) })
    }

    /// Teachers who end at school s, counted when `counts(teacher, subject taught there)`: a teacher with a choice
    /// of subjects (R14) counts through the column of each subject. `only`: one teacher's part.
    func presence(at s: Int, teaching counts: (Int, String) -> Bool, only: Int? = nil) -> LinearExpression {
        var e = LinearExpression()
        for t in only.map({ [$0] }) ?? reachable[s] {
            let main = mainSubject[t]
            if let p = constantPlace(t) {
                guard p == s else { continue }
                // The main subject unless one of the others is chosen.
                let countsMain = counts(t, main)
                if countsMain { e.constant += 1 }
                for (j, v) in otherSubjects[t] {
                    let d = (counts(t, j) ? 1.0 : 0) - (countsMain ? 1 : 0)
                    if d != 0 { e.add(v, d) }
                }
            } else if candidates.current[t] == s {
                if counts(t, main), let st = stay[t] { e.add(st) }
                for (j, v) in otherSubjects[t] where counts(t, j) { e.add(v) }
            } else {
                for (i, (d, v)) in moves[t].enumerated() where d == s && counts(t, moveSubjects[t][i]) { e.add(v) }
            }
        }
        return e
    }

    /// The range the count of teachers satisfying `filter` at school s can take under R6.
    func countRange(at s: Int, _ filter: (Int) -> Bool) -> ClosedRange<Int> {
        countRange(at: s, teaching: { t, _ in filter(t) })
    }

    /// The range the count of teachers counted by `counts` (teacher, subject taught) at school s can take under R6.
    func countRange(at s: Int, teaching counts: (Int, String) -> Bool) -> ClosedRange<Int> {
        var fixed = 0, stayers = 0, arrivals = 0, optional = 0
        for t in reachable[s] {
            let all: Bool, any: Bool
            if hasChoice[t] {
                let options = county.teachers[t].subjectOptions
                all = options.allSatisfy { counts(t, $0) }
                any = all || options.contains { counts(t, $0) }
            } else {
                all = counts(t, mainSubject[t]); any = all
            }
            guard any else { continue }
            if let p = constantPlace(t) {
                if p == s { if all { fixed += 1 } else { optional += 1 } }
            } else if candidates.current[t] == s {
                if all { stayers += 1 } else { optional += 1 }
            } else if moves[t].contains(where: { $0.school == s }) {
                arrivals += 1
            }
        }
        // Learners leave for the year outside R6's cap: any of them may be away.
        let learners = candidates.county.teachers.indices.count { t in
            candidates.current[t] == s && !candidates.learnerHosts[t].isEmpty
                && (hasChoice[t] ? county.teachers[t].subjectOptions.allSatisfy { counts(t, $0) } : counts(t, mainSubject[t]))
        }
        let cap = candidates.duties[s].turnoverCap
        return (fixed + max(0, stayers - cap - learners))...(fixed + optional + stayers + min(arrivals, cap))
    }

    /// The teachers of a level counting toward an indicator at school s after the plan (by the subject each is
    /// assigned, for the PE-and-arts indicator), and the range that count can take.
    func indicatorCount(at s: Int, _ level: TeachingLevel, _ indicator: Indicator) -> (count: LinearExpression, range: ClosedRange<Int>) {
        let county = self.county, policy = self.policy
        let counts: (Int, String) -> Bool = { t, j in
            county.teachers[t].level == level && indicator.counts(county.teachers[t], teaching: j, policy: policy)
        }
        return (presence(at: s, teaching: counts), countRange(at: s, teaching: counts))
    }

    /// Teachers who end at school s teaching `subject`, with walking teachers' shares (R15): what a need counts.
    func coverage(at s: Int, _ subject: String) -> LinearExpression {
        presence(at: s, teaching: { _, j in j == subject }) + (walkingShares["\(s)|\(subject)"] ?? LinearExpression())
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
