import Foundation
import GLPKBackend
import IntegerProgramming
import RotationModel

/// What planning produced.
public enum PlanOutcome: Sendable {
    /// A plan that keeps every hard rule.
    case plan(Plan)
    /// The rules cannot all be met; the diagnosis says which conflict and where.
    case cannotMeet(Diagnosis)
    /// The solver found no plan within the time limit (or failed): the sentence says which.
    case noPlan(String)
}

/// Policy → integer program → GLPK → plan.
///
/// Unmet subject need is minimised first, on its own; then the full objective is minimised with unmet need
/// held at that minimum, so no plan leaves a fillable shortage unfilled to gain on any other term, whatever the
/// weights (when `weights.shortage` is 0, shortages are not planned for).
public struct Planner: Sendable {
    public var solver: any IntegerProgramSolver
    /// Called while GLPK searches (when it starts, about once a second, and on each better plan).
    public var progress: (@Sendable (SolveProgress) -> Void)?
    /// Options for GLPK; the time limit and gap come from the policy.
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
    /// Called with a line about each phase (sizes, times, the solver's log when `options.keepLog` is set).
    public var trace: (@Sendable (String) -> Void)?

    public init(solver: any IntegerProgramSolver = GLPKSolver(), options: SolveOptions = SolveOptions(),
                progress: (@Sendable (SolveProgress) -> Void)? = nil) {
        self.solver = solver; self.options = options; self.progress = progress
    }

    /// Plans the year. `forced` pins teachers to schools (a "what if" question); it is validated by the rules
    /// like any other move, except that a teacher may be forced to stay or to any school of their level.
    public func plan(county: County, policy: Policy, forced: [(teacher: Int, school: Int)] = []) -> PlanOutcome {
        let clock = ContinuousClock.now
        let candidates = Candidates(county: county, policy: policy)
        let pre = candidates.precheck()
        if !pre.isEmpty { return .cannotMeet(Diagnosis(method: "precheck", findings: pre)) }
        let deadline = policy.solver.timeLimitSeconds
        func remaining() -> Double { max(0.5, deadline - clock.elapsedSeconds) }
        let hasNeeds = county.needs.contains { $0.required > 0 } && policy.weights.shortage > 0

        // The linear bound on the least unmet need (used below when the plan leaves a need unmet) is computed
        // meanwhile on another core, when there is one: it is an independent problem on its own thread.
        let shortageBound: Pending<SolveResult?>? = hasNeeds && ProcessInfo.processInfo.activeProcessorCount > 1
            ? Pending { leastUnmetRelaxation(candidates, forced: forced, limit: deadline) } : nil

        // The plan with the policy's weights.
        let buildClock = ContinuousClock.now
        var model = Formulation(candidates, mode: .plan, forced: forced)
        var buildSeconds = buildClock.elapsedSeconds
        if !model.brokenFixedRows.isEmpty { return diagnose(candidates, forced: forced) }
        var r: SolveResult
        // A search that finds no plan after much work is stopped; a plan found by a simpler search (see
        // seedPlan) then starts it again.
        var first = options(limit: remaining(), gap: policy.solver.gap, columns: model.initialColumns, fullObjective: true)
        first.firstSolutionIterations = firstPlanIterations
        do { r = try solver.solve(model.program, options: first) } catch {
            return .noPlan("the integer program could not be built soundly: \(error)")
        }
        if r.solution == nil, r.termination == .limitReached(.effort) {
            trace?("no plan after \(firstPlanIterations) simplex iterations of search: looking for any plan, shortages aside")
            if let seed = seedPlan(model, limit: remaining()) {
                var again = options(limit: remaining(), gap: policy.solver.gap, columns: model.initialColumns, fullObjective: true)
                again.start = seed
                if let r2 = try? solver.solve(model.program, options: again) { r = r2 }
                trace?("plan from the seed: \(r.termination) in \(String(format: "%.2f", r.solveSeconds)) s\n\(r.log)")
            } else {
                r.termination = .limitReached(.time)
            }
        }
        trace?("plan (policy weights): \(model.program.variables.count) variables, \(model.program.constraints.count) rows, built in \(String(format: "%.2f", buildSeconds)) s: \(r.termination) in \(String(format: "%.2f", r.solveSeconds)) s, objective \(r.solution?.objective ?? .nan), gap \(r.relativeGap ?? .nan)\n\(r.log)")
        switch r.termination {
        case .infeasible: return diagnose(candidates, forced: forced)
        case .optimal, .limitReached: break
        case .unbounded, .error: return .noPlan(r.detail + (r.log.isEmpty ? "" : "\n" + r.log))
        }
        guard var solution = r.solution else {
            return .noPlan("no plan found within the time limit of \(policy.solver.timeLimitSeconds) s; raise solver.time_limit_s")
        }
        var shortageProven = true
        var stoppedBy: String?

        // Shortage first: is this plan's unmet need the least possible? The linear relaxation of "minimise
        // unmet need" bounds it from below; when the plan meets the bound it is proven. Otherwise find the least
        // unmet need with that term weighted above all others together, then re-plan with it held there.
        let unmetNow = model.unmet.reduce(0.0) { $0 + solution[$1] }.rounded()
        if hasNeeds && unmetNow > 0 {
            let lp = shortageBound?.wait() ?? leastUnmetRelaxation(candidates, forced: forced, limit: remaining())
            let floor = lp?.solution.map { ($0.objective - 1e-6).rounded(.up) }
            trace?("least unmet need, linear bound: \(floor.map { String($0) } ?? "none") in \(String(format: "%.2f", lp?.solveSeconds ?? 0)) s; this plan: \(unmetNow)")
            if floor == nil || unmetNow > floor! {
                let first = Formulation(candidates, mode: .shortageFirst, forced: forced)
                let w = first.unmetWeight, low = first.otherLow, high = first.otherHigh
                var o = options(limit: remaining(), gap: 0, columns: first.initialColumns)
                let proven = ProofFlag()
                o.progress = { p in
                    // Stop once the bound rules out any plan with less unmet need than the best found.
                    guard let inc = p.incumbent, let bound = p.bound else { return true }
                    let unmet = ((inc - low) / w + 1e-9).rounded(.down)
                    if bound > w * (unmet - 1) + high + 1e-6 { proven.set(); return false }
                    return true
                }
                let r1 = try? solver.solve(first.program, options: o)
                let least = r1?.solution.map { s in first.unmet.reduce(0.0) { $0 + s[$1] }.rounded() }
                trace?("least unmet need, exact search: \(least.map { String($0) } ?? "none") (\(r1.map { "\($0.termination)" } ?? "failed"))")
                if let r1, let least {
                    let isProof = r1.termination == .optimal || proven.value
                    if !isProof { shortageProven = false; if case .limitReached(let why) = r1.termination { stoppedBy = why.rawValue } }
                    if least < unmetNow {
                        let again = ContinuousClock.now
                        model = Formulation(candidates, mode: .plan, forced: forced, unmetCap: least + 1e-6)
                        buildSeconds += again.elapsedSeconds
                        if let r2 = try? solver.solve(model.program, options: options(limit: remaining(), gap: policy.solver.gap, columns: model.initialColumns, fullObjective: true)),
                           let s2 = r2.solution {
                            r = r2; solution = s2
                        } else {
                            return .noPlan("no plan with the least unmet need found within the time limit; raise solver.time_limit_s")
                        }
                    }
                } else {
                    shortageProven = false; stoppedBy = "time"
                }
            }
        }
        let allOptimal = r.termination == .optimal && shortageProven
        if case .limitReached(let why) = r.termination { stoppedBy = why.rawValue }
        var destination = candidates.current
        for t in county.teachers.indices {
            if case .locked(let s) = candidates.positions[t] { destination[t] = s }
            for (s, v) in model.moves[t] where solution[v] > 0.5 { destination[t] = s }
        }
        var terms = ObjectiveTerms()
        let values = solution.values
        terms.shortage = model.terms["shortage"]?.value(at: values) ?? 0
        terms.balance = model.terms["balance"]?.value(at: values) ?? 0
        terms.commute = model.terms["commute"]?.value(at: values) ?? 0
        terms.moves = model.terms["moves"]?.value(at: values) ?? 0
        terms.preference = model.terms["preference"]?.value(at: values) ?? 0
        terms.floor = model.terms["floor"]?.value(at: values) ?? 0
        let status: Plan.Status = allOptimal ? .optimal : .feasible
        return .plan(Plan(status: status, stoppedBy: allOptimal ? nil : (stoppedBy ?? "time"), objective: solution.objective,
                          bestBound: allOptimal ? solution.objective : r.bestBound,
                          gap: allOptimal ? 0 : r.relativeGap, terms: terms,
                          solveSeconds: clock.elapsedSeconds, buildSeconds: buildSeconds,
                          variables: model.program.variables.count, constraints: model.program.constraints.count,
                          candidates: candidates, destination: destination))
    }

    /// Any plan that keeps the rules, to start a search that found none: the same program without the shortage
    /// term (its weight dwarfs the others and makes the relaxation's plans hard to round; measured on a 30 %
    /// backbone share, where a search for the fewest moves found nothing either), stopped at its first plan;
    /// then the continuous columns (unmet need, balance) completed at their best for those moves by a linear
    /// program with the moves fixed.
    func seedPlan(_ model: Formulation, limit: Double) -> [Double]? {
        var seedProgram = model.program
        var rest = LinearExpression()
        for k in ["balance", "commute", "moves", "preference"] { if let e = model.terms[k] { rest += e } }
        seedProgram.setObjective(.minimize, rest)
        var o = options(limit: limit, gap: 1, columns: model.initialColumns)
        o.progress = { p in p.incumbent == nil }
        let r = try? solver.solve(seedProgram, options: o)
        trace?("a first plan, shortages aside: \(r.map { "\($0.termination)" } ?? "failed") in \(String(format: "%.2f", r?.solveSeconds ?? 0)) s, "
               + "objective \(r?.solution?.objective ?? .nan)\n\(r?.log ?? "")")
        guard let x = r?.solution else { return nil }
        var fixed = model.program
        for (t, row) in model.moves.enumerated() {
            for (_, v) in row { fixed.setBounds(v, lowerBound: x[v].rounded(), upperBound: x[v].rounded()) }
            if let st = model.stay[t] { fixed.setBounds(st, lowerBound: x[st].rounded(), upperBound: x[st].rounded()) }
        }
        guard let lp = try? solver.solveRelaxation(fixed, options: options(limit: limit, gap: 0)), let y = lp.solution else { return nil }
        return y.values
    }

    /// The linear relaxation of "minimise unmet need": a bound no plan can beat.
    func leastUnmetRelaxation(_ candidates: Candidates, forced: [(teacher: Int, school: Int)], limit: Double) -> SolveResult? {
        let relaxed = Formulation(candidates, mode: .shortageOnly, forced: forced)
        return try? solver.solveRelaxation(relaxed.program, options: options(limit: limit, gap: 0, columns: relaxed.initialColumns))
    }

    /// The integer program of the full objective, for export and cross-checking (`rotation plan --export`).
    public func program(county: County, policy: Policy) -> IntegerProgram {
        Formulation(Candidates(county: county, policy: policy), mode: .plan).program
    }

    /// Re-solves with every rule row relaxed by a penalised slack and names the rows that had to give.
    func diagnose(_ candidates: Candidates, forced: [(teacher: Int, school: Int)]) -> PlanOutcome {
        let model = Formulation(candidates, mode: .diagnose, forced: forced)
        guard let r = try? solver.solve(model.program, options: options(limit: max(5, candidates.policy.solver.timeLimitSeconds), gap: 0)),
              let solution = r.solution else {
            return .cannotMeet(Diagnosis(method: "relaxation", findings: [Diagnosis.Finding(
                rules: [], schoolID: nil, schoolName: nil, teacherIDs: [],
                message: "the rules cannot all be met, and the relaxed re-solve found no explanation within the time limit",
                remedy: "raise solver.time_limit_s and run again")]))
        }
        var broken: [(RuleRow, Double)] = []
        for (v, row) in model.slacks where solution[v] > 0.5 { broken.append((row, solution[v])) }
        for row in model.brokenFixedRows { broken.append((row, 1)) }
        broken.sort { a, b in
            (a.0.rule, a.0.school ?? -1, a.0.kind.rawValue) < (b.0.rule, b.0.school ?? -1, b.0.kind.rawValue)
        }
        var findings = candidates.findings(from: broken)
        if findings.isEmpty {
            findings = [Diagnosis.Finding(rules: [], schoolID: nil, schoolName: nil, teacherIDs: [],
                                          message: "the rules cannot all be met together, though each holds when the others are relaxed one unit at a time",
                                          remedy: "relax rotation_rate, max_commute_km or keep_headcount and run again")]
        }
        return .cannotMeet(Diagnosis(method: "relaxation", findings: findings))
    }

    /// The solver options of one phase. `fullObjective`: the program has the policy's weights (not a
    /// shortage-only or shortage-dominated objective); its first relaxation is solved by the dual simplex,
    /// measured 2–3 times faster there, and slower on the shortage-only relaxation (docs/performance.md).
    private func options(limit: Double, gap: Double, columns: [Bool]? = nil, fullObjective: Bool = false) -> SolveOptions {
        var o = options
        if fullObjective {
            o.firstRelaxation = .dual
            o.proofEffort = proofEffort
            o.proofMinimumIterations = proofMinimumIterations
        }
        o.initialColumns = columnGeneration ? columns : nil
        o.timeLimitSeconds = limit
        o.relativeGap = gap
        if let progress {
            o.progress = { p in progress(p); return true }
        }
        return o
    }
}

/// A value computed on another thread; `wait()` blocks until it is there.
final class Pending<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: T?
    init(_ work: @escaping @Sendable () -> T) {
        Thread.detachNewThread { [self] in
            value = work()
            done.signal()
        }
    }
    func wait() -> T {
        done.wait()
        done.signal()
        return value!
    }
}

/// Set from the solver's progress callback when the search may stop with a proof.
final class ProofFlag: @unchecked Sendable {
    private var flag = false
    func set() { flag = true }
    var value: Bool { flag }
}

extension ContinuousClock.Instant {
    var elapsedSeconds: Double {
        let d = ContinuousClock.now - self
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
