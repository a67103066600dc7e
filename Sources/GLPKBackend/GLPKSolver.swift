import CGLPK
import CGLPKGuard
import Foundation
import IntegerProgramming

/// GLPK 5.0 (Debian's `libglpk-dev`) behind ``IntegerProgramSolver``.
///
/// Every call creates its GLPK problem, uses it and frees it on the calling thread (Debian builds GLPK with
/// thread-local environments), so solves may run in parallel on different threads. GLPK's own errors are
/// caught by the `CGLPKGuard` shim and come back as ``Termination/error`` with GLPK's text, never as a
/// crash. Programs are validated in Swift first (``IntegerProgram/validate()``): GLPK aborts on those.
public struct GLPKSolver: IntegerProgramSolver {
    /// GLPK's own knobs (the common ones come with each solve).
    public var parameters: GLPKParameters

    public init(parameters: GLPKParameters = GLPKParameters()) { self.parameters = parameters }

    public func solve(_ program: IntegerProgram, options: SolveOptions, hints: SolveHints) throws -> SolveResult {
        try run(program, GLPKRun(options: options, hints: hints, glpk: parameters), relaxationOnly: false)
    }

    public func solveRelaxation(_ program: IntegerProgram, options: SolveOptions, hints: SolveHints) throws -> SolveResult {
        try run(program, GLPKRun(options: options, hints: hints, glpk: parameters), relaxationOnly: true)
    }

    func run(_ program: IntegerProgram, _ run: GLPKRun, relaxationOnly: Bool) throws -> SolveResult {
        try dispatch(program, run, relaxationOnly: relaxationOnly, once: relaxationOnly ? solveRelaxationOnce : solveOnce)
    }

    /// What both entry points share: a program without variables, column generation, and GLPK 5.0's
    /// presolvers failing ("glp_add_cols: ncs = 0") when they remove every column — the program is then
    /// solved directly, without presolve.
    private func dispatch(_ program: IntegerProgram, _ options: GLPKRun, relaxationOnly: Bool,
                          once: (IntegerProgram, GLPKRun) throws -> SolveResult) throws -> SolveResult {
        if program.variables.isEmpty { return try Self.solveConstant(program) }
        if let initial = options.initialColumns, initial.count == program.variables.count {
            return try solveWithColumnGeneration(program, options: options, initial: initial, relaxationOnly: relaxationOnly)
        }
        let first = try once(program, options)
        if first.termination == .error && options.presolve && first.log.contains("ncs = 0") {
            var direct = options
            direct.presolve = false
            return try once(program, direct)
        }
        return first
    }

    private func solveOnce(_ program: IntegerProgram, options: GLPKRun) throws -> SolveResult {
        let errors = program.validate()
        guard errors.isEmpty else { throw SolverError.invalidModel(errors) }
        let clock = ContinuousClock.now
        let problem = NativeProblem(program)

        var options = options
        // A start is offered only without presolve (see runIntopt).
        if options.start != nil { options.presolve = false }
        var parm = Self.intoptParameters(options, columns: program.variables.count)
        var relaxationSeconds = 0.0
        if !options.presolve {
            // Without presolve glp_intopt needs an optimal LP relaxation first.
            if options.progress?(.at(.relaxation, elapsedSeconds: clock.elapsedSeconds)) == false {
                return result(.limitReached(.interrupted), clock, log: "", keep: false)
            }
            let (outcome, log) = simplex(problem, Self.simplexParameters(options, first: true, presolve: false))
            relaxationSeconds = clock.elapsedSeconds
            if outcome.caught_error != 0 { return failure(log, seconds: clock.elapsedSeconds) }
            if outcome.code == GLP_ETMLIM { return result(.limitReached(.time), clock, log: log, keep: options.keepLog) }
            if outcome.code == 0 {
                let primal = glp_get_prim_stat(problem.pointer), dual = glp_get_dual_stat(problem.pointer)
                if primal == GLP_NOFEAS { return result(.infeasible, clock, log: log, keep: options.keepLog) }
                if dual == GLP_NOFEAS { return result(.unbounded, clock, log: log, keep: options.keepLog) }
            }
        }

        var r = runIntopt(problem, program, parm: &parm, options: options, clock: clock).result
        r.stages.relaxation = relaxationSeconds
        r.stages.search = r.solveSeconds - relaxationSeconds
        return r
    }

    /// GLPK's branch-and-cut parameters for the options.
    static func intoptParameters(_ options: GLPKRun, columns: Int) -> glp_iocp {
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = options.keepLog ? GLP_MSG_ON : GLP_MSG_ERR
        parm.presolve = options.presolve ? GLP_ON : GLP_OFF
        setCuts(options.glpk.cuts(columns: columns), in: &parm)
        parm.fp_heur = options.glpk.heuristics.feasibilityPump ? GLP_ON : GLP_OFF
        parm.ps_heur = options.glpk.heuristics.proximitySearch ? GLP_ON : GLP_OFF
        parm.sr_heur = options.glpk.heuristics.rounding ? GLP_ON : GLP_OFF
        parm.mip_gap = options.proofEffort > 0 ? 0 : max(0, options.relativeGap)
        switch options.glpk.branching.resolved(columns: columns) {
        case .mostFractional: parm.br_tech = GLP_BR_MFV
        case .driebeckTomlin: parm.br_tech = GLP_BR_DTH
        case .pseudocost: parm.br_tech = GLP_BR_PCH
        case .bySize: preconditionFailure("resolved(columns:) never returns bySize")
        }
        if let limit = options.timeLimitSeconds {
            parm.tm_lim = Self.milliseconds(limit)
        }
        return parm
    }

    /// Turns GLPK's cut families on or off as `cuts` says.
    static func setCuts(_ cuts: GLPKParameters.CutFamilies, in parm: inout glp_iocp) {
        parm.gmi_cuts = cuts.gomory ? GLP_ON : GLP_OFF
        parm.mir_cuts = cuts.mixedIntegerRounding ? GLP_ON : GLP_OFF
        parm.cov_cuts = cuts.cover ? GLP_ON : GLP_OFF
        parm.clq_cuts = cuts.clique ? GLP_ON : GLP_OFF
    }

    /// `|objective − bound| / |objective|`, the gap as GLPK measures it.
    static func relativeGap(_ objective: Double, _ bound: Double) -> Double {
        abs(objective - bound) / max(abs(objective), Double.ulpOfOne)
    }

    /// Runs glp_intopt on a problem whose LP relaxation is solved (or with presolve on) and reads the result.
    /// `progressBoundCap` is a bound that holds outside this problem (column generation: the columns left out
    /// cannot give a plan below it); bounds reported while searching are never above it.
    /// `columns`: when the problem holds only some of the program's columns, the program's index of each of its
    /// columns, in order (the others are 0 in the solution).
    ///
    /// A search that has a plan but has not ended after the escalation's iterations (``GLPKParameters/escalation``)
    /// starts again from its root with the escalation's cut families added and GLPK's presolver; the result has
    /// the better plan and the better bound of the two (``better(_:_:_:options:)``).
    /// `wholeOnEscalation`: the second search runs on every column of the program (column generation: Gomory's
    /// cuts close at the root on the whole program what they do not on the columns in, measured on a generated
    /// county of 1,175 teachers), and its result, `wholeProgram`, is then proven against the whole program.
    func runIntopt(_ problem: NativeProblem, _ program: IntegerProgram, parm: inout glp_iocp, options: GLPKRun,
                   clock: ContinuousClock.Instant, progressBoundCap boundCap: Double = .infinity, columns: [Int]? = nil,
                   wholeOnEscalation: Bool = false) -> (result: SolveResult, wholeProgram: Bool) {
        // A start is offered only without the MIP presolver, which renumbers the columns.
        var start: [Double]? = nil
        if let given = options.start, given.count == program.variables.count, parm.presolve == GLP_OFF,
           Self.satisfies(given, program) {
            start = Self.offered(given, program, columns: columns)
        }
        let escalation = options.glpk.escalation(columns: program.variables.count)
        let phase = ContinuousClock.now
        let (first, escalate) = intopt(problem, program, parm: &parm, options: options, start: start,
                                       searchIterations: escalation?.afterIterations ?? 0, clock: clock,
                                       boundCap: boundCap, columns: columns)
        guard escalate, let escalation, first.solution != nil else { return (first, false) }
        // Again from the root, with the escalation's cuts and GLPK's MIP presolver (with it, and not from the
        // first search's basis, Gomory's cuts prove at the root what the first search could not: measured with
        // glpsol), on a problem of its own. The presolver renumbers the columns, so the plan found is not offered:
        // the better of the two searches' plans is kept, and the better of their bounds.
        let fresh = NativeProblem(program, columns: wholeOnEscalation ? nil : columns)
        var again = parm
        again.presolve = GLP_ON
        Self.setCuts(escalation.cuts, in: &again)
        if parm.tm_lim < Int32.max { again.tm_lim = max(1, parm.tm_lim - Int32(clamping: Int(phase.elapsedSeconds * 1000))) }
        var o = options
        o.options.firstSolutionIterations = nil
        let (second, _) = intopt(fresh, program, parm: &again, options: o, start: nil, searchIterations: 0, clock: clock,
                                 boundCap: wholeOnEscalation ? .infinity : boundCap, columns: wholeOnEscalation ? nil : columns)
        var r = Self.better(first, second, program.objectiveSense, options: options, firstBoundCap: wholeOnEscalation ? boundCap : .infinity)
        if options.keepLog {
            r.log = first.log + "no end after \(escalation.afterIterations) iterations of search (objective "
                + "\(first.solution!.objective)): again with the presolver and cuts \(escalation.cuts)\n" + second.log
        }
        return (r, wholeOnEscalation)
    }

    /// What two searches of one program found together: the better plan and the tighter bound, the second's
    /// termination (optimal only when it proved the better plan optimal). `firstBoundCap`: when the first searched
    /// only some of the columns the second did (column generation), its plan is one of the second's program, but
    /// its bound holds for them only up to the bound of the columns left out (a minimisation's).
    static func better(_ first: SolveResult, _ second: SolveResult, _ sense: ObjectiveSense, options: GLPKRun,
                       firstBoundCap: Double = .infinity) -> SolveResult {
        var first = first
        if firstBoundCap < .infinity, let b = first.bestBound {
            first.bestBound = sense == .minimize ? min(b, firstBoundCap) : nil
            if let s = first.solution, let b = first.bestBound {
                first.relativeGap = relativeGap(s.objective, b)
            } else { first.relativeGap = nil }
        }
        guard second.termination != .error, second.termination != .infeasible, second.termination != .unbounded else { return first }
        let sign = sense == .minimize ? 1.0 : -1.0
        var r = second
        if let a = first.solution, second.solution.map({ sign * a.objective < sign * $0.objective - 1e-9 * max(1, abs(a.objective)) }) ?? true {
            r.solution = a
            if r.termination == .optimal { r.termination = .limitReached(.time) }
        }
        let bounds = [first.bestBound, second.bestBound].compactMap { $0 }
        r.bestBound = sense == .minimize ? bounds.max() : bounds.min()
        if r.termination == .optimal, let s = r.solution { r.bestBound = s.objective }
        if let s = r.solution, let b = r.bestBound {
            r.relativeGap = r.termination == .optimal ? 0 : relativeGap(s.objective, b)
            if r.termination != .optimal, r.relativeGap! <= 1e-9 { r.termination = .optimal; r.relativeGap = 0 }
        }
        if options.proofEffort > 0, r.termination == .limitReached(.time), let g = r.relativeGap, g <= options.relativeGap {
            r.termination = .limitReached(.gap)
        }
        r.detail = explain(r.termination, hasSolution: r.solution != nil, gap: r.relativeGap)
        return r
    }

    /// Whether a solution keeps every row and bound of the program (within 1e-6, relative): GLPK takes an
    /// offered solution on trust, checking only integrality, and a start that breaks a row would become an
    /// incumbent no plan is, and prune the search below it.
    static func satisfies(_ values: [Double], _ program: IntegerProgram) -> Bool {
        func within(_ x: Double, _ low: Double?, _ high: Double?) -> Bool {
            let t = 1e-6 * max(1, abs(x))
            return (low.map { x >= $0 - t } ?? true) && (high.map { x <= $0 + t } ?? true)
        }
        for (j, v) in program.variables.enumerated() where !within(values[j], v.lowerBound, v.upperBound) { return false }
        return program.constraints.allSatisfy { within($0.expression.value(at: values), $0.lowerBound, $0.upperBound) }
    }

    /// A solution offered to glp_intopt: GLPK's 1-based column order (the problem's `columns` of the program,
    /// or all), integer columns rounded.
    static func offered(_ values: [Double], _ program: IntegerProgram, columns: [Int]?) -> [Double] {
        let full = zip(values, program.variables).map { $1.kind == .continuous ? $0 : $0.rounded() }
        return [0] + (columns.map { $0.map { full[$0] } } ?? full)
    }

    /// One glp_intopt; `escalate`: it stopped at `searchIterations` (0: no such limit) with a plan.
    private func intopt(_ problem: NativeProblem, _ program: IntegerProgram, parm: inout glp_iocp, options: GLPKRun, start: [Double]?,
                        searchIterations: Int, clock: ContinuousClock.Instant, boundCap: Double, columns: [Int]?) -> (SolveResult, escalate: Bool) {
        let log = LogBuffer()
        var outcome = rp_outcome()
        var capped: (@Sendable (SolveProgress) -> Bool)? = nil
        if let callback = options.progress {
            capped = { (p: SolveProgress) -> Bool in
                var p = p
                if let b = p.bound, b > boundCap {
                    p.bound = boundCap
                    if let inc = p.incumbent { p.relativeGap = Self.relativeGap(inc, boundCap) }
                }
                return callback(p)
            }
        }
        let box = ProgressBox(capped, problem: parm.presolve == GLP_OFF ? problem.pointer : nil,
                              measures: options.options.progressMeasures, columns: columns, programColumns: program.variables.count)
        let context = Unmanaged.passRetained(box)
        defer { context.release() }
        let report: rp_progress_fn? = options.progress == nil ? nil : { context, progress in
            guard let context, let progress else { return 0 }
            let box = Unmanaged<ProgressBox>.fromOpaque(context).takeUnretainedValue()
            let p = progress.pointee
            let snapshot = SolveProgress(
                incumbent: p.has_incumbent != 0 ? p.incumbent : nil,
                // Before its first relaxation GLPK's bound is ±DBL_MAX: no bound at all.
                bound: p.has_bound != 0 && abs(p.bound) < 1e300 ? p.bound : nil,
                relativeGap: p.has_incumbent != 0 && p.has_bound != 0 && abs(p.bound) < 1e300 ? p.gap : nil,
                openNodes: Int(p.active_nodes), elapsedSeconds: p.elapsed_s, iterations: Int(p.iterations))
            var reported = snapshot
            if p.has_incumbent != 0 { reported.measures = box.measures(at: p.incumbent) }
            return box.callback?(reported) == false ? 1 : 0
        }
        var effort = rp_effort(no_solution_iterations: Int32(clamping: options.firstSolutionIterations ?? -1),
                               wanted_gap: max(0, options.relativeGap), proof_share: max(0, options.proofEffort),
                               proof_min_iterations: Int32(clamping: options.proofMinimumIterations),
                               search_iterations: Int32(clamping: searchIterations),
                               // Escalate in the first half of the time given only: a second search needs time too.
                               search_before_s: parm.tm_lim < Int32.max ? Double(parm.tm_lim) / 2000 : 0)
        if let start {
            start.withUnsafeBufferPointer { x in
                rp_intopt(problem.pointer, &parm, report, context.toOpaque(), 1.0, x.baseAddress, &effort, &outcome, &log.raw)
            }
        } else {
            rp_intopt(problem.pointer, &parm, report, context.toOpaque(), 1.0, nil, &effort, &outcome, &log.raw)
        }
        if outcome.caught_error != 0 {
            problem.invalidate()
            return (failure(log.text, seconds: clock.elapsedSeconds), false)
        }

        let status = glp_mip_status(problem.pointer)
        let hasSolution = status == GLP_OPT || status == GLP_FEAS
        var termination: Termination
        switch outcome.code {
        case 0:
            termination = status == GLP_OPT ? .optimal : (status == GLP_NOFEAS ? .infeasible : .error)
        case GLP_EMIPGAP: termination = .limitReached(.gap)
        case GLP_ETMLIM: termination = .limitReached(.time)
        case GLP_ESTOP:
            switch outcome.effort_stop {
            case 1: termination = .limitReached(.effort)
            case 2: termination = .limitReached(.gap)
            case 3: termination = .limitReached(.effort)
            default: termination = .limitReached(.interrupted)
            }
        case GLP_ENOPFS: termination = .infeasible
        case GLP_ENODFS: termination = relaxationWithoutDualSolution(problem)
        default:
            return (failure("glp_intopt returned \(Self.describe(code: outcome.code)).\n" + log.text,
                            seconds: clock.elapsedSeconds), false)
        }
        var solution: Solution?
        if hasSolution && termination != .infeasible && termination != .unbounded {
            var values: [Double]
            if let columns {
                values = Array(repeating: 0, count: program.variables.count)
                for (k, j) in columns.enumerated() { values[j] = glp_mip_col_val(problem.pointer, Int32(k + 1)) }
            } else {
                values = (0..<program.variables.count).map { glp_mip_col_val(problem.pointer, Int32($0 + 1)) }
            }
            solution = Solution(values: values, objective: glp_mip_obj_val(problem.pointer))
        }
        var bound: Double? = nil
        if termination == .optimal, let s = solution {
            bound = s.objective
        } else if outcome.last.has_bound != 0 {
            bound = outcome.last.bound
        }
        var gap: Double? = nil
        if let s = solution, let b = bound {
            gap = termination == .optimal ? 0 : Self.relativeGap(s.objective, b)
        }
        // Past the wanted gap, on the way to a proof, the clock ran out: the plan is as good as asked.
        if options.proofEffort > 0, termination == .limitReached(.time), let g = gap, g <= options.relativeGap {
            termination = .limitReached(.gap)
        }
        return (SolveResult(termination: termination, solution: solution, bestBound: bound, relativeGap: gap,
                            solveSeconds: clock.elapsedSeconds,
                            detail: Self.explain(termination, hasSolution: solution != nil, gap: gap),
                            log: options.keepLog ? log.text : ""),
                outcome.code == GLP_ESTOP && outcome.effort_stop == 3 && solution != nil)
    }

    private func solveRelaxationOnce(_ program: IntegerProgram, options: GLPKRun) throws -> SolveResult {
        let errors = program.validate()
        guard errors.isEmpty else { throw SolverError.invalidModel(errors) }
        let clock = ContinuousClock.now
        let problem = NativeProblem(program)
        if options.progress?(.at(.relaxation, elapsedSeconds: 0)) == false {
            return result(.limitReached(.interrupted), clock, log: "", keep: false)
        }
        let (outcome, log) = simplex(problem, Self.simplexParameters(options, first: true, presolve: options.presolve))
        if outcome.caught_error != 0 { return failure(log, seconds: clock.elapsedSeconds) }
        let termination: Termination
        switch outcome.code {
        case 0:
            switch glp_get_status(problem.pointer) {
            case GLP_OPT: termination = .optimal
            case GLP_NOFEAS: termination = .infeasible
            case GLP_UNBND: termination = .unbounded
            default: termination = .error
            }
        case GLP_ETMLIM: termination = .limitReached(.time)
        case GLP_ENOPFS: termination = .infeasible
        case GLP_ENODFS: termination = .unbounded
        default:
            return failure("glp_simplex returned \(Self.describe(code: outcome.code)).\n" + log,
                           seconds: clock.elapsedSeconds)
        }
        var solution: Solution?
        if termination == .optimal {
            let values = (0..<program.variables.count).map { glp_get_col_prim(problem.pointer, Int32($0 + 1)) }
            solution = Solution(values: values, objective: glp_get_obj_val(problem.pointer))
        }
        var r = SolveResult(termination: termination, solution: solution, bestBound: solution?.objective,
                            relativeGap: solution == nil ? nil : 0, solveSeconds: clock.elapsedSeconds,
                            detail: Self.explain(termination, hasSolution: solution != nil, gap: 0),
                            log: options.keepLog ? log : "")
        r.stages.relaxation = r.solveSeconds
        return r
    }

    /// Writes the program in CPLEX LP format, for cross-checking with another solver (`glpsol --lp FILE`).
    public func writeLP(_ program: IntegerProgram, to path: String) throws {
        try export(program, path) { rp_write_lp($0, $1, $2, $3) }
    }

    /// Writes the program in free MPS format (`glpsol --freemps FILE`, `cbc FILE`, HiGHS).
    public func writeMPS(_ program: IntegerProgram, to path: String) throws {
        try export(program, path) { rp_write_mps($0, $1, $2, $3) }
    }

    // MARK: - Internals

    /// GLPK's simplex parameters for the options. The long-step ratio test lets the many bounded columns (the
    /// binaries) flip from bound to bound within one iteration: measured on 8,000 teachers it shortens the first
    /// relaxation by a third, and the dual simplex with it by two thirds (docs/performance.md).
    static func simplexParameters(_ options: GLPKRun, first: Bool, presolve: Bool) -> glp_smcp {
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = options.keepLog ? GLP_MSG_ON : GLP_MSG_ERR
        if options.glpk.longStepRatioTest { smcp.r_test = GLP_RT_FLIP }
        smcp.presolve = presolve ? GLP_ON : GLP_OFF
        if first && options.firstRelaxation == .dual { smcp.meth = GLP_DUALP }
        if let limit = options.timeLimitSeconds { smcp.tm_lim = Self.milliseconds(limit) }
        return smcp
    }

    /// A time limit in GLPK's unit (whole milliseconds, at least 1).
    static func milliseconds(_ seconds: Double) -> Int32 {
        Int32(clamping: Int64((max(0, seconds) * 1000).rounded(.up).clamped(to: 1...2e9)))
    }

    /// glp_simplex under the guard: its outcome and GLPK's text. After a caught error the problem is gone.
    ///
    /// The long-step ratio test can stall GLPK's primal simplex on an infeasible program: a generated county of
    /// 557 columns spun 1.4 million iterations at the same infeasibility until the time limit, where the textbook
    /// (Harris) ratio test finds it infeasible at once (docs/performance.md). So with that test the simplex gets an
    /// iteration limit far above any real need (`stallIterations`), and when it is reached it goes on from where
    /// it stopped with the Harris ratio test, in the time left.
    func simplex(_ problem: NativeProblem, _ smcp: glp_smcp) -> (outcome: rp_outcome, log: String) {
        var smcp = smcp
        var outcome = rp_outcome()
        let log = LogBuffer()
        let guarded = smcp.r_test == GLP_RT_FLIP && smcp.it_lim == Int32.max
        if guarded {
            smcp.it_lim = Int32(clamping: Self.stallIterations(rows: Int(glp_get_num_rows(problem.pointer)), columns: Int(glp_get_num_cols(problem.pointer))))
        }
        let clock = ContinuousClock.now
        rp_simplex(problem.pointer, &smcp, &outcome, &log.raw)
        if outcome.caught_error != 0 { problem.invalidate(); return (outcome, log.text) }
        if guarded && outcome.code == GLP_EITLIM {
            var again = smcp
            again.r_test = GLP_RT_HAR
            again.it_lim = Int32.max
            if again.tm_lim < Int32.max {
                let spent = Int32(clamping: Int64((clock.elapsedSeconds * 1000).rounded(.up)))
                again.tm_lim = max(1, again.tm_lim - spent)
            }
            var retry = rp_outcome()
            let retryLog = LogBuffer()
            rp_simplex(problem.pointer, &again, &retry, &retryLog.raw)
            if retry.caught_error != 0 { problem.invalidate() }
            return (retry, log.text + "the long-step ratio test stalled: on with the Harris ratio test\n" + retryLog.text)
        }
        return (outcome, log.text)
    }

    /// The iteration limit past which a simplex with the long-step ratio test is taken to be stalled: 20 per row and
    /// column, at least 50,000 (a relaxation of the medium example takes about 5,000 of its 850,000).
    static func stallIterations(rows: Int, columns: Int) -> Int { max(50_000, 20 * (rows + columns)) }

    /// A program without variables (GLPK refuses one): optimal when every row's constant is within its bounds.
    static func solveConstant(_ program: IntegerProgram) throws -> SolveResult {
        let errors = program.validate()
        guard errors.isEmpty else { throw SolverError.invalidModel(errors) }
        let holds = program.constraints.allSatisfy { c in
            let v = c.expression.constant
            return (c.lowerBound.map { v >= $0 - 1e-9 } ?? true) && (c.upperBound.map { v <= $0 + 1e-9 } ?? true)
        }
        let objective = program.objective.constant
        return SolveResult(termination: holds ? .optimal : .infeasible,
                           solution: holds ? Solution(values: [], objective: objective) : nil,
                           bestBound: holds ? objective : nil, relativeGap: holds ? 0 : nil, solveSeconds: 0,
                           detail: explain(holds ? .optimal : .infeasible, hasSolution: holds, gap: 0), log: "")
    }

    private func export(_ program: IntegerProgram, _ path: String,
                        _ write: (OpaquePointer?, UnsafePointer<CChar>, UnsafeMutablePointer<rp_outcome>,
                                  UnsafeMutablePointer<rp_log>) -> Void) throws {
        let errors = program.validate()
        guard errors.isEmpty else { throw SolverError.invalidModel(errors) }
        // GLPK's LP writer keeps the objective's constant only as a comment, which readers drop: carry it
        // on a column fixed at 1 so that every reader sees the same objective.
        var faithful = program
        if program.objective.constant != 0 {
            let one = faithful.addVariable("objective_constant", .continuous, lowerBound: 1, upperBound: 1)
            var objective = program.objective
            objective.constant = 0
            objective.add(one, program.objective.constant)
            faithful.setObjective(program.objectiveSense, objective)
        }
        let problem = NativeProblem(faithful)
        let log = LogBuffer()
        var outcome = rp_outcome()
        path.withCString { write(problem.pointer, $0, &outcome, &log.raw) }
        if outcome.caught_error != 0 { problem.invalidate() }
        if outcome.caught_error != 0 || outcome.code != 0 {
            throw SolverError.exportFailed(path: path, detail: log.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// GLP_ENODFS: the LP relaxation has no dual feasible solution. Tell infeasible from unbounded by
    /// solving the relaxation without presolve.
    func relaxationWithoutDualSolution(_ problem: NativeProblem) -> Termination {
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_OFF
        if simplex(problem, smcp).outcome.caught_error != 0 { return .error }
        return glp_get_prim_stat(problem.pointer) == GLP_NOFEAS ? .infeasible : .unbounded
    }

    func result(_ termination: Termination, _ clock: ContinuousClock.Instant, log: String, keep: Bool) -> SolveResult {
        SolveResult(termination: termination, solution: nil, bestBound: nil, relativeGap: nil,
                    solveSeconds: clock.elapsedSeconds, detail: Self.explain(termination, hasSolution: false, gap: nil),
                    log: keep ? log : "")
    }

    func failure(_ log: String, seconds: Double) -> SolveResult {
        let text = log.trimmingCharacters(in: .whitespacesAndNewlines)
        return SolveResult(termination: .error, solution: nil, bestBound: nil, relativeGap: nil, solveSeconds: seconds,
                           detail: "GLPK failed: " + (text.isEmpty ? "no message" : text), log: log)
    }

    static func describe(code: Int32) -> String {
        switch code {
        case GLP_EBOUND: return "GLP_EBOUND (an integer variable has a fractional or inconsistent bound)"
        case GLP_EROOT: return "GLP_EROOT (no optimal basis for the LP relaxation)"
        case GLP_EFAIL: return "GLP_EFAIL (the search failed)"
        default: return "code \(code)"
        }
    }

    static func explain(_ termination: Termination, hasSolution: Bool, gap: Double?) -> String {
        switch termination {
        case .optimal: return "proven optimal"
        case .infeasible: return "no solution satisfies every constraint"
        case .unbounded: return "the objective can improve without end"
        case .error: return "the solver failed"
        case .limitReached(let limit):
            let what: String
            switch limit {
            case .time: what = "the time limit"
            case .gap: what = "the gap limit"
            case .interrupted: what = "an interruption"
            case .effort: what = "the work limit without a solution"
            }
            if hasSolution, let gap {
                return "stopped by \(what) with a solution not proven optimal (gap \(String(format: "%.4g", gap * 100)) %)"
            }
            return hasSolution ? "stopped by \(what) with a solution not proven optimal"
                : "stopped by \(what) before any solution was found"
        }
    }
}

/// One GLPK problem object, freed when it goes out of scope unless GLPK's environment was torn down.
final class NativeProblem {
    private(set) var pointer: OpaquePointer?

    convenience init(_ program: IntegerProgram) { self.init(program, columns: nil) }

    /// The program with only `columns` (the program's indices, in the problem's order; nil: every column).
    init(_ program: IntegerProgram, columns: [Int]?) {
        let p = glp_create_prob()
        pointer = p
        glp_set_obj_dir(p, program.objectiveSense == .minimize ? GLP_MIN : GLP_MAX)
        let order = columns ?? Array(program.variables.indices)
        var position = [Int32](repeating: 0, count: program.variables.count)
        for (k, j) in order.enumerated() { position[j] = Int32(k + 1) }
        let rows = program.constraints.count
        if !order.isEmpty { glp_add_cols(p, Int32(order.count)) }
        if rows > 0 { glp_add_rows(p, Int32(rows)) }
        for (k, i) in order.enumerated() { Self.describeColumn(p, Int32(k + 1), program.variables[i]) }
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        for (r, c) in program.constraints.enumerated() {
            let i = Int32(r + 1)
            glp_set_row_name(p, i, c.name)
            Self.setBounds(c.lowerBound, c.upperBound) { glp_set_row_bnds(p, i, $0, $1, $2) }
            for term in c.expression.normalized().terms where position[term.variable.index] > 0 {
                ia.append(i); ja.append(position[term.variable.index]); ar.append(term.coefficient)
            }
        }
        if ia.count > 1 { glp_load_matrix(p, Int32(ia.count - 1), ia, ja, ar) }
        let objective = program.objective.normalized()
        for term in objective.terms where position[term.variable.index] > 0 {
            glp_set_obj_coef(p, position[term.variable.index], term.coefficient)
        }
        glp_set_obj_coef(p, 0, objective.constant)
    }

    /// Name, kind and bounds of column `j` of the problem.
    static func describeColumn(_ p: OpaquePointer?, _ j: Int32, _ v: VariableInfo) {
        glp_set_col_name(p, j, v.name)
        switch v.kind {
        case .continuous: glp_set_col_kind(p, j, GLP_CV)
        case .integer: glp_set_col_kind(p, j, GLP_IV)
        case .binary: glp_set_col_kind(p, j, GLP_BV)
        }
        // After the kind: GLP_BV resets the bounds to 0 and 1, which would undo a fixed binary.
        setBounds(v.lowerBound, v.upperBound) { glp_set_col_bnds(p, j, $0, $1, $2) }
    }

    static func setBounds(_ lower: Double?, _ upper: Double?, _ set: (Int32, Double, Double) -> Void) {
        switch (lower, upper) {
        case (nil, nil): set(GLP_FR, 0, 0)
        case (let l?, nil): set(GLP_LO, l, 0)
        case (nil, let u?): set(GLP_UP, 0, u)
        case (let l?, let u?): set(l == u ? GLP_FX : GLP_DB, l, u)
        }
    }

    /// GLPK raised an error and freed its environment: the object no longer exists.
    func invalidate() { pointer = nil }

    deinit { if let pointer { glp_delete_prob(pointer) } }
}

/// Holds GLPK's captured terminal output.
final class LogBuffer {
    private let storage: UnsafeMutablePointer<CChar>
    var raw: rp_log
    init(capacity: Int = 1 << 16) {
        storage = .allocate(capacity: capacity)
        storage.initialize(to: 0)
        raw = rp_log(text: storage, capacity: capacity)
    }
    var text: String { String(cString: storage) }
    deinit { storage.deallocate() }
}

/// What the progress callback of one search needs: the caller's callback and, to report
/// ``SolveOptions/progressMeasures`` on each better solution, the problem and each measure by problem column.
final class ProgressBox {
    let callback: (@Sendable (SolveProgress) -> Bool)?
    let problem: OpaquePointer?
    /// Per measure: problem columns (1-based) and coefficients, and the constant.
    let measures: [(columns: [Int32], coefficients: [Double], constant: Double)]
    private var measuredAt: Double?
    private var measured: [Double]?

    /// `columns`: the program's index of each problem column, when the problem holds only some of them.
    /// Measures are read only when the search runs on the problem itself (no MIP presolve, which renumbers).
    init(_ callback: (@Sendable (SolveProgress) -> Bool)?, problem: OpaquePointer?, measures: [LinearExpression],
         columns: [Int]?, programColumns n: Int) {
        self.callback = callback
        self.problem = problem
        guard callback != nil, problem != nil, !measures.isEmpty else { self.measures = []; return }
        var position = [Int32](repeating: 0, count: n)
        if let columns { for (k, j) in columns.enumerated() { position[j] = Int32(k + 1) } } else { for j in 0..<n { position[j] = Int32(j + 1) } }
        self.measures = measures.map { e in
            var cols: [Int32] = [], coefs: [Double] = []
            for term in e.terms where position[term.variable.index] != 0 {
                cols.append(position[term.variable.index]); coefs.append(term.coefficient)
            }
            return (cols, coefs, e.constant)
        }
    }

    /// The measures on the incumbent whose objective is `incumbent` (read once per incumbent).
    func measures(at incumbent: Double) -> [Double]? {
        guard let problem, !measures.isEmpty else { return nil }
        if measuredAt != incumbent {
            measuredAt = incumbent
            measured = measures.map { m in
                var v = m.constant
                for (k, c) in zip(m.columns, m.coefficients) { v += c * glp_mip_col_val(problem, k) }
                return v
            }
        }
        return measured
    }
}

extension ContinuousClock.Instant {
    var elapsedSeconds: Double {
        let d = ContinuousClock.now - self
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
