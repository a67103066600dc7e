import Foundation
import IntegerProgramming
import RotationModel

/// One call of ``Planner/plan(county:policy:forced:)``: the county's candidates, the forced moves, the clock.
struct PlanningRun {
    let candidates: Candidates
    let forced: [(teacher: Int, school: Int)]
    /// When re-planning: the previous plan, and the fewest changes to it (held in every step after the first).
    var stability: Stability?
    /// The least unmet need's linear bound rounded up, when known before the main search and above the bound
    /// itself: held as a cut in the main search (``Formulation``'s `unmetFloor`).
    var unmetFloor: Double?
    /// The least unmet need, proven before the main search (small programs): held in it as `unmetCap`.
    var leastUnmet: Double?
    let clock = ContinuousClock.now
    /// Where the time goes, step by step.
    let timings = TimingBook()
    var policy: Policy { candidates.policy }
    /// The time left of the policy's limit (at least half a second for each step).
    func remaining() -> Double { max(0.5, policy.solver.timeLimitSeconds - clock.elapsedSeconds) }
}

/// A search that found a plan: the program, the solver's result and its solution.
struct SearchStep {
    var model: Formulation
    var result: SolveResult
    var solution: Solution
    var buildSeconds: Double
    /// The plan's unmet need (whole teachers, or tenths with walking teachers' shares).
    var unmet: Double { model.rounded(model.unmet.reduce(0.0) { $0 + solution[$1] }) }
}

/// How the main search ended.
enum MainSearch {
    case found(SearchStep)
    /// The program has no solution, or the fixed positions already break a rule: diagnose.
    case cannotMeet
    /// The solver failed or found no plan in time (the sentence says which).
    case failed(LocalizedText)
}

/// Whether a plan's unmet need is proven the least possible.
enum ShortageProof: Equatable {
    case proven
    /// Not proven: the search for the least unmet need stopped at this limit (nil: it failed).
    case unproven(Termination.Limit?)
}

/// What the shortage proof found.
enum LeastShortage {
    /// The plan's unmet need is the least the search found (proven or not).
    case thisPlan(ShortageProof)
    /// A plan with this much less unmet need exists: re-plan with unmet need held there.
    case less(Double, ShortageProof)
}

extension Planner {
    /// The main search: the program with the policy's weights. A search that finds no plan after much work is
    /// stopped; a plan found by a simpler search (``seedPlan``) then starts it again.
    func mainSearch(_ run: PlanningRun) -> MainSearch {
        let policy = run.policy
        progress?(PlanProgress(phase: .plan, stage: nil))
        let buildClock = ContinuousClock.now
        let model = Formulation(run.candidates, mode: .plan, forced: run.forced, stability: run.stability,
                                unmetCap: run.leastUnmet.map { $0 + 1e-6 }, unmetFloor: run.unmetFloor)
        let buildSeconds = buildClock.elapsedSeconds
        run.timings.update { $0.build += buildSeconds }
        if !model.brokenFixedRows.isEmpty { return .cannotMeet }
        var first = options(limit: run.remaining(), gap: policy.solver.gap, fullObjective: true, phase: .plan, model: model)
        first.firstSolutionIterations = firstPlanIterations
        var r: SolveResult
        do { r = try solver.solve(model.program, options: first, hints: hints(model)) } catch {
            return .failed(LocalizedText(zh: "整数规划模型无法正确构建：\(error)", en: "the integer program could not be built soundly: \(error)"))
        }
        run.timings.update { $0.add(r.stages) }
        if r.solution == nil, r.termination == .limitReached(.effort) { r = seedRestart(run, model, after: r) }
        trace?("plan (policy weights): \(model.program.variables.count) variables, \(model.program.constraints.count) rows, built in \(String(format: "%.2f", buildSeconds)) s: \(r.termination) in \(String(format: "%.2f", r.solveSeconds)) s, objective \(r.solution?.objective ?? .nan), gap \(r.relativeGap ?? .nan)\n\(r.log)")
        switch r.termination {
        case .infeasible: return .cannotMeet
        case .optimal, .limitReached: break
        case .unbounded, .error:
            let detail = r.detail + (r.log.isEmpty ? "" : "\n" + r.log)
            return .failed(LocalizedText(zh: "求解器报错：\(detail)", en: detail))
        }
        guard let solution = r.solution else {
            let limit = PolicyKey.number(policy.solver.timeLimitSeconds)
            return .failed(LocalizedText(zh: "在 \(limit) 秒的求解时限内未找到方案；可提高求解时限 solver.time_limit_s",
                                         en: "no plan found within the time limit of \(policy.solver.timeLimitSeconds) s; raise solver.time_limit_s"))
        }
        return .found(SearchStep(model: model, result: r, solution: solution, buildSeconds: buildSeconds))
    }

    /// The seed restart: the main search started again from any plan that keeps the rules.
    func seedRestart(_ run: PlanningRun, _ model: Formulation, after r: SolveResult) -> SolveResult {
        trace?("no plan after \(firstPlanIterations) simplex iterations of search: looking for any plan, shortages aside")
        guard let seed = seedPlan(model, run, limit: run.remaining()) else {
            var stopped = r
            stopped.termination = .limitReached(.time)
            return stopped
        }
        let again = options(limit: run.remaining(), gap: run.policy.solver.gap, fullObjective: true, phase: .plan, model: model)
        guard let r2 = try? solver.solve(model.program, options: again, hints: hints(model, start: seed)) else { return r }
        run.timings.update { $0.add(r2.stages) }
        trace?("plan from the seed: \(r2.termination) in \(String(format: "%.2f", r2.solveSeconds)) s\n\(r2.log)")
        return r2
    }

    /// Any plan that keeps the rules, to start a search that found none: the same program with every term but
    /// the shortage (its weight dwarfs the others and makes the relaxation's plans hard to round; measured on a
    /// 30 % backbone share, where a search for the fewest moves found nothing either), the audit's columns
    /// held at 0, stopped at its first plan; then the continuous columns (unmet need, balance) completed at
    /// their best for those moves by a linear program with the moves fixed.
    func seedPlan(_ model: Formulation, _ run: PlanningRun, limit: Double) -> [Double]? {
        var seedProgram = model.program
        var rest = LinearExpression()
        for term in ObjectiveTerm.allCases where term != .shortage { rest += model.terms[term] ?? 0 }
        seedProgram.setObjective(.minimize, rest)
        for v in model.auditColumns { seedProgram.setBounds(v, lowerBound: 0, upperBound: 0) }
        let o = options(options(limit: limit, gap: 1, phase: .seed, model: model), stoppingWhen: { p in p.incumbent != nil })
        let r = try? solver.solve(seedProgram, options: o, hints: hints(model))
        if let r { run.timings.update { $0.add(r.stages) } }
        trace?("a first plan, shortages aside: \(r.map { "\($0.termination)" } ?? "failed") in \(String(format: "%.2f", r?.solveSeconds ?? 0)) s, "
               + "objective \(r?.solution?.objective ?? .nan)\n\(r?.log ?? "")")
        guard let x = r?.solution else { return nil }
        var fixed = model.program
        for v in model.auditColumns { fixed.setBounds(v, lowerBound: 0, upperBound: 0) }
        // Every binary column as the seed has it: moves, stays, subjects (R14), walks (R15), learning (R13).
        for v in model.program.variables(of: .binary) { fixed.setBounds(v, lowerBound: x[v].rounded(), upperBound: x[v].rounded()) }
        guard let lp = try? solver.solveRelaxation(fixed, options: options(limit: limit, gap: 0)), let y = lp.solution else { return nil }
        return y.values
    }

    /// The shortage proof: is the plan's unmet need the least possible? The linear relaxation of "minimise
    /// unmet need" bounds it from below; when the plan meets the bound it is proven. Otherwise a search with the
    /// shortage weighted above all other terms together finds the least unmet need, stopping as soon as its
    /// bound rules out any plan with less than the best found.
    func leastShortage(_ run: PlanningRun, than step: SearchStep, bound: Pending<SolveResult?>?) -> LeastShortage {
        let unmetNow = step.unmet
        let earlier = bound?.wait()
        let (lp, floor) = earlier.map { ($0, step.model.floor(of: $0)) } ?? leastUnmetFloor(run, limit: run.remaining(), phase: .leastShortage)
        trace?("least unmet need, linear bound: \(floor.map { String($0) } ?? "none") in \(String(format: "%.2f", lp?.solveSeconds ?? 0)) s; this plan: \(unmetNow)")
        if let floor, unmetNow <= floor { return .thisPlan(.proven) }
        guard let (least, proof) = exactLeastUnmet(run) else { return .thisPlan(.unproven(.time)) }
        return least < unmetNow ? .less(least, proof) : .thisPlan(proof)
    }

    /// The least unmet need of any plan, by a search of its own (mode `shortageFirst`: a unit of unmet need
    /// weighs more than every other term together), stopped once its bound rules out a plan with less unmet need
    /// than the best found; nil when it found no plan.
    /// `floor`: a bound already known (the linear one rounded up), held in the search and ending it when reached.
    /// `effort`: stop after this many simplex iterations past the first plan, proven or not (nil: the time left).
    func exactLeastUnmet(_ run: PlanningRun, floor: Double? = nil, effort: Int? = nil) -> (least: Double, proof: ShortageProof)? {
        let first = Formulation(run.candidates, mode: .shortageFirst, forced: run.forced, stability: run.stability, unmetFloor: floor)
        let w = first.unmetWeight, low = first.otherLow, high = first.otherHigh, q = first.unmetQuantum
        let proven = SharedFlag()
        var o = options(options(limit: run.remaining(), gap: 0, phase: .leastShortage, model: first), stoppingWhen: { p in
            // Stop once the bound (or the floor) rules out any plan with less unmet need than the best found.
            guard let inc = p.incumbent else { return false }
            let unmet = ((inc - low) / w / q + 1e-9).rounded(.down) * q
            if let floor, unmet <= floor + 1e-9 { proven.set(); return true }
            guard let bound = p.bound else { return false }
            if bound > w * (unmet - q) + high + 1e-6 { proven.set(); return true }
            return false
        })
        o.keepLog = trace != nil
        if let effort {
            o.relativeGap = .greatestFiniteMagnitude
            o.proofEffort = .leastNonzeroMagnitude
            o.proofMinimumIterations = effort
        }
        let r1 = try? solver.solve(first.program, options: o, hints: hints(first))
        let least = r1?.solution.map { s in first.rounded(first.unmet.reduce(0.0) { $0 + s[$1] }) }
        trace?("least unmet need, exact search: \(least.map { String($0) } ?? "none") (\(r1.map { "\($0.termination)" } ?? "failed"))\n\(r1?.log ?? "")")
        guard let r1, let least else { return nil }
        var proof = ShortageProof.proven
        if !(r1.termination == .optimal || proven.isSet) {
            if case .limitReached(let why) = r1.termination { proof = .unproven(why) } else { proof = .unproven(nil) }
        }
        return (least, proof)
    }

    /// The re-plan: the policy's weights again, with unmet need held at its least.
    func replan(_ run: PlanningRun, unmetAtMost least: Double, after step: SearchStep) -> SearchStep? {
        let again = ContinuousClock.now
        let model = Formulation(run.candidates, mode: .plan, forced: run.forced, stability: run.stability, unmetCap: least + 1e-6)
        let buildSeconds = step.buildSeconds + again.elapsedSeconds
        guard let r = try? solver.solve(model.program, options: options(limit: run.remaining(), gap: run.policy.solver.gap, fullObjective: true,
                                                                        phase: .replan, model: model),
                                        hints: hints(model)),
              let s = r.solution else { return nil }
        run.timings.update { $0.add(r.stages); $0.build += buildSeconds - step.buildSeconds }
        return SearchStep(model: model, result: r, solution: s, buildSeconds: buildSeconds)
    }

    /// The linear relaxation of "minimise unmet need", a bound no plan can beat, and its value rounded up to whole
    /// teachers (tenths with walking teachers' shares): the least unmet need any plan can have.
    /// `phase`: the step to report progress as (none when computed meanwhile on another thread).
    func leastUnmetFloor(_ run: PlanningRun, limit: Double, phase: PlanProgress.Phase? = nil) -> (relaxation: SolveResult?, floor: Double?) {
        let relaxed = Formulation(run.candidates, mode: .shortageOnly, forced: run.forced, stability: run.stability)
        var o = options(limit: limit, gap: 0, phase: phase)
        o.keepLog = trace != nil
        let lp = try? solver.solveRelaxation(relaxed.program, options: o, hints: hints(relaxed))
        trace?("least unmet need, linear relaxation: \(lp.map { "\($0.termination)" } ?? "failed") in \(String(format: "%.2f", lp?.solveSeconds ?? 0)) s\n\(lp?.log ?? "")")
        return (lp, lp.flatMap { relaxed.floor(of: $0) })
    }
}
