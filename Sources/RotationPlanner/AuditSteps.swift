import Foundation
import IntegerProgramming
import RotationModel

/// What planning for the audit (`audit.goal`) settled, for the outputs.
public struct AuditGoalOutcome: Sendable, Equatable {
    /// The CV caps the plan holds as rules (R8).
    public var capsHeld: [CapKey]
    /// Caps no plan meets with the least unmet need and the caps held (proven by the linear relaxation or the search).
    public var capsOutOfReach: [CapKey]
    /// Caps the search could neither meet nor rule out within its limits.
    public var capsUnsettled: [CapKey]
    /// Schools passing (both levels), and whether no plan passes more was proven.
    public var schoolsPassing: Int
    public var passingProven: Bool
    /// False when the audit steps found no plan within the time left (the plan of the least unmet need stands).
    public var finished = true

    static let unfinished = AuditGoalOutcome(capsHeld: [], capsOutOfReach: [], capsUnsettled: [], schoolsPassing: 0,
                                             passingProven: false, finished: false)
}

extension Planner {
    /// The audit steps, after the plan of the least unmet need (`step`): which CV caps hold, then the most
    /// schools passing, then the usual terms with those held. Returns the final search and what was settled,
    /// or nil when a step found no plan (the plan of the least unmet need then stands).
    func auditSteps(_ run: PlanningRun, after step: SearchStep, hasNeeds: Bool) -> (SearchStep, AuditGoalOutcome)? {
        let c = run.candidates, policy = run.policy
        let unmetCap = hasNeeds ? step.unmet + 1e-6 : nil
        var witness = step.model.witness(step.solution)
        var held = Set<CapKey>(), outOfReach: [CapKey] = [], unsettled: [CapKey] = []
        for level in TeachingLevel.allCases {
            for indicator in Indicator.allCases {
                let key = CapKey(level: level, indicator: indicator)
                // Judged by the cap's row itself, on the latest plan (which keeps every cap held before).
                guard let holds = R8AuditCaps.rowHolds(key, witness, in: c) else { continue }
                if holds { held.insert(key); continue }
                switch reachCap(key, holding: held, run, unmetCap: unmetCap) {
                case .reached(let plan): held.insert(key); witness = plan
                // A row no plan keeps is a cap no plan meets only where the row is exact.
                case .outOfReach: if R8AuditCaps.exact(level, in: c) { outOfReach.append(key) } else { unsettled.append(key) }
                case .unsettled: unsettled.append(key)
                }
            }
        }
        // The most schools passing.
        let most = Formulation(c, mode: .plan, forced: run.forced, stability: run.stability, unmetCap: unmetCap,
                               audit: AuditStage(caps: held, passColumns: true, maximisePassing: true))
        let startClock = ContinuousClock.now
        guard let start = completion(of: witness.destination, in: most, run) else { return nil }
        trace?("audit: caps settled and a start completed at \(String(format: "%.2f", run.clock.elapsedSeconds)) s (completion \(String(format: "%.2f", startClock.elapsedSeconds)) s)")
        // Searched for at most `passingIterations` simplex iterations once a first plan is found (counted in work,
        // not seconds, so that the same county gives the same plan): proven when the search ends before that.
        var o = options(limit: run.remaining(), gap: .greatestFiniteMagnitude, phase: .auditPassing, model: most)
        o.proofEffort = .leastNonzeroMagnitude
        o.proofMinimumIterations = passingIterations
        guard let rp = try? solver.solve(most.program, options: o, hints: hints(most, start: start)), let xp = rp.solution,
              let passingExpression = most.passing else { return nil }
        var passing = Int(passingExpression.value(at: xp.values).rounded())
        var passingValues = xp.values, passingProven = rp.termination == .optimal
        if !passingProven, let bound = rp.bestBound, Int((-bound + 1e-6).rounded(.down)) <= passing { passingProven = true }
        if !passingProven { (passingValues, passing) = morePassing(most, passingExpression, from: xp.values, passing: passing, run) }
        trace?("audit: caps held \(held.count), out of reach \(outOfReach.count), unsettled \(unsettled.count); "
               + "schools passing \(passing) (\(rp.termination) in \(String(format: "%.2f", rp.solveSeconds)) s, bound \(rp.bestBound ?? .nan))\n\(rp.log)")
        // The usual terms, with the caps and the passing schools held.
        var final = Formulation(c, mode: .plan, forced: run.forced, stability: run.stability, unmetCap: unmetCap,
                                audit: AuditStage(caps: held, passColumns: true, leastPassing: passing))
        if !passingProven { final.holdPassing(as: passingValues) }
        let buildClock = ContinuousClock.now
        guard let r = try? solver.solve(final.program, options: options(limit: run.remaining(), gap: policy.solver.gap, fullObjective: true,
                                                                        phase: .auditPassing, model: final),
                                        hints: hints(final, start: passingValues)),
              let x = r.solution else { return nil }
        return (SearchStep(model: final, result: r, solution: x, buildSeconds: step.buildSeconds + buildClock.elapsedSeconds),
                AuditGoalOutcome(capsHeld: held.sorted(), capsOutOfReach: outOfReach, capsUnsettled: unsettled,
                                 schoolsPassing: passing, passingProven: passingProven))
    }

    /// More schools passing than the search found, by relaxation-induced neighbourhoods (RINS, Danna, Rothberg
    /// and Le Pape): every binary column on which the plan and the linear relaxation agree is held where the
    /// plan has it, and the others searched again (for at most `passingIterations` simplex iterations after the
    /// plan offered); repeated from each better plan. Measured on the medium example: 3 schools passing → 6.
    func morePassing(_ most: Formulation, _ passingExpression: LinearExpression, from start: [Double], passing: Int,
                     _ run: PlanningRun) -> (values: [Double], passing: Int) {
        var best = start, passing = passing
        guard let lp = try? solver.solveRelaxation(most.program, options: options(limit: run.remaining(), gap: 0, phase: .auditPassing),
                                                   hints: hints(most)), let relaxed = lp.solution?.values else { return (best, passing) }
        let binaries = most.program.variables(of: .binary)
        while true {
            var neighbourhood = most.program, free = 0
            for v in binaries {
                if abs(relaxed[v.index] - best[v.index]) < 1e-6 {
                    neighbourhood.setBounds(v, lowerBound: best[v.index].rounded(), upperBound: best[v.index].rounded())
                } else { free += 1 }
            }
            var o = options(limit: run.remaining(), gap: 0, phase: .auditPassing)
            o.proofEffort = .leastNonzeroMagnitude
            o.proofMinimumIterations = passingIterations
            guard let r = try? solver.solve(neighbourhood, options: o, hints: hints(most, start: best)), let x = r.solution else { break }
            let found = Int(passingExpression.value(at: x.values).rounded())
            trace?("audit: \(free) columns free around the plan: \(found) schools passing (\(r.termination) in \(String(format: "%.2f", r.solveSeconds)) s)")
            guard found > passing else { break }
            best = x.values; passing = found
        }
        return (best, passing)
    }

    enum CapReach { case reached(Witness), outOfReach, unsettled }

    /// Whether some plan meets the cap `key` with the caps `held` and the least unmet need: no when even the
    /// linear relaxation has no solution, yes with the first plan a search finds, else unsettled.
    func reachCap(_ key: CapKey, holding held: Set<CapKey>, _ run: PlanningRun, unmetCap: Double?) -> CapReach {
        let model = Formulation(run.candidates, mode: .plan, forced: run.forced, stability: run.stability, unmetCap: unmetCap,
                                audit: AuditStage(caps: held.union([key])))
        if !model.brokenFixedRows.isEmpty { return .outOfReach }
        let lp = try? solver.solveRelaxation(model.program, options: options(limit: run.remaining(), gap: 0, phase: .auditCaps), hints: hints(model))
        trace?("audit: cap \(key.level.rawValue) \(key.indicator.rawValue), linear relaxation: \(lp.map { "\($0.termination)" } ?? "failed") in \(String(format: "%.2f", lp?.solveSeconds ?? 0)) s")
        if lp?.termination == .infeasible { return .outOfReach }
        var o = options(options(limit: run.remaining(), gap: 1, phase: .auditCaps, model: model), stoppingWhen: { p in p.incumbent != nil })
        o.firstSolutionIterations = firstPlanIterations * 10
        guard let r = try? solver.solve(model.program, options: o, hints: hints(model)) else { return .unsettled }
        if r.termination == .infeasible { return .outOfReach }
        guard let x = r.solution else { return .unsettled }
        return .reached(model.witness(x))
    }


    /// A whole solution of `model` with every teacher where `destination` says: the moves fixed, the rest
    /// (unmet need, counts, the audit's columns) solved for.
    func completion(of destination: [Int], in model: Formulation, _ run: PlanningRun) -> [Double]? {
        var fixed = model.program
        for t in model.moves.indices where model.stay[t] != nil {
            // Every column elsewhere closed; at the destination the subject stays free (R1's row picks one).
            let here = Set(model.context.columns(of: t, at: destination[t]))
            for v in model.context.columns(of: t, at: run.candidates.current[t]) + model.moves[t].map(\.variable) {
                let on: Double = here.contains(v) ? 1 : 0
                fixed.setBounds(v, lowerBound: here.count == 1 ? on : 0, upperBound: on)
            }
        }
        return (try? solver.solve(fixed, options: options(limit: run.remaining(), gap: 0, phase: .auditPassing)))?.solution?.values
    }
}
