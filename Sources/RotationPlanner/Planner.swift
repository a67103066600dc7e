import Foundation
import IntegerProgramming
import RotationModel

/// What planning produced.
public enum PlanOutcome: Sendable {
    /// A plan that keeps every hard rule.
    case plan(Plan)
    /// The rules cannot all be met; the diagnosis says which conflict and where.
    case cannotMeet(Diagnosis)
    /// The solver found no plan within the time limit (or failed): the sentence says which.
    case noPlan(LocalizedText)
}

/// What planning is doing, in the user's terms (for a progress line): the step, the solver's stage, and the best
/// plan so far by its unmet need and movers, with the gap to the best possible.
public struct PlanProgress: Sendable, Equatable {
    /// The steps of planning (``Planner``), in the order they may come.
    public enum Phase: String, Sendable, CaseIterable {
        /// Re-planning: the fewest changes to the previous plan.
        case fewestChanges
        /// The main search with the policy's weights.
        case plan
        /// Any plan that keeps the rules, to start a main search that found none.
        case seed
        /// Is the plan's unmet need the least possible?
        case leastShortage
        /// The main search again, unmet need held at its least.
        case replan
        /// `audit.goal`: settling the CV caps, then the most schools passing.
        case auditCaps, auditPassing
        /// Re-planning: a fresh plan, to say what keeping the previous one costs.
        case freshPlan
        /// The rules cannot all be met: finding which give.
        case diagnosis
    }
    public var phase: Phase
    /// The solver's stage; nil while the step builds its program.
    public var stage: SolveStage?
    /// Candidate moves (and walks) in the solver's problem so far (column generation), when known.
    public var movesIn: Int?
    /// The best plan so far: its unmet need (teachers; tenths with walking shares) and its exchange movers.
    public var unmetNeed: Double?
    public var movers: Int?
    /// The relative gap between the best plan so far and the best possible, when both are known.
    public var gap: Double?
    /// Whether the step has a plan yet (its figures may still be unknown).
    public var hasPlan: Bool

    public init(phase: Phase, stage: SolveStage?, movesIn: Int? = nil, unmetNeed: Double? = nil, movers: Int? = nil,
                gap: Double? = nil, hasPlan: Bool = false) {
        self.phase = phase; self.stage = stage; self.movesIn = movesIn; self.unmetNeed = unmetNeed
        self.movers = movers; self.gap = gap; self.hasPlan = hasPlan
    }
}

/// Policy → integer program → any solver → plan.
///
/// Planning goes in named steps (``PlanningSteps.swift``): the **main search** with the policy's weights
/// (restarted from a **seed** when it finds no plan after much work); when it leaves a need unmet, the
/// **shortage proof** (an LP bound computed meanwhile on another thread, or a search with the shortage weighted
/// above all other terms together) and, when less unmet need is possible, a **re-plan** with unmet need held at
/// its least. So no plan leaves a fillable shortage unfilled to gain on any other term, whatever the weights
/// (when `weights.shortage` is 0, shortages are not planned for). An infeasible program is **diagnosed**.
public struct Planner: Sendable {
    public var solver: any IntegerProgramSolver
    /// Called as planning goes: at each step and solver stage, about once a second while searching, and on each
    /// better plan.
    public var progress: (@Sendable (PlanProgress) -> Void)?
    /// The solver's common options; the time limit and gap come from the policy.
    public var options: SolveOptions
    /// Let the solver start from a subset of the moves and price in the rest (same plans, faster on large
    /// counties; see GLPKBackend's column generation).
    public var columnGeneration = true
    /// Work (simplex iterations) a search may spend without finding any plan before a simpler search seeds
    /// it. Counted in iterations, not seconds, so that the same county gives the same plan on a loaded machine.
    /// Searches that find plans do so within a few hundred (measured, docs/performance.md).
    public var firstPlanIterations = 2000
    /// When the search reaches the policy's gap, it goes on towards a proof of optimality for at most this
    /// share of the work it took to get there (at least `proofMinimumIterations`): small gaps are often
    /// closed at little cost, and the plan can then be called optimal.
    public var proofEffort = 0.5
    public var proofMinimumIterations = 200
    /// With `audit.goal`: the work (simplex iterations) the search for the most passing schools may spend after its
    /// first plan; a search that has not proven its best by then says so (the plan is then not called optimal).
    public var passingIterations = 5_000
    /// Above this many candidate moves the bound on the least unmet need is computed after the main search, when
    /// it is needed, instead of meanwhile on the other core: its program is as large as the main one, and both at
    /// once double the memory and share the memory bandwidth.
    public var parallelBoundMoves = 1_000_000
    /// At most this many candidate moves, the least unmet need is settled before the main search (it takes
    /// milliseconds there): its linear bound, held as a cut when rounding it up raises it (the relaxation of the
    /// full objective otherwise trades a fraction of a teacher's unmet need for balance, a gap of up to a shortage
    /// weight that GLPK's branching can take minutes to close), then the least itself, held when proven
    /// (docs/performance.md, docs/formulation.md).
    public var boundFirstMoves = 20_000
    /// The search for the least unmet need before the main search (small programs) stops after this many simplex
    /// iterations past its first plan when it has not proven it; the main search then goes on as on a large one.
    public var leastUnmetIterations = 5_000
    /// Asked while the solver searches: `true` stops every step at once (a cancelled job; the outcome is then
    /// whatever the steps had, never called optimal unless proven).
    public var stopRequested: (@Sendable () -> Bool)? {
        get { options.stopRequested } set { options.stopRequested = newValue }
    }
    /// Called with a line about each step (sizes, times, the solver's log when `options.keepLog` is set).
    public var trace: (@Sendable (String) -> Void)?

    public init(solver: any IntegerProgramSolver, options: SolveOptions = SolveOptions(),
                progress: (@Sendable (PlanProgress) -> Void)? = nil) {
        self.solver = solver; self.options = options; self.progress = progress
    }

    /// Plans the year. `forced` pins teachers to schools (a "what if" question); it is validated by the rules
    /// like any other move, except that a teacher may be forced to stay or to any school of their level.
    /// `previous`: re-planning after objections, first the fewest teachers whose destination differs from
    /// that plan's (proven, like the least unmet need), then the usual steps with the changes held there.
    public func plan(county: County, policy: Policy, forced: [(teacher: Int, school: Int)] = [],
                     previous: PreviousPlan? = nil) -> PlanOutcome {
        progress?(PlanProgress(phase: previous == nil ? .plan : .fewestChanges, stage: nil))
        let clock = ContinuousClock.now
        let candidates = Candidates(county: county, policy: policy)
        return plan(candidates: candidates, forced: forced, previous: previous, candidatesSeconds: clock.elapsedSeconds)
    }

    /// Plans the year from candidates already computed (several questions about one county and policy share them).
    public func plan(candidates: Candidates, forced: [(teacher: Int, school: Int)] = [], previous: PreviousPlan? = nil) -> PlanOutcome {
        plan(candidates: candidates, forced: forced, previous: previous, candidatesSeconds: 0)
    }

    func plan(candidates: Candidates, forced: [(teacher: Int, school: Int)], previous: PreviousPlan?, candidatesSeconds: Double) -> PlanOutcome {
        let county = candidates.county, policy = candidates.policy
        // A county too large to plan is refused at once, before its program takes the machine's memory.
        let moves = candidates.candidateMoves, cap = policy.solver.maxCandidateMoves
        if moves > cap {
            let gigabytes = String(format: "%.0f", (Double(moves) * 1.3e3 / 1e9).rounded(.up))
            return .noPlan(LocalizedText(
                zh: "规则允许的候选调动有 \(moves) 个，超过上限 solver.max_candidate_moves（\(cap) 个）：规划约需 \(gigabytes) GB 内存，"
                    + "且难以在求解时限内完成。可降低最远通勤距离 max_commute_km、改为学区内交流（exchange_scope: group），"
                    + "或在内存足够时提高 solver.max_candidate_moves",
                en: "the rules leave \(moves) possible moves, more than solver.max_candidate_moves (\(cap)): planning would take about "
                    + "\(gigabytes) GB of memory and is unlikely to finish within the time limit. Lower max_commute_km, exchange inside "
                    + "school groups (exchange_scope: group), or raise solver.max_candidate_moves on a machine with the memory"))
        }
        var setup = PlanningRun(candidates: candidates, forced: forced)
        setup.timings.update { $0.candidates = candidatesSeconds }
        let pre = setup.candidates.precheck()
        if !pre.isEmpty { return .cannotMeet(Diagnosis(method: .precheck, findings: pre)) }
        var stability: StabilityOutcome?
        if let previous {
            var keep = Stability(previous, county: county, current: setup.candidates.current)
            let least: (changes: Int, proven: Bool)
            switch fewestChanges(setup, keep) {
            case .success(let found): least = found
            case .failure(.cannotMeet): return diagnose(setup)
            case .failure(.failed(let why)): return .noPlan(why)
            }
            keep.maximumChanges = least.changes
            setup.stability = keep
            stability = StabilityOutcome(changes: least.changes, proven: least.proven, previous: keep.previous,
                                         unknownTeachers: previous.destinations.keys.filter { county.teacherIndex[$0] == nil }.sorted(),
                                         unknownSchools: Set(previous.destinations.values).filter { county.schoolIndex[$0] == nil }.sorted())
        }
        let hasNeeds = county.needs.contains { $0.required > 0 } && policy.weights.shortage > 0

        // A small program: the linear bound on the least unmet need first (held as a cut when rounding it up
        // raises it), then the least unmet need itself by a search of its own, held in the main search when
        // proven (a main search that trades a teacher of unmet need for balance can take GLPK the whole time
        // limit to improve on). Otherwise the bound is computed meanwhile on another core, when there is one and
        // the program is not too large, and the least unmet need after the main search, when it is needed.
        var shortageBound: Pending<SolveResult?>?
        if hasNeeds && moves <= boundFirstMoves {
            let proofClock = ContinuousClock.now
            let (lp, floor) = leastUnmetFloor(setup, limit: policy.solver.timeLimitSeconds)
            if let floor, let objective = lp?.solution?.objective, floor > objective + 1e-6 { setup.unmetFloor = floor }
            shortageBound = Pending(value: lp)
            if let floor, let (least, proof) = exactLeastUnmet(setup, floor: floor, effort: leastUnmetIterations), proof == .proven {
                setup.leastUnmet = least
                setup.unmetFloor = least
            }
            setup.timings.update { $0.shortageProof = proofClock.elapsedSeconds }
        }
        let run = setup
        if shortageBound == nil && hasNeeds && ProcessInfo.processInfo.activeProcessorCount > 1 && moves <= parallelBoundMoves {
            shortageBound = Pending { leastUnmetFloor(run, limit: policy.solver.timeLimitSeconds).relaxation }
        }

        var step: SearchStep
        switch mainSearch(run) {
        case .cannotMeet: return diagnose(run)
        case .failed(let why): return .noPlan(why)
        case .found(let found): step = found
        }
        var proof = ShortageProof.proven
        if stability?.proven == false { proof = .unproven(.time) }
        if hasNeeds && step.unmet > 0 && run.leastUnmet == nil {
            let proofClock = ContinuousClock.now
            let least = leastShortage(run, than: step, bound: shortageBound)
            run.timings.update { $0.shortageProof = proofClock.elapsedSeconds }
            switch least {
            case .thisPlan(let p): if proof == .proven { proof = p }
            case .less(let least, let p):
                if proof == .proven { proof = p }
                guard let replanned = replan(run, unmetAtMost: least, after: step) else {
                    return .noPlan(LocalizedText(zh: "在求解时限内未找到学科缺口最少的方案；可提高求解时限 solver.time_limit_s",
                                                 en: "no plan with the least unmet need found within the time limit; raise solver.time_limit_s"))
                }
                step = replanned
            }
        }
        var audit: AuditGoalOutcome?
        if policy.audit.goal {
            let auditClock = ContinuousClock.now
            defer { run.timings.update { $0.audit = auditClock.elapsedSeconds } }
            if let (final, outcome) = auditSteps(run, after: step, hasNeeds: hasNeeds) {
                step = final
                audit = outcome
                // Not proven: the searches for the caps or the passing schools stopped at their work limits.
                if !outcome.passingProven || !outcome.capsUnsettled.isEmpty, proof == .proven { proof = .unproven(.effort) }
            } else {
                // The audit steps found no plan in the time left: the plan of the least unmet need stands, and
                // says that it does not aim at the audit.
                audit = .unfinished
                proof = .unproven(.time)
            }
        }
        var plan = makePlan(run, step, proof)
        plan.timings = run.timings.value
        plan.auditGoal = audit
        if var stability {
            // What keeping the previous plan costs: a fresh plan of the same county and policy.
            var freshPlanner = self
            if let progress { freshPlanner.progress = { p in var p = p; p.phase = .freshPlan; progress(p) } }
            if case .plan(let fresh) = freshPlanner.plan(candidates: candidates, forced: forced) {
                stability.freshUnmetNeed = fresh.after.unmetNeed
                stability.freshMovers = fresh.movers.count
                stability.freshStatus = fresh.status
            }
            plan.stability = stability
        }
        return .plan(plan)
    }

    /// The integer program of the full objective, for export and cross-checking (`rotation plan --export-lp`).
    public func program(county: County, policy: Policy) -> IntegerProgram {
        Formulation(Candidates(county: county, policy: policy), mode: .plan).program
    }

    /// The plan of a finished search: destinations, the value of each objective term, and how sure it is.
    func makePlan(_ run: PlanningRun, _ step: SearchStep, _ proof: ShortageProof) -> Plan {
        let c = run.candidates, r = step.result, solution = step.solution
        var stoppedBy: Termination.Limit?
        if case .unproven(let why) = proof { stoppedBy = why ?? stoppedBy }
        if case .limitReached(let why) = r.termination { stoppedBy = why }
        let allOptimal = r.termination == .optimal && proof == .proven
        let destination = step.model.destinations(solution)
        let learners = step.model.learners(solution)
        let assigned = step.model.assignments(solution), walks = step.model.walks(solution)
        var terms = ObjectiveTerms()
        for term in ObjectiveTerm.allCases { terms[term] = step.model.terms[term]?.value(at: solution.values) ?? 0 }
        return Plan(status: allOptimal ? .optimal : .feasible, stoppedBy: allOptimal ? nil : (stoppedBy ?? .time),
                    objective: solution.objective, bestBound: allOptimal ? solution.objective : r.bestBound,
                    gap: allOptimal ? 0 : r.relativeGap, terms: terms,
                    solveSeconds: run.clock.elapsedSeconds, buildSeconds: step.buildSeconds,
                    variables: step.model.program.variables.count, constraints: step.model.program.constraints.count,
                    candidates: c, destination: destination, learners: learners, assigned: assigned, walks: walks)
    }

    /// Re-solves with every rule row relaxed by a penalised slack and names the rows that had to give.
    func diagnose(_ run: PlanningRun) -> PlanOutcome {
        let c = run.candidates
        let model = Formulation(c, mode: .diagnose, forced: run.forced)
        var o = options(limit: max(5, c.policy.solver.timeLimitSeconds), gap: 0, phase: .diagnosis)
        if model.slacks.allSatisfy({ model.program.variables[$0.variable.index].kind == .integer }) {
            // Whole slacks: a total that the bound, rounded up, reaches is the least.
            o = options(o, stoppingWhen: { p in
                guard let inc = p.incumbent, let bound = p.bound else { return false }
                return inc <= (bound - 1e-6).rounded(.up) + 1e-6
            })
        }
        guard let r = try? solver.solve(model.program, options: o),
              let solution = r.solution else {
            trace?("diagnosis: no solution")
            return .cannotMeet(Diagnosis(method: .relaxation, findings: [c.finding([], nil,
                .init(zh: "规则无法同时满足，且放宽规则重新求解在时限内未找到原因",
                      en: "the rules cannot all be met, and the relaxed re-solve found no explanation within the time limit"),
                .init(zh: "提高 solver.time_limit_s 后重新运行", en: "raise solver.time_limit_s and run again"))]))
        }
        trace?("diagnosis: \(model.program.variables.count) variables: \(r.termination) in \(String(format: "%.2f", r.solveSeconds)) s, slack \(solution.objective), bound \(r.bestBound ?? .nan)\n\(r.log)")
        var broken: [(row: RuleRow, amount: Double)] = []
        for (v, row) in model.slacks where solution[v] > 0.5 { broken.append((row, solution[v])) }
        for row in model.brokenFixedRows { broken.append((row, 1)) }
        broken.sort { a, b in
            (a.row.rule, a.row.school ?? -1, a.row.kind.rawValue) < (b.row.rule, b.row.school ?? -1, b.row.kind.rawValue)
        }
        var findings = c.findings(from: broken)
        if findings.isEmpty {
            findings = [c.finding([], nil,
                .init(zh: "各条规则无法同时满足，但每次只放宽其他规则一个单位时，每条规则本身都能满足",
                      en: "the rules cannot all be met together, though each holds when the others are relaxed one unit at a time"),
                .init(zh: "放宽交流比例 rotation_rate、最远通勤距离 max_commute_km 或编制总量不变 keep_headcount 后重新运行",
                      en: "relax rotation_rate, max_commute_km or keep_headcount and run again"))]
        }
        return .cannotMeet(Diagnosis(method: .relaxation, findings: findings))
    }

    /// The solver options of one step. `fullObjective`: the program has the policy's weights (not a
    /// shortage-only or shortage-dominated objective); its first relaxation is solved by the dual simplex,
    /// measured 2–3 times faster there, and slower on the shortage-only relaxation (docs/performance.md).
    /// `phase`: the step to report progress as (nil: none, as for the bound computed meanwhile on another
    /// thread); `model`: the program whose best plan so far is reported by its unmet need and movers.
    func options(limit: Double, gap: Double, fullObjective: Bool = false, phase: PlanProgress.Phase? = nil,
                 model: Formulation? = nil) -> SolveOptions {
        var o = options
        if fullObjective {
            o.firstRelaxation = .dual
            o.proofEffort = proofEffort
            o.proofMinimumIterations = proofMinimumIterations
        }
        o.timeLimitSeconds = limit
        o.relativeGap = gap
        if let progress, let phase {
            if let model { o.progressMeasures = model.progressMeasures }
            let unit = model?.unmetQuantum ?? 1, others = model?.otherColumns
            // A later search of the same solve (column generation searches again with more columns) starts without a
            // plan: the best plan found so far is still shown.
            let best = BestSoFar()
            o.progress = { p in
                var report = PlanProgress(phase: phase, stage: p.stage, movesIn: others.flatMap { o in p.columnsIn.map { max(0, $0 - o) } },
                                          hasPlan: p.incumbent != nil)
                if p.incumbent != nil {
                    report.gap = p.relativeGap
                    if let m = p.measures {
                        report.unmetNeed = unit == 1 ? m[0].rounded() : (m[0] * 10).rounded() / 10
                        report.movers = Int(m[1].rounded())
                    }
                    best.set(report)
                } else if let earlier = best.value {
                    report.hasPlan = true; report.unmetNeed = earlier.unmetNeed; report.movers = earlier.movers
                }
                progress(report)
                return true
            }
        } else {
            o.progress = nil
        }
        return o
    }

    /// The options with a search also stopped when `stop` says so (besides reporting progress).
    func options(_ o: SolveOptions, stoppingWhen stop: @escaping @Sendable (SolveProgress) -> Bool) -> SolveOptions {
        var o = o
        let report = o.progress
        o.progress = { p in (report?(p) ?? true) && !stop(p) }
        return o
    }

    /// The hints of a program: its starting columns, when column generation is on, and a starting solution.
    func hints(_ model: Formulation, start: [Double]? = nil) -> SolveHints {
        SolveHints(initialColumns: columnGeneration ? model.initialColumns : nil, start: start)
    }
}

/// A value computed on another thread; `wait()` blocks until it is there.
public final class Pending<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: T?
    /// A value already there.
    public init(value: T) {
        self.value = value
        done.signal()
    }
    public init(_ work: @escaping @Sendable () -> T) {
        Thread.detachNewThread { [self] in
            value = work()
            done.signal()
        }
    }
    public func wait() -> T {
        done.wait()
        done.signal()
        return value!
    }
}

/// The timings of one planning run, filled in by its steps.
final class TimingBook: @unchecked Sendable {
    private let lock = NSLock()
    private var timings = PlanTimings()
    func update(_ change: (inout PlanTimings) -> Void) { lock.withLock { change(&timings) } }
    var value: PlanTimings { lock.withLock { timings } }
}

/// The best plan a step's progress has shown.
final class BestSoFar: @unchecked Sendable {
    private let lock = NSLock()
    private var best: PlanProgress?
    func set(_ p: PlanProgress) { lock.withLock { best = p } }
    var value: PlanProgress? { lock.withLock { best } }
}

/// A flag set once and read from other threads (a search that may stop with a proof; a plan no longer needed).
public final class SharedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    public init() {}
    public func set() { lock.withLock { flag = true } }
    public var isSet: Bool { lock.withLock { flag } }
}

extension ContinuousClock.Instant {
    var elapsedSeconds: Double {
        let d = ContinuousClock.now - self
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
