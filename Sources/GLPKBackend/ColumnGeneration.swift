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
///    are freed and the search is run again; when none is left, the incumbent is proven against the whole
///    program, and `min(search bound, L + min_j d_j)` is a valid bound.
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
        /// The whole program at once, as without column generation.
        func solveWhole() throws -> SolveResult {
            try run(program, whole, relaxationOnly: relaxationOnly)
        }
        let clock = ContinuousClock.now
        let problem = NativeProblem(program)
        // Columns a start uses must be in.
        var initial = initial
        if let start = options.start, start.count == initial.count {
            for j in start.indices where start[j] != 0 { initial[j] = true }
        }
        var columns = ColumnPool(program, initial: initial)
        for j in columns.out { glp_set_col_bnds(problem.pointer, Int32(j + 1), GLP_FX, 0, 0) }
        func remaining() -> Double? { options.timeLimitSeconds.map { max(0.001, $0 - clock.elapsedSeconds) } }
        var trail = ""
        var lpRounds = 0

        /// Solves the LP with the columns in and prices the rest until none has a negative reduced cost.
        /// Returns nil when the LP is optimal; otherwise the result to return.
        func priceOut() throws -> SolveResult? {
            while true {
                // The first solve starts from nothing: presolve pays. Later ones start from the last basis, which
                // stays primal feasible as columns come in: the primal simplex goes on from there.
                var o = options
                o.timeLimitSeconds = remaining()
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
                columns.bringIn(entering, problem, program)
            }
        }

        if let early = try priceOut() { return early }
        let lpBound = glp_get_obj_val(problem.pointer)
        if relaxationOnly {
            let values = (0..<program.variables.count).map { glp_get_col_prim(problem.pointer, Int32($0 + 1)) }
            return SolveResult(termination: .optimal, solution: Solution(values: values, objective: lpBound),
                               bestBound: lpBound, relativeGap: 0, solveSeconds: clock.elapsedSeconds,
                               detail: Self.explain(.optimal, hasSolution: true, gap: 0), log: trail)
        }
        var searches = 0
        while true {
            searches += 1
            let leftOutBound = lpBound + (columns.out.map { columns.reducedCost[$0] }.min() ?? .infinity)
            var o = options
            o.presolve = false
            o.timeLimitSeconds = remaining()
            var parm = Self.intoptParameters(o, columns: program.variables.count)
            let basis = NativeBasis(problem)
            var r = runIntopt(problem, program, parm: &parm, options: o, clock: clock, progressBoundCap: leftOutBound)
            r.log = options.keepLog ? trail + r.log : ""
            if options.keepLog {
                r.log += "column generation: search \(searches) ended at \(String(format: "%.2f", clock.elapsedSeconds)) s; \(program.variables.count - columns.out.count) of \(program.variables.count) "
                    + "columns in after \(lpRounds) LP solves and \(searches) searches; LP bound \(lpBound)\n"
            }
            guard let s = r.solution else {
                if r.termination == .infeasible { return try solveWhole() }
                return r
            }
            if case .limitReached(let why) = r.termination, why != .gap { return r }
            // Columns that could lead below the incumbent (less the allowed gap; none at all when the search
            // proved its incumbent optimal over the columns in, to prove it over all).
            let tolerance = 1e-9 * max(1, abs(s.objective))
            let allowed = r.termination == .optimal ? 0 : options.relativeGap * abs(s.objective)
            let entering = columns.out.filter { lpBound + columns.reducedCost[$0] < s.objective - allowed + tolerance }
            if entering.isEmpty {
                // Proven over the whole program: the columns out cannot go below leftOutBound ≥ incumbent − allowed.
                if r.termination != .optimal, let b = r.bestBound, leftOutBound < b {
                    r.bestBound = leftOutBound
                    r.relativeGap = abs(s.objective - leftOutBound) / max(abs(s.objective), Double.ulpOfOne)
                }
                return r
            }
            // Back to the LP's optimal basis (the search leaves a node's), then price in the new columns.
            basis.restore(problem)
            columns.bringIn(entering, problem, program)
            if let early = try priceOut() { return early }
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

    /// Restores the columns' own bounds in the problem.
    mutating func bringIn(_ entering: [Int], _ problem: NativeProblem, _ program: IntegerProgram) {
        let set = Set(entering)
        for j in entering {
            let v = program.variables[j]
            NativeProblem.setBounds(v.lowerBound, v.upperBound) { glp_set_col_bnds(problem.pointer, Int32(j + 1), $0, $1, $2) }
        }
        out.removeAll { set.contains($0) }
    }
}

/// The statuses of every row and column of a problem's basis, to come back to.
struct NativeBasis {
    private let rows: [Int32], columns: [Int32]
    init(_ problem: NativeProblem) {
        let p = problem.pointer
        rows = (0..<glp_get_num_rows(p)).map { glp_get_row_stat(p, $0 + 1) }
        columns = (0..<glp_get_num_cols(p)).map { glp_get_col_stat(p, $0 + 1) }
    }
    func restore(_ problem: NativeProblem) {
        guard let p = problem.pointer else { return }
        for (i, s) in rows.enumerated() { glp_set_row_stat(p, Int32(i + 1), s) }
        for (j, s) in columns.enumerated() { glp_set_col_stat(p, Int32(j + 1), s) }
    }
}
