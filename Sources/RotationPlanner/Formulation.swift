import IntegerProgramming
import RotationModel

/// The integer program of one year's rotation, built by the rule catalogue from ``Candidates`` (see
/// docs/formulation.md, which uses the same names).
///
/// - `move[t][s]` binary: teacher t moves to school s (only moves every column rule allows exist).
/// - `stay[t]` binary: teacher t stays; `stay[t] + Σ_s move[t][s] = 1` (R1).
/// - the rows of the rules R1–R7, and the variables and rows of the objective's terms.
struct Formulation {
    typealias Mode = ProgramContext.Mode

    private(set) var context: ProgramContext
    /// The weighted objective terms as expressions.
    var terms: [ObjectiveTerm: LinearExpression] = [:]
    /// The weight on unmet need: the policy's, or in mode `shortageFirst` one more than the widest possible
    /// difference of the other terms together.
    var unmetWeight = 0.0
    /// The columns the solver starts from (column generation): see ``startingColumns``.
    var initialColumns: [Bool] = []

    var candidates: Candidates { context.candidates }
    var program: IntegerProgram { context.program }
    var moves: [[(school: Int, variable: Variable)]] { context.moves }
    var stay: [Variable?] { context.stay }
    var unmet: [Variable] { context.unmet }
    var slacks: [(variable: Variable, row: RuleRow)] { context.slacks }
    var brokenFixedRows: [RuleRow] { context.brokenFixedRows }
    var otherLow: Double { context.otherLow }
    var auditColumns: [Variable] { context.auditColumns }
    var otherHigh: Double { context.otherHigh }

    /// With `audit.goal`: the schools passing, as a sum of the pass columns.
    var passing: LinearExpression?

    /// Holds every school that passes in `values` passing (its pass column at 1).
    mutating func holdPassing(as values: [Double]) {
        for (v, _) in passing?.terms ?? [] where values[v.index] > 0.5 { context.program.setBounds(v, lowerBound: 1, upperBound: 1) }
    }

    /// Builds the program. `forced` pins teachers to schools; `unmetCap` holds unmet need at most there;
    /// `unmetFloor` holds it at least there, a bound no plan is below (a cut: the least unmet need's linear bound
    /// rounded up, which the relaxation of the full objective may otherwise undercut); `audit` asks for the
    /// audit's caps, pass columns and objective (see ``AuditStage``); `rules` replaces the catalogue's rules
    /// (tests check one rule at a time).
    init(_ c: Candidates, mode: Mode, forced: [(teacher: Int, school: Int)] = [], stability: Stability? = nil,
         unmetCap: Double? = nil, unmetFloor: Double? = nil, audit: AuditStage? = nil, rules: [any HardRule] = Catalogue.rules) {
        var ctx = ProgramContext(c, mode: mode, audit: audit)
        for rule in rules { rule.columns(in: &ctx) }
        for (t, s) in forced { ctx.force(teacher: t, school: s) }
        ctx.findReachable()
        for rule in rules { rule.bounds(in: &ctx) }
        ctx.addFlowRows()
        for rule in rules { rule.rows(in: &ctx) }
        if mode == .diagnose {
            ctx.program.setObjective(.minimize, ctx.slacks.map(\.variable).sum())
            context = ctx
            return
        }
        // Re-planning: the previous plan's destinations, kept as far as the rules allow.
        let keep = stability.map { $0.add(to: &ctx) } ?? []
        if mode == .fewestChanges {
            context = ctx
            initialColumns = startingColumns(keeping: keep)
            return
        }
        let unmetSum = ShortageTerm().build(in: &ctx)
        if let unmetCap, !ctx.unmet.isEmpty { ctx.program.addConstraint("shortage_first", unmetSum, lessOrEqual: unmetCap) }
        if let unmetFloor, !ctx.unmet.isEmpty { ctx.program.addConstraint("least_unmet_need", unmetSum, greaterOrEqual: unmetFloor) }
        if mode == .shortageOnly {
            ctx.program.setObjective(.minimize, unmetSum)
            context = ctx
            initialColumns = startingColumns(keeping: keep)
            return
        }
        var shortage = LinearExpression()
        for v in ctx.unmet { shortage.add(v, c.policy.weights.shortage) }
        terms[.shortage] = shortage
        for unit in Catalogue.terms where unit.term != .shortage && !(unit is any PerMoveTerm) {
            terms[unit.term] = unit.build(in: &ctx)
        }
        for (term, e) in Self.addPerMoveTerms(Catalogue.perMoveTerms, in: &ctx) { terms[term] = e }
        let passing = AuditGoal().addColumns(in: &ctx)
        // One unit of unmet need (a tenth of a teacher with walking shares) outweighs every other term together.
        unmetWeight = mode == .shortageFirst ? ((ctx.otherHigh - ctx.otherLow).rounded(.up) + 1) * (ctx.walks.isEmpty ? 1 : 10)
            : c.policy.weights.shortage
        context = ctx
        initialColumns = startingColumns(keeping: keep)
        var objective = LinearExpression()
        for term in ObjectiveTerm.allCases where term != .shortage { objective += terms[term] ?? 0 }
        for v in ctx.unmet { objective.add(v, unmetWeight) }
        if let passing {
            if let least = ctx.audit?.leastPassing { context.program.addConstraint("audit_passing", passing, greaterOrEqual: Double(least)) }
            if ctx.audit?.maximisePassing == true { objective = -1 * passing }
            self.passing = passing
        }
        context.program.setObjective(.minimize, objective)
    }

    /// The learners of a solution (R13): teacher → host school.
    func learners(_ x: Solution) -> [Int: Int] {
        var hosts: [Int: Int] = [:]
        for (t, row) in context.learn.enumerated() { for (s, v) in row where x[v] > 0.5 { hosts[t] = s } }
        return hosts
    }

    /// What the audit steps judge a plan by: where everyone ends, the subject each teaches, who is away learning.
    func witness(_ x: Solution) -> Witness {
        Witness(destination: destinations(x), assigned: assignments(x), absent: Set(learners(x).keys))
    }

    /// The subject every teacher teaches in a solution of this program (R14).
    func assignments(_ x: Solution) -> [String] {
        candidates.county.teachers.indices.map { t in
            var subject = candidates.county.teachers[t].subject
            for (j, v) in context.otherSubjects[t] where x[v] > 0.5 { subject = j }
            for (i, (_, v)) in moves[t].enumerated() where x[v] > 0.5 { subject = context.moveSubjects[t][i] }
            return subject
        }
    }

    /// The walks of a solution (R15), in teacher and column order.
    func walks(_ x: Solution) -> [Walk] {
        let share = candidates.policy.walking.shareTenths
        return context.walks.filter { x[$0.variable] > 0.5 }.map {
            Walk(teacher: $0.teacher, base: $0.base, served: $0.served, subject: $0.subject, shareTenths: share)
        }
    }

    /// The unit of unmet need: a tenth with walking teachers' shares (R15), else a whole teacher.
    var unmetQuantum: Double { context.walks.isEmpty ? 1 : 0.1 }
    /// What a progress line shows of a plan of this program: its unmet need and its exchange movers (returners
    /// and learners apart), as expressions.
    var progressMeasures: [LinearExpression] {
        var movers = LinearExpression()
        for t in moves.indices where !candidates.isReturner(t) {
            // A teacher locked to another school moves whatever the plan (as ``destinations(_:)`` says).
            if candidates.fixedMove(t) != nil { movers.constant += 1 } else { for (_, v) in moves[t] { movers.add(v) } }
        }
        return [unmet.sum(), movers]
    }
    /// Columns of the program that are not moves or walks (always in the solver's problem), to tell the candidate
    /// moves in from the columns in.
    var otherColumns: Int { program.variables.count - moves.reduce(0) { $0 + $1.count } - context.walks.count }
    /// A relaxation's least unmet need rounded up to the unit a plan's unmet need comes in (nil without a solution).
    func floor(of relaxation: SolveResult) -> Double? {
        relaxation.solution.map { (($0.objective - 1e-6) / unmetQuantum).rounded(.up) * unmetQuantum }
    }
    /// An amount of unmet need rounded to its unit.
    func rounded(_ unmet: Double) -> Double { unmetQuantum == 1 ? unmet.rounded() : (unmet * 10).rounded() / 10 }

    /// Where every teacher ends in a solution of this program.
    func destinations(_ x: Solution) -> [Int] {
        var destination = candidates.current
        for t in destination.indices {
            if let s = candidates.fixedMove(t) { destination[t] = s }
            for (s, v) in moves[t] where x[v] > 0.5 { destination[t] = s }
        }
        return destination
    }

    /// The terms that are sums over moves, and their joint range: a teacher makes at most one move, so it adds
    /// at least the least and at most the greatest of its moves' costs (or 0 by staying).
    private static func addPerMoveTerms(_ units: [any PerMoveTerm], in ctx: inout ProgramContext) -> [(ObjectiveTerm, LinearExpression)] {
        let built = units.map { ($0.term, $0.build(in: &ctx)) }
        for (_, e) in built { ctx.otherLow += e.constant; ctx.otherHigh += e.constant }
        for t in ctx.county.teachers.indices where !ctx.moves[t].isEmpty {
            let contributions = ctx.moves[t].map { s, _ in Self.moveCost(t, s, units, ctx.candidates) }
            ctx.otherLow += min(0, contributions.min()!)
            ctx.otherHigh += max(0, contributions.max()!)
        }
        return built
    }

    /// What moving teacher t to school s adds to the per-move terms, after their weights.
    static func moveCost(_ t: Int, _ s: Int, _ units: [any PerMoveTerm], _ c: Candidates) -> Double {
        units.reduce(0) { $0 + $1.cost(t, to: s, in: c) }
    }

    /// What moving teacher t to school s adds to the objective outside the shortage, balance and floor terms.
    func moveCost(_ t: Int, _ s: Int) -> Double { Self.moveCost(t, s, Catalogue.perMoveTerms, candidates) }

    /// The moves the solver starts from: per teacher, the cheapest few (the per-move terms); per school, the
    /// cheapest few arrivals; per unmet need, the cheapest few teachers of the subject (twice the shortage, at
    /// least three); every move of a partner. Small on purpose: the rest is priced in when it can help, so this
    /// choice changes speed only, never the plan's optimality.
    func startingColumns(perTeacher: Int = 2, perSchool: Int = 5, keeping keep: [Variable] = []) -> [Bool] {
        let county = candidates.county
        var start = Array(repeating: true, count: program.variables.count)
        for row in moves { for (_, v) in row { start[v.index] = false } }
        // Walks (R15) are priced in like moves; per teacher and subject the two nearest schools served start in,
        // and per short need the nearest few walks into it (below).
        var nearest: [String: [(km: Double, variable: Variable)]] = [:], into: [String: [(km: Double, variable: Variable)]] = [:]
        for w in context.walks {
            start[w.variable.index] = false
            let km = candidates.distanceKm(between: w.base, and: w.served)
            nearest["\(w.teacher)|\(w.subject)", default: []].append((km, w.variable))
            into["\(w.served)|\(w.subject)", default: []].append((km, w.variable))
        }
        let byDistance = { (a: (km: Double, variable: Variable), b: (km: Double, variable: Variable)) in (a.km, a.variable.index) < (b.km, b.variable.index) }
        for key in nearest.keys.sorted() {
            for w in nearest[key]!.sorted(by: byDistance).prefix(2) { start[w.variable.index] = true }
        }
        var partnered = Set<Int>()
        for (t, u) in candidates.couples { partnered.insert(t); partnered.insert(u) }
        struct Arrival { var cost: Double; var teacher: Int; var variable: Variable; var subject: String }
        var arrivals = county.schools.map { _ in [Arrival]() }
        for (t, row) in moves.enumerated() where !row.isEmpty {
            let costs = row.enumerated().map { i, m in
                (cost: moveCost(t, m.school), school: m.school, variable: m.variable, subject: context.moveSubjects[t][i])
            }
            for c in costs { arrivals[c.school].append(Arrival(cost: c.cost, teacher: t, variable: c.variable, subject: c.subject)) }
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
            for a in arrivals[s].lazy.filter({ $0.subject == need.subject }).prefix(max(3, 2 * short)) {
                start[a.variable.index] = true
            }
            for w in (into["\(s)|\(need.subject)"] ?? []).sorted(by: byDistance).prefix(max(3, 2 * short)) { start[w.variable.index] = true }
        }
        // Per direction of a pair that must exchange (R11), the cheapest few moves from one school to the other:
        // without them the first restricted program has no solution.
        for (a, b) in R11Pairs.directions(candidates) {
            let k = candidates.policy.pairExchange
            for x in arrivals[b].lazy.filter({ self.candidates.current[$0.teacher] == a }).prefix(max(3, 2 * k)) {
                start[x.variable.index] = true
            }
        }
        // When re-planning, the moves of the previous plan.
        for v in keep { start[v.index] = true }
        return start
    }
}
