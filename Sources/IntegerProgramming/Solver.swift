import Foundation

/// Parameters common to every solver (as MathOpt's `SolveParameters` and MathOptInterface's attributes):
/// limits, the gap, threads, the log, progress, and the work limits of a search. A solver's own knobs (cut
/// families, branching, presolve) belong to that solver's parameters (`GLPKParameters` in GLPKBackend), and
/// hints about one program (starting columns, a starting solution) to ``SolveHints``. A solver ignores what it
/// cannot do and says so in its documentation.
public struct SolveOptions: Sendable {
    /// Stop after this many seconds of search; `nil` means no limit.
    public var timeLimitSeconds: Double?
    /// Stop when `|incumbent − bound| / |incumbent|` falls to this; 0 asks for proven optimality.
    public var relativeGap: Double
    /// Threads the solver may use; `nil`: its default. (GLPK is single-threaded and ignores it.)
    public var threads: Int?
    /// Keep the solver's own log in the result (``SolveResult/log``).
    public var keepLog: Bool
    /// Called with the search's state: on every better solution and about once a second otherwise.
    /// Return `false` to stop the search (the result then says it was interrupted).
    public var progress: (@Sendable (SolveProgress) -> Bool)?
    /// Asked as often as `progress` is called: `true` stops the search as `progress` returning `false` does
    /// (a job cancelled by its user). Kept apart from `progress`, which the steps of a planner replace.
    public var stopRequested: (@Sendable () -> Bool)?
    /// The simplex method for the first linear relaxation (later ones start from its basis).
    public var firstRelaxation: SimplexMethod
    /// Stop a search that has found no solution after this much work, in simplex iterations (not seconds, so
    /// that the same program stops at the same point on any machine); the result is then
    /// `.limitReached(.effort)` without a solution. `nil`: no such limit.
    public var firstSolutionIterations: Int?
    /// When the search reaches ``relativeGap``, go on towards a proof of optimality for at most this share of
    /// the work (simplex iterations) it took to get there, at least `proofMinimumIterations`; a search stopped
    /// by it ends as stopped by the gap. 0: stop at the gap at once.
    public var proofEffort: Double
    public var proofMinimumIterations: Int
    /// Figures of the best solution so far, for a progress line in the user's terms (unmet need, movers): each
    /// expression is evaluated on every better solution and reported in ``SolveProgress/measures``. A solver
    /// that cannot read its solutions while searching reports none.
    public var progressMeasures: [LinearExpression] = []

    /// A simplex method.
    public enum SimplexMethod: Sendable, Equatable {
        case primal
        /// The dual simplex (falling back to the primal when it fails).
        case dual
    }

    public init(timeLimitSeconds: Double? = nil, relativeGap: Double = 0, threads: Int? = nil, keepLog: Bool = false,
                firstRelaxation: SimplexMethod = .primal, progress: (@Sendable (SolveProgress) -> Bool)? = nil) {
        self.timeLimitSeconds = timeLimitSeconds
        self.relativeGap = relativeGap
        self.threads = threads
        self.keepLog = keepLog
        self.progress = progress
        self.firstRelaxation = firstRelaxation
        self.firstSolutionIterations = nil
        self.proofEffort = 0
        self.proofMinimumIterations = 0
    }
}

/// Hints about one program (as MathOpt's `ModelSolveParameters`): they change how fast a solver gets there,
/// never what it proves. A solver may ignore any of them.
public struct SolveHints: Sendable {
    /// Column generation: when set (one flag per variable), the search starts from the flagged columns only,
    /// the others held at 0, and adds the others when the linear relaxation's reduced costs show they could
    /// improve the objective. The result is proven against the whole program, as without it. Only columns
    /// whose lower bound is 0 can start out; every other column is always in.
    public var initialColumns: [Bool]?
    /// A solution known to satisfy every constraint and bound (one value per variable, integral on integer
    /// variables), for the search to start from — a "solution hint".
    public var start: [Double]?

    public init(initialColumns: [Bool]? = nil, start: [Double]? = nil) {
        self.initialColumns = initialColumns; self.start = start
    }
    public static let none = SolveHints()
}

/// What a solver is doing: solving the first linear relaxation, pricing columns in (column generation), or
/// searching for integer solutions.
public enum SolveStage: String, Sendable, Equatable, CaseIterable {
    case relaxation, pricing, search
}

/// Seconds a solve spent in each stage (zero where it had none).
public struct StageSeconds: Sendable, Equatable {
    public var relaxation = 0.0, pricing = 0.0, search = 0.0
    /// Linear programs solved to price columns in (column generation), after the first relaxation.
    public var pricingRounds = 0
    public init() {}
    public static func + (a: StageSeconds, b: StageSeconds) -> StageSeconds {
        var s = a
        s.relaxation += b.relaxation; s.pricing += b.pricing; s.search += b.search; s.pricingRounds += b.pricingRounds
        return s
    }
}

/// A snapshot of a running solve.
public struct SolveProgress: Sendable, Equatable {
    /// Where the solve is; before the search (``SolveStage/relaxation``, ``SolveStage/pricing``) there is no
    /// incumbent or bound yet.
    public var stage: SolveStage = .search
    /// Columns in the problem (column generation), when known.
    public var columnsIn: Int?
    /// ``SolveOptions/progressMeasures`` evaluated on the incumbent, when there is one and the solver can read it.
    public var measures: [Double]?
    public var incumbent: Double?
    public var bound: Double?
    public var relativeGap: Double?
    public var openNodes: Int
    public var elapsedSeconds: Double
    /// The search's work so far, in simplex iterations.
    public var iterations: Int
    public init(incumbent: Double?, bound: Double?, relativeGap: Double?, openNodes: Int, elapsedSeconds: Double,
                iterations: Int = 0) {
        self.incumbent = incumbent; self.bound = bound; self.relativeGap = relativeGap
        self.openNodes = openNodes; self.elapsedSeconds = elapsedSeconds; self.iterations = iterations
    }
    /// A solve at a stage before its search: no incumbent, no bound.
    public static func at(_ stage: SolveStage, elapsedSeconds: Double, columnsIn: Int? = nil) -> SolveProgress {
        var p = SolveProgress(incumbent: nil, bound: nil, relativeGap: nil, openNodes: 0, elapsedSeconds: elapsedSeconds)
        p.stage = stage; p.columnsIn = columnsIn
        return p
    }
}

/// Why the solver stopped. Kept apart from *what solution exists* (``SolveResult/solution``), so that
/// "stopped at the time limit with a good plan" is never mistaken for "optimal".
public enum Termination: Sendable, Equatable {
    /// The solution is proven optimal (within the solver's integrality tolerances).
    case optimal
    /// The program has no feasible solution. Relax a constraint.
    case infeasible
    /// The objective can improve without end (or the relaxation is infeasible and unbounded both).
    case unbounded
    /// A limit stopped the search first; there may or may not be a solution. Raise the limit to do better.
    case limitReached(Limit)
    /// The solver failed; `detail` in the result holds its own words.
    case error

    public enum Limit: String, Sendable, Equatable {
        /// The time limit; the gap limit; the caller's progress callback; ``SolveOptions/firstSolutionIterations``.
        case time, gap, interrupted, effort
    }
}

/// A solution the solver found: values for every variable, in the program's variable order.
public struct Solution: Sendable, Equatable {
    public var values: [Double]
    public var objective: Double
    public init(values: [Double], objective: Double) { self.values = values; self.objective = objective }
    public subscript(_ variable: Variable) -> Double { values[variable.index] }
    /// The value rounded to the nearest whole number, for integer variables.
    public func integerValue(_ variable: Variable) -> Int { Int(values[variable.index].rounded()) }
}

/// What a solve produced.
public struct SolveResult: Sendable {
    public var termination: Termination
    /// The best solution found, if any. Present with `.optimal`; may be present with `.limitReached`.
    public var solution: Solution?
    /// The best proven bound on the objective (a lower bound when minimising). Equals the objective when
    /// optimal; `nil` when the solver never established one.
    public var bestBound: Double?
    /// `|objective − bestBound| / max(|objective|, ε)`; 0 when optimal, `nil` without both numbers.
    public var relativeGap: Double?
    public var solveSeconds: Double
    /// Where the seconds went.
    public var stages = StageSeconds()
    /// A sentence for people: what happened and, when it matters, what to do.
    public var detail: String
    /// The solver's own output, when ``SolveOptions/keepLog`` was set or an error happened.
    public var log: String

    public init(termination: Termination, solution: Solution?, bestBound: Double?, relativeGap: Double?,
                solveSeconds: Double, detail: String, log: String) {
        self.termination = termination; self.solution = solution; self.bestBound = bestBound
        self.relativeGap = relativeGap; self.solveSeconds = solveSeconds; self.detail = detail; self.log = log
    }
}

/// Errors thrown instead of returning a result: the program was not sound, or a file could not be written.
public enum SolverError: Error, Sendable, CustomStringConvertible {
    case invalidModel([ModelError])
    case exportFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case .invalidModel(let errors):
            return "the integer program is not sound:\n" + errors.prefix(20).map { "  - \($0)" }.joined(separator: "\n")
                + (errors.count > 20 ? "\n  … and \(errors.count - 20) more" : "")
        case .exportFailed(let path, let detail):
            return "could not write \(path): \(detail)"
        }
    }
}

/// A solver of integer programs. Implementations must create, solve and free their native problem within
/// one call on the calling thread, so a program can be solved from any thread and several at once.
public protocol IntegerProgramSolver: Sendable {
    /// Solves the program. Throws ``SolverError/invalidModel(_:)`` for an unsound program; every outcome of
    /// the search itself, including solver errors, comes back as a ``SolveResult``.
    func solve(_ program: IntegerProgram, options: SolveOptions, hints: SolveHints) throws -> SolveResult

    /// Solves the linear relaxation (integrality dropped). Its objective is a bound on every integer solution:
    /// the planner uses it to prove a solution's shortage minimal without a second integer search.
    func solveRelaxation(_ program: IntegerProgram, options: SolveOptions, hints: SolveHints) throws -> SolveResult
}

extension IntegerProgramSolver {
    /// Solves the program without hints.
    public func solve(_ program: IntegerProgram, options: SolveOptions) throws -> SolveResult {
        try solve(program, options: options, hints: .none)
    }
    /// Solves the linear relaxation without hints.
    public func solveRelaxation(_ program: IntegerProgram, options: SolveOptions) throws -> SolveResult {
        try solveRelaxation(program, options: options, hints: .none)
    }
}
