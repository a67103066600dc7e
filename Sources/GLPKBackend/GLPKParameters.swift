import IntegerProgramming

/// GLPK's own knobs, apart from the parameters every solver shares (``SolveOptions``) and the hints about one
/// program (``SolveHints``): presolve, cut families, heuristics, branching and the simplex's ratio test.
///
/// The defaults are the fastest settings measured on assignment-shaped programs (teacher rotation, in
/// docs/performance.md): presolve, MIR, cover and clique cuts on (below 20,000 columns none), and Gomory's
/// cuts too for a search that has not ended after 20,000 iterations;
/// Gomory cuts, the feasibility pump and the proximity search off; most-fractional branching (below 20,000
/// columns Driebeck–Tomlin); the long-step ratio test. ``glpkDefaults`` are GLPK's own.
public struct GLPKParameters: Sendable, Equatable {
    /// Let GLPK's MIP presolver simplify the program first (off whenever a start is offered: it renumbers columns).
    public var presolve: Bool
    public var cuts: CutFamilies
    public var heuristics: Heuristics
    /// Which fractional variable the search branches on.
    public var branching: Branching
    /// The long-step ("flip") ratio test in every simplex call: the many bounded columns (the binaries) flip
    /// from bound to bound within one iteration; measured on 8,000 teachers it shortens the first relaxation by
    /// a third, and the dual simplex with it by two thirds.
    public var longStepRatioTest: Bool
    /// Below this many columns ``smallProgramCuts`` replace ``cuts``.
    public var smallProgramColumns: Int
    /// The cut families of a small program: none, as GLPK's own default. With MIR, cover and clique cuts GLPK's
    /// search could wander to the time limit on programs of a few hundred columns that it proves at once without
    /// them (generated counties of 278 and 738 teachers: 0.23 % and 0.08 % gaps after 60 s, proven in 0.2 and
    /// 0.0 s without; docs/performance.md).
    public var smallProgramCuts: CutFamilies
    /// A search that has not ended after this many simplex iterations, and has found no better plan in the last
    /// that many, starts again from its root with these cut families added to its own and GLPK's presolver (nil:
    /// never) — only in the first half of its time limit, so that the second search has time. GLPK proves most of
    /// these programs at once without Gomory's cuts; a few it cannot prove in minutes, and Gomory's cuts prove
    /// those at the root (generated counties of 396–1,175 teachers: gaps of 0.017–0.1 % after 60 s, proven or
    /// within the gap in 7–15 s; docs/performance.md). Counted in iterations, not seconds, so that the same
    /// program takes the same path on any machine (the half of the time limit aside).
    public var escalation: Escalation?

    /// A second search with more cut families, after a first one's work.
    public struct Escalation: Sendable, Equatable {
        public var afterIterations: Int
        /// Added to the cut families of the first search.
        public var adding: CutFamilies
        public init(afterIterations: Int, adding: CutFamilies) { self.afterIterations = afterIterations; self.adding = adding }
    }

    /// Which fractional variable a branch-and-bound search branches on.
    public enum Branching: Sendable, Equatable {
        /// The variable whose value is nearest to ½: cheap at every node.
        case mostFractional
        /// Driebeck and Tomlin's estimate of each branch's cost (GLPK's default). It reads a row of the simplex
        /// table per fractional variable, over every column, which costs seconds per node on programs with
        /// hundreds of thousands of columns (measured on 8,000 teachers, docs/performance.md).
        case driebeckTomlin
        /// Pseudo-costs learnt during the search.
        case pseudocost
        /// Driebeck and Tomlin below this many columns, most-fractional from there on. Most-fractional
        /// branching with MIR cuts can wander for minutes on a small program that Driebeck–Tomlin proves at once
        /// (measured on a 117-teacher county, `shared/cases/tiny-unproven`: 0.0 s against no proof in 60 s);
        /// Driebeck–Tomlin's cost per node grows with the columns (docs/performance.md).
        case bySize(driebeckTomlinBelow: Int)

        /// The rule for a program of `columns` columns.
        func resolved(columns: Int) -> Branching {
            if case .bySize(let n) = self { return columns < n ? .driebeckTomlin : .mostFractional }
            return self
        }
    }

    /// The cut families of GLPK's branch and cut.
    public struct CutFamilies: Sendable, Equatable {
        public var gomory: Bool
        public var mixedIntegerRounding: Bool
        public var cover: Bool
        public var clique: Bool
        public init(gomory: Bool, mixedIntegerRounding: Bool, cover: Bool, clique: Bool) {
            self.gomory = gomory; self.mixedIntegerRounding = mixedIntegerRounding
            self.cover = cover; self.clique = clique
        }
        public static let none = CutFamilies(gomory: false, mixedIntegerRounding: false, cover: false, clique: false)
        public static let all = CutFamilies(gomory: true, mixedIntegerRounding: true, cover: true, clique: true)
        /// The families in either.
        public func union(_ other: CutFamilies) -> CutFamilies {
            CutFamilies(gomory: gomory || other.gomory, mixedIntegerRounding: mixedIntegerRounding || other.mixedIntegerRounding,
                        cover: cover || other.cover, clique: clique || other.clique)
        }
        public static let gomoryOnly = CutFamilies(gomory: true, mixedIntegerRounding: false, cover: false, clique: false)
    }

    public struct Heuristics: Sendable, Equatable {
        /// GLPK's built-in rounding heuristic.
        public var rounding: Bool
        public var feasibilityPump: Bool
        public var proximitySearch: Bool
        public init(rounding: Bool, feasibilityPump: Bool, proximitySearch: Bool) {
            self.rounding = rounding; self.feasibilityPump = feasibilityPump; self.proximitySearch = proximitySearch
        }
    }

    public init(presolve: Bool = true,
                cuts: CutFamilies = CutFamilies(gomory: false, mixedIntegerRounding: true, cover: true, clique: true),
                heuristics: Heuristics = Heuristics(rounding: true, feasibilityPump: false, proximitySearch: false),
                branching: Branching = .bySize(driebeckTomlinBelow: 20_000), longStepRatioTest: Bool = true,
                smallProgramColumns: Int = 20_000,
                smallProgramCuts: CutFamilies = .none,
                escalation: Escalation? = Escalation(afterIterations: 20_000, adding: .gomoryOnly)) {
        self.presolve = presolve; self.cuts = cuts; self.heuristics = heuristics; self.branching = branching
        self.longStepRatioTest = longStepRatioTest
        self.smallProgramColumns = smallProgramColumns; self.smallProgramCuts = smallProgramCuts
        self.escalation = escalation
    }

    /// The cut families for a program of `columns` columns.
    func cuts(columns: Int) -> CutFamilies { columns < smallProgramColumns ? smallProgramCuts : cuts }
    /// The escalation of a search on a program of `columns` columns: after how many iterations, and with which
    /// cut families (its own and the escalation's); nil when there is none or it adds no family.
    func escalation(columns: Int) -> (afterIterations: Int, cuts: CutFamilies)? {
        guard let e = escalation else { return nil }
        let own = cuts(columns: columns)
        let more = own.union(e.adding)
        return more == own ? nil : (e.afterIterations, more)
    }

    /// GLPK's own defaults (`glp_init_iocp`), except presolve, which glp_intopt needs without a solved relaxation.
    public static let glpkDefaults = GLPKParameters(
        presolve: true, cuts: .none, heuristics: Heuristics(rounding: true, feasibilityPump: false, proximitySearch: false),
        branching: .driebeckTomlin, longStepRatioTest: false, smallProgramColumns: 0, escalation: nil)
}

/// Everything one solve of the GLPK backend goes by: the common options, the program's hints and GLPK's own
/// parameters, read through one value inside the backend.
struct GLPKRun: Sendable {
    var options: SolveOptions
    var hints: SolveHints
    var glpk: GLPKParameters

    var timeLimitSeconds: Double? { get { options.timeLimitSeconds } set { options.timeLimitSeconds = newValue } }
    var relativeGap: Double { options.relativeGap }
    var keepLog: Bool { options.keepLog }
    /// The progress callback GLPK calls, with the stop asked from outside (`SolveOptions.stopRequested`) folded in.
    var progress: (@Sendable (SolveProgress) -> Bool)? {
        guard let stop = options.stopRequested else { return options.progress }
        let inner = options.progress
        return { p in !stop() && (inner?(p) ?? true) }
    }
    var firstRelaxation: SolveOptions.SimplexMethod { options.firstRelaxation }
    var firstSolutionIterations: Int? { options.firstSolutionIterations }
    var proofEffort: Double { options.proofEffort }
    var proofMinimumIterations: Int { options.proofMinimumIterations }
    var presolve: Bool { get { glpk.presolve } set { glpk.presolve = newValue } }
    var initialColumns: [Bool]? { get { hints.initialColumns } set { hints.initialColumns = newValue } }
    var start: [Double]? { hints.start }
}
