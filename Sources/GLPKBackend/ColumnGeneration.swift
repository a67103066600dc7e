import CGLPK
import CGLPKGuard
import IntegerProgramming

/// Column generation (``SolveHints/initialColumns``) on one GLPK problem, within one call.
///
/// The columns left out are fixed at 0, which GLPK's simplex drops from its working matrix, so the LP costs
/// what the columns in cost. Then:
/// 1. **Pricing.** Solve the LP relaxation; compute every left-out column's reduced cost
///    `d_j = c_j − Σ_i a_ij π_i` from the row duals π; free those with `d_j < 0` and re-solve (warm start)
///    until none is left: the LP optimum `L` is then the whole program's.
/// 2. **Search.** Branch and cut on the columns in (GLPK's presolve off: the basis is already optimal). For
///    any solution x of the whole program, `c·x ≥ L + Σ_{j out} d_j x_j`, so a plan using a column j that
///    is out costs at least `L + d_j`. The columns with `L + d_j` below the incumbent (less the allowed gap)
///    are freed and the search is run again, offered the plan it found (a plan of the columns in is one of the
///    larger problem too: the new search need not find a first plan again); when none is left, the incumbent is
///    proven against the whole program, and `min(search bound, L + min_j d_j)` is a valid bound.
/// When the restricted program has no solution at all, the whole program is solved as it is.
extension GLPKSolver {
    /// At most this many columns enter per LP solve, the most negative reduced costs first: many at once make
    /// the next LP slow (measured on the 150-school county: 500 per round halves the time of 2,000).
    static let columnsPerRound = 500

    func solveWithColumnGeneration(_ program: IntegerProgram, options: GLPKRun, initial: [Bool],
                                   relaxationOnly: Bool = false) throws -> SolveResult {
        let errors = program.validate()
        guard errors.isEmpty else { throw SolverError.invalidModel(errors) }
        var whole = options
        whole.initialColumns = nil
        // The whole program is solved when the restricted one has no solution, often because the whole has none
        // either (an audit cap out of reach): the dual simplex tells that 3.4 times faster than the primal (medium
        // example, 4.7 → 1.4 s).
        whole.options.firstRelaxation = .dual
        /// The whole program at once, as without column generation.
        func solveWhole() throws -> SolveResult {
            try run(program, whole, relaxationOnly: relaxationOnly)
        }
        let clock = ContinuousClock.now
        // Columns a start uses must be in.
        var initial = initial
        if let start = options.start, start.count == initial.count {
            for j in start.indices where start[j] != 0 { initial[j] = true }
        }
        var columns = ColumnPool(program, initial: initial)
        // The LP holds the columns in only (every GLPK call walks the problem's columns); those priced in later are
        // appended, nonbasic at their bound, so the basis stays a basis. `order[k]` is the program's index of the
        // problem's column k + 1.
        var order = columns.inColumns(program.variables.count)
        let problem = NativeProblem(program, columns: order)
        func bringIn(_ entering: [Int]) {
            for j in entering.sorted() { columns.append(j, to: problem, program) }
            columns.bringIn(entering)
            order += entering.sorted()
        }
        func remaining() -> Double? { options.timeLimitSeconds.map { max(0.001, $0 - clock.elapsedSeconds) } }
        var trail = ""
        var lpRounds = 0
        var stages = StageSeconds()
        /// The result to return, with the seconds of each stage.
        func finish(_ r: SolveResult) -> SolveResult {
            var r = r
            if r.stages != StageSeconds() { return r }   // the whole program's, solved as it is
            r.stages = stages
            r.stages.search = max(0, r.solveSeconds - stages.relaxation - stages.pricing)
            return r
        }

        /// Solves the LP with the columns in and prices the rest until none has a negative reduced cost.
        /// Returns nil when the LP is optimal; otherwise the result to return.
        func priceOut() throws -> SolveResult? {
            while true {
                // The first solve starts from nothing: presolve pays. Later ones start from the last basis, which
                // stays primal feasible as columns come in: the primal simplex goes on from there.
                var o = options
                o.timeLimitSeconds = remaining()
                let stage: SolveStage = lpRounds == 0 ? .relaxation : .pricing
                if options.progress?(.at(stage, elapsedSeconds: clock.elapsedSeconds, columnsIn: order.count)) == false {
                    return result(.limitReached(.interrupted), clock, log: trail, keep: options.keepLog)
                }
                let roundClock = ContinuousClock.now
                defer {
                    if stage == .relaxation { stages.relaxation += roundClock.elapsedSeconds } else {
                        stages.pricing += roundClock.elapsedSeconds; stages.pricingRounds += 1
                    }
                }
                let smcp = Self.simplexParameters(o, first: lpRounds == 0, presolve: lpRounds == 0 && options.presolve)
                let (outcome, log) = simplex(problem, smcp)
                if options.keepLog { trail += log }
                if outcome.caught_error != 0 {
                    // GLPK 5.0's LP presolver fails ("glp_add_cols: ncs = 0") when it removes every column:
                    // the problem is gone with GLPK's environment; solve the whole program from scratch.
                    if smcp.presolve == GLP_ON && log.contains("ncs = 0") { return try solveWhole() }
                    return failure(log, seconds: clock.elapsedSeconds)
                }
                lpRounds += 1
                if options.keepLog {
                    trail += "column generation: LP \(lpRounds) solved at \(String(format: "%.2f", clock.elapsedSeconds)) s, "
                        + "\(program.variables.count - columns.out.count) columns in\n"
                }
                if outcome.code == GLP_ETMLIM {
                    return SolveResult(termination: .limitReached(.time), solution: nil, bestBound: nil, relativeGap: nil,
                                       solveSeconds: clock.elapsedSeconds,
                                       detail: Self.explain(.limitReached(.time), hasSolution: false, gap: nil), log: trail)
                }
                guard outcome.code == 0, glp_get_status(problem.pointer) == GLP_OPT else {
                    // Infeasible or unbounded with the columns in: the whole program decides.
                    return try solveWhole()
                }
                columns.price(problem)
                var entering = columns.out.filter { columns.reducedCost[$0] < -1e-7 }
                if entering.isEmpty { return nil }
                // The most promising first: many columns at once make the next LP slow.
                if entering.count > Self.columnsPerRound {
                    entering = Array(entering.sorted { (columns.reducedCost[$0], $0) < (columns.reducedCost[$1], $1) }
                        .prefix(Self.columnsPerRound))
                }
                bringIn(entering)
            }
        }

        if let early = try priceOut() { return finish(early) }
        let lpBound = glp_get_obj_val(problem.pointer)
        if relaxationOnly {
            var values = [Double](repeating: 0, count: program.variables.count)
            for (k, j) in order.enumerated() { values[j] = glp_get_col_prim(problem.pointer, Int32(k + 1)) }
            return finish(SolveResult(termination: .optimal, solution: Solution(values: values, objective: lpBound),
                                      bestBound: lpBound, relativeGap: 0, solveSeconds: clock.elapsedSeconds,
                                      detail: Self.explain(.optimal, hasSolution: true, gap: 0), log: trail))
        }
        var searches = 0
        var carried: [Double]? = nil
        while true {
            searches += 1
            let leftOutBound = lpBound + (columns.out.map { columns.reducedCost[$0] }.min() ?? .infinity)
            var o = options
            o.presolve = false
            o.timeLimitSeconds = remaining()
            if let carried { o.hints.start = carried }
            var parm = Self.intoptParameters(o, columns: program.variables.count)
            // The search runs on a problem of the columns in, in the program's order, started from the LP's
            // optimal basis: the LP problem, which gained columns in the order they were priced in, is kept as it
            // is for more pricing.
            let kept = order.sorted()
            let searched = NativeProblem(program, columns: kept)
            NativeBasis(problem, order: order).restore(searched, order: kept)
            let (warm, warmLog) = simplex(searched, Self.simplexParameters(o, first: false, presolve: false))
            if options.keepLog { trail += warmLog }
            guard warm.caught_error == 0, warm.code == 0, glp_get_status(searched.pointer) == GLP_OPT else {
                return try solveWhole()
            }
            var (r, wholeProgram) = runIntopt(searched, program, parm: &parm, options: o, clock: clock, progressBoundCap: leftOutBound,
                                              columns: kept, wholeOnEscalation: true)
            r.log = options.keepLog ? trail + r.log : ""
            if options.keepLog {
                r.log += "column generation: search \(searches) ended at \(String(format: "%.2f", clock.elapsedSeconds)) s; \(program.variables.count - columns.out.count) of \(program.variables.count) "
                    + "columns in after \(lpRounds) LP solves and \(searches) searches; LP bound \(lpBound)\n"
            }
            guard let s = r.solution else {
                if r.termination == .infeasible { return try solveWhole() }
                return finish(r)
            }
            if case .limitReached(let why) = r.termination, why != .gap { return finish(r) }
            // An escalated search ran on the whole program: what it proved holds for every column.
            if wholeProgram { return finish(r) }
            // Columns that could lead below the incumbent (less the allowed gap; none at all when the search
            // proved its incumbent optimal over the columns in, to prove it over all).
            let tolerance = 1e-9 * max(1, abs(s.objective))
            let allowed = r.termination == .optimal ? 0 : options.relativeGap * abs(s.objective)
            let entering = columns.out.filter { lpBound + columns.reducedCost[$0] < s.objective - allowed + tolerance }
            if entering.isEmpty {
                // Proven over the whole program: the columns out cannot go below leftOutBound ≥ incumbent − allowed.
                if r.termination != .optimal, let b = r.bestBound, leftOutBound < b {
                    r.bestBound = leftOutBound
                    r.relativeGap = Self.relativeGap(s.objective, leftOutBound)
                }
                return finish(r)
            }
            // Price in the new columns (the LP problem still has the LP's optimal basis: the search ran on its own).
            carried = s.values
            bringIn(entering)
            if let early = try priceOut() { return finish(early) }
        }
    }
}

/// The columns of a program by column, and which of them are left out of the GLPK problem.
struct ColumnPool {
    /// Column-major matrix: rows and coefficients of column j at `start[j]..<start[j + 1]`.
    private var start: [Int] = [], rows: [Int32] = [], values: [Double] = []
    private var cost: [Double]
    /// Columns now fixed at 0, ascending.
    private(set) var out: [Int]
    /// The reduced cost of every column left out, from the last LP solve (others are not kept up to date).
    private(set) var reducedCost: [Double]

    init(_ program: IntegerProgram, initial: [Bool]) {
        let n = program.variables.count
        cost = Array(repeating: 0, count: n)
        for term in program.objective.normalized().terms { cost[term.variable.index] = term.coefficient }
        var count = Array(repeating: 0, count: n + 1)
        let normalized = program.constraints.map { $0.expression.normalized() }
        for e in normalized { for term in e.terms { count[term.variable.index + 1] += 1 } }
        for j in 0..<n { count[j + 1] += count[j] }
        start = count
        rows = Array(repeating: 0, count: count[n])
        values = Array(repeating: 0, count: count[n])
        var next = count
        for (i, e) in normalized.enumerated() {
            for term in e.terms {
                let j = term.variable.index
                rows[next[j]] = Int32(i + 1); values[next[j]] = term.coefficient
                next[j] += 1
            }
        }
        // Only columns that may sit at 0 can be left out.
        out = (0..<n).filter { j in
            !initial[j] && program.variables[j].lowerBound == 0 && (program.variables[j].upperBound ?? 1) >= 0
        }
        reducedCost = Array(repeating: 0, count: n)
    }

    /// The columns in, ascending.
    func inColumns(_ n: Int) -> [Int] {
        var isOut = [Bool](repeating: false, count: n)
        for j in out { isOut[j] = true }
        return (0..<n).filter { !isOut[$0] }
    }

    /// Reduced costs of the columns left out, from the row duals of the problem's LP solution.
    mutating func price(_ problem: NativeProblem) {
        let m = Int(glp_get_num_rows(problem.pointer))
        var dual = [Double](repeating: 0, count: m + 1)
        for i in 1...max(1, m) where i <= m { dual[i] = glp_get_row_dual(problem.pointer, Int32(i)) }
        for j in out {
            var d = cost[j]
            for k in start[j]..<start[j + 1] { d -= values[k] * dual[Int(rows[k])] }
            reducedCost[j] = d
        }
    }

    /// Appends column j to the problem: name, kind, bounds, cost and its entries.
    func append(_ j: Int, to problem: NativeProblem, _ program: IntegerProgram) {
        let p = problem.pointer
        let k = glp_add_cols(p, 1)
        NativeProblem.describeColumn(p, k, program.variables[j])
        glp_set_obj_coef(p, k, cost[j])
        let entries = start[j]..<start[j + 1]
        if !entries.isEmpty { glp_set_mat_col(p, k, Int32(entries.count), [0] + rows[entries], [0] + values[entries]) }
    }

    /// The columns are in from now on.
    mutating func bringIn(_ entering: [Int]) {
        let set = Set(entering)
        out.removeAll { set.contains($0) }
    }
}

/// The statuses of every row and column of a problem's basis, by the program's column index.
struct NativeBasis {
    private let rows: [Int32]
    private let columns: [Int: Int32]
    /// `order[k]`: the program's index of the problem's column k + 1.
    init(_ problem: NativeProblem, order: [Int]) {
        let p = problem.pointer
        rows = (0..<glp_get_num_rows(p)).map { glp_get_row_stat(p, $0 + 1) }
        var columns: [Int: Int32] = [:]
        for (k, j) in order.enumerated() { columns[j] = glp_get_col_stat(p, Int32(k + 1)) }
        self.columns = columns
    }
    /// Sets the statuses on a problem of the same rows whose columns are `order`.
    func restore(_ problem: NativeProblem, order: [Int]) {
        guard let p = problem.pointer else { return }
        for (i, s) in rows.enumerated() { glp_set_row_stat(p, Int32(i + 1), s) }
        for (k, j) in order.enumerated() { if let s = columns[j] { glp_set_col_stat(p, Int32(k + 1), s) } }
    }
}
