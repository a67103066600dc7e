import Foundation
import GLPKBackend
import IntegerProgramming
import Testing

/// A solver to run the conformance suite on: every implementation of ``IntegerProgramSolver`` must pass it.
/// GLPK runs it twice: with the backend's defaults and with GLPK's own.
struct Backend: Sendable, CustomTestStringConvertible {
    let name: String
    let solver: any IntegerProgramSolver
    var testDescription: String { name }
    static let all = [Backend(name: "GLPK", solver: GLPKSolver()),
                      Backend(name: "GLPK with its own defaults", solver: GLPKSolver(parameters: .glpkDefaults))]
}

/// What the ``IntegerProgramSolver`` protocol promises, written against the protocol alone: known optima,
/// honest terminations (a limit is never called optimal), infeasible and unbounded programs, unsound programs
/// as Swift errors, progress callbacks, the proof effort, and hints that never change what is proven.
@Suite("solver conformance")
struct SolverConformanceTests {
    @Test(arguments: Backend.all) func knapsackReachesItsKnownOptimum(_ backend: Backend) throws {
        // values 60,100,120 weights 10,20,30 capacity 50 → take items 2 and 3, value 220.
        var program = IntegerProgram()
        let items = (0..<3).map { program.addVariable("take_\($0)", .binary) }
        let values = [60.0, 100, 120], weights = [10.0, 20, 30]
        program.addConstraint("capacity", LinearExpression(terms: zip(items, weights).map { ($0, $1) }), lessOrEqual: 50)
        program.setObjective(.maximize, LinearExpression(terms: zip(items, values).map { ($0, $1) }))
        let result = try backend.solver.solve(program, options: SolveOptions())
        #expect(result.termination == .optimal)
        let solution = try #require(result.solution)
        #expect(solution.objective == 220)
        #expect(items.map { solution.integerValue($0) } == [0, 1, 1])
        #expect(result.bestBound == 220)
        #expect(result.relativeGap == 0)
    }

    /// Three workers, three jobs, a cost matrix with a unique optimum: worker i → job σ(i) with σ = (2, 0, 1),
    /// cost 1 + 2 + 3 = 6.
    static func assignment() -> (program: IntegerProgram, x: [[Variable]]) {
        let cost: [[Double]] = [[9, 8, 1], [2, 7, 9], [8, 3, 9]]
        var program = IntegerProgram()
        var x: [[Variable]] = []
        for i in 0..<3 { x.append((0..<3).map { j in program.addVariable("x_\(i)_\(j)", .binary) }) }
        for i in 0..<3 { program.addConstraint("worker_\(i)", x[i].sum(), equal: 1) }
        for j in 0..<3 { program.addConstraint("job_\(j)", (0..<3).map { x[$0][j] }.sum(), equal: 1) }
        var objective = LinearExpression()
        for i in 0..<3 { for j in 0..<3 { objective.add(x[i][j], cost[i][j]) } }
        program.setObjective(.minimize, objective)
        return (program, x)
    }

    @Test(arguments: Backend.all) func assignmentFindsTheCheapestMatching(_ backend: Backend) throws {
        let (program, x) = Self.assignment()
        let result = try backend.solver.solve(program, options: SolveOptions())
        #expect(result.termination == .optimal)
        let solution = try #require(result.solution)
        #expect(solution.objective == 6)
        #expect(solution.integerValue(x[0][2]) == 1 && solution.integerValue(x[1][0]) == 1 && solution.integerValue(x[2][1]) == 1)
    }

    @Test(arguments: Backend.all) func integerVariablesAndObjectiveConstantAreHonoured(_ backend: Backend) throws {
        // max 3a + 2b + 10 with a + b ≤ 4.5, a ≤ 2.5, a,b integer ≥ 0 → a = 2, b = 2 → 20.
        var program = IntegerProgram()
        let a = program.addVariable("a", .integer, lowerBound: 0, upperBound: nil)
        let b = program.addVariable("b", .integer, lowerBound: 0, upperBound: nil)
        program.addConstraint("sum", a + b, lessOrEqual: 4.5)
        program.addConstraint("a_cap", LinearExpression(a), lessOrEqual: 2.5)
        program.setObjective(.maximize, 3 * a + 2 * b + 10)
        let result = try backend.solver.solve(program, options: SolveOptions())
        #expect(result.termination == .optimal)
        #expect(result.solution?.objective == 20)
    }

    /// A market-split instance (Cornuéjols & Dawande): tiny, yet far beyond branch-and-bound in a second.
    /// The slack form always has solutions, so a time limit stops with an incumbent that is not proven.
    static func marketSplit(rows: Int = 4, columns: Int = 36, seed: UInt64 = 7) -> IntegerProgram {
        var state = seed
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % 100) }
        var program = IntegerProgram()
        let x = (0..<columns).map { program.addVariable("x_\($0)", .binary) }
        var objective = LinearExpression()
        for i in 0..<rows {
            let a = (0..<columns).map { _ in Double(next()) }
            let target = (a.reduce(0, +) / 2).rounded(.down)
            let over = program.addVariable("over_\(i)", .integer, lowerBound: 0, upperBound: nil)
            let under = program.addVariable("under_\(i)", .integer, lowerBound: 0, upperBound: nil)
            program.addConstraint("split_\(i)", LinearExpression(terms: zip(x, a).map { ($0, $1) }) - over + under, equal: target)
            objective += over + under
        }
        program.setObjective(.minimize, objective)
        return program
    }

    @Test(arguments: Backend.all) func timeLimitStopsWithAnIncumbentThatIsNotCalledOptimal(_ backend: Backend) throws {
        let progressSeen = ProgressCounter()
        let options = SolveOptions(timeLimitSeconds: 1, progress: { _ in progressSeen.increment(); return true })
        let result = try backend.solver.solve(Self.marketSplit(), options: options)
        #expect(result.termination == .limitReached(.time))
        let solution = try #require(result.solution)
        let bound = try #require(result.bestBound)
        #expect(bound <= solution.objective + 1e-9)
        #expect(try #require(result.relativeGap) > 0)
        #expect(result.detail.contains("not proven optimal"))
        #expect(progressSeen.value > 0)
    }

    @Test(arguments: Backend.all) func aProgressCallbackCanStopTheSearch(_ backend: Backend) throws {
        let options = SolveOptions(timeLimitSeconds: 30, progress: { $0.incumbent == nil })
        let result = try backend.solver.solve(Self.marketSplit(), options: options)
        #expect(result.termination == .limitReached(.interrupted))
        #expect(result.solution != nil)
        #expect(result.solveSeconds < 30)
    }

    @Test("past the gap, a proof effort carries the search on to a proof", arguments: Backend.all, UInt64(1)...6)
    func proofEffortProves(_ backend: Backend, seed: UInt64) throws {
        let program = Self.marketSplit(rows: 2, columns: 14, seed: seed)
        let exact = try backend.solver.solve(program, options: SolveOptions(timeLimitSeconds: 30))
        #expect(exact.termination == .optimal)
        var options = SolveOptions(timeLimitSeconds: 30, relativeGap: 0.9)
        options.proofEffort = 1e9
        options.proofMinimumIterations = 1_000_000_000
        let proven = try backend.solver.solve(program, options: options)
        #expect(proven.termination == .optimal)
        #expect(abs(try #require(proven.solution).objective - exact.solution!.objective) < 1e-9)
        // A small effort ends either proven or within the gap, never worse than asked.
        options.proofEffort = 0.01
        options.proofMinimumIterations = 0
        let quick = try backend.solver.solve(program, options: options)
        #expect(quick.termination == .optimal || quick.termination == .limitReached(.gap))
        #expect(try #require(quick.relativeGap) <= 0.9 + 1e-12)
    }

    @Test(arguments: Backend.all)
    func infeasibleProgramsSayInfeasible(_ backend: Backend) throws {
        var program = IntegerProgram()
        let x = program.addVariable("x", .integer, lowerBound: 0, upperBound: 10)
        let y = program.addVariable("y", .integer, lowerBound: 0, upperBound: 10)
        program.addConstraint("odd", 2 * x + 2 * y, equal: 7) // only integrality makes it infeasible
        program.setObjective(.minimize, x + y)
        let result = try backend.solver.solve(program, options: SolveOptions())
        #expect(result.termination == .infeasible)
        #expect(result.solution == nil)
    }

    @Test(arguments: Backend.all)
    func unboundedProgramsSayUnbounded(_ backend: Backend) throws {
        var program = IntegerProgram()
        let x = program.addVariable("x", .integer, lowerBound: 0, upperBound: nil)
        let y = program.addVariable("y", .integer, lowerBound: 0, upperBound: 3)
        program.addConstraint("link", x - y, greaterOrEqual: 1)
        program.setObjective(.maximize, x + y)
        let result = try backend.solver.solve(program, options: SolveOptions())
        #expect(result.termination == .unbounded)
        #expect(result.solution == nil)
    }

    @Test(arguments: Backend.all) func aNaNCoefficientIsASwiftErrorNotACrash(_ backend: Backend) throws {
        var program = IntegerProgram()
        let x = program.addVariable("x", .binary)
        program.addConstraint("bad_row", Double.nan * x, lessOrEqual: 1)
        program.setObjective(.maximize, LinearExpression(x))
        #expect {
            try backend.solver.solve(program, options: SolveOptions())
        } throws: { error in
            guard case SolverError.invalidModel(let errors) = error else { return false }
            return errors.contains { $0.kind == .nonFiniteCoefficient && $0.location.contains("bad_row") }
        }
    }

    @Test(arguments: Backend.all) func aFractionalBoundOnAnIntegerVariableIsASwiftError(_ backend: Backend) throws {
        var program = IntegerProgram()
        let x = program.addVariable("x", .integer, lowerBound: 0, upperBound: 2.5)
        program.setObjective(.maximize, LinearExpression(x))
        #expect {
            try backend.solver.solve(program, options: SolveOptions())
        } throws: { error in
            guard case SolverError.invalidModel(let errors) = error else { return false }
            return errors.contains { $0.kind == .fractionalBoundOnIntegerVariable && $0.location.contains("x") }
        }
        // An infinite bound and a name GLPK would reject are caught the same way.
        var other = IntegerProgram()
        let y = other.addVariable("has space", .continuous, lowerBound: -.infinity, upperBound: nil)
        other.setObjective(.minimize, LinearExpression(y))
        let kinds = other.validate().map(\.kind)
        #expect(kinds.contains(.badName) && kinds.contains(.nonFiniteBound))
    }

    /// A random assignment with capacities and a side constraint, solved whole and by column generation from
    /// one column per worker.
    @Test("starting columns (a hint) never change the proven optimum", arguments: Backend.all, 1...40)
    func columnGeneration(_ backend: Backend, seed: Int) throws {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        let workers = 8 + next() % 10, tasks = 3 + next() % 5
        var p = IntegerProgram()
        var x: [[Variable]] = []
        var start: [Bool] = []
        var objective = LinearExpression()
        var load = Array(repeating: LinearExpression(), count: tasks)
        var special = LinearExpression()
        for w in 0..<workers {
            var row: [Variable] = []
            var one = LinearExpression()
            for k in 0..<tasks {
                let v = p.addVariable("x_\(w)_\(k)", .binary)
                row.append(v); one.add(v); load[k].add(v)
                objective.add(v, Double(next() % 50) - 10)
                if next() % 3 == 0 { special.add(v, Double(1 + next() % 4)) }
                start.append(k == w % tasks)
            }
            p.addConstraint("one_\(w)", one, equal: 1)
            x.append(row)
        }
        for k in 0..<tasks { p.addConstraint("cap_\(k)", load[k], lessOrEqual: Double(workers / tasks + 1 + next() % 2)) }
        if !special.terms.isEmpty { p.addConstraint("special", special, greaterOrEqual: Double(next() % 6)) }
        p.setObjective(.minimize, objective)
        let generated = SolveHints(initialColumns: start)
        let whole = try backend.solver.solve(p, options: SolveOptions())
        let cg = try backend.solver.solve(p, options: SolveOptions(), hints: generated)
        #expect(cg.termination == whole.termination, "seed \(seed)")
        if let a = whole.solution, let b = cg.solution {
            #expect(abs(a.objective - b.objective) < 1e-6, "seed \(seed): \(a.objective) vs \(b.objective)")
            #expect(cg.termination == .optimal)
        }
        let lpWhole = try backend.solver.solveRelaxation(p, options: SolveOptions())
        let lpCG = try backend.solver.solveRelaxation(p, options: SolveOptions(), hints: generated)
        #expect(lpWhole.termination == lpCG.termination)
        if let a = lpWhole.solution, let b = lpCG.solution { #expect(abs(a.objective - b.objective) < 1e-6) }
    }

    /// A feasible start (a hint) never changes the proven optimum, and a start that is the optimum is kept.
    @Test(arguments: Backend.all)
    func aStartingSolutionNeverChangesTheOptimum(_ backend: Backend) throws {
        let (program, _) = Self.assignment()
        // The identity assignment: feasible, cost 9 + 7 + 9.
        let identity = (0..<9).map { $0 % 4 == 0 ? 1.0 : 0.0 }
        let result = try backend.solver.solve(program, options: SolveOptions(), hints: SolveHints(start: identity))
        #expect(result.termination == .optimal)
        #expect(result.solution?.objective == 6)
    }

    /// Progress reports only real bounds and gaps (GLPK's ±DBL_MAX before its first relaxation is no bound).
    @Test(arguments: Backend.all)
    func progressReportsOnlyFiniteBounds(_ backend: Backend) throws {
        let seen = BoundLog()
        let options = SolveOptions(timeLimitSeconds: 1, progress: { p in seen.add(p); return true })
        _ = try backend.solver.solve(Self.marketSplit(), options: options)
        #expect(seen.count > 0)
        #expect(seen.allFinite)
    }
}

final class BoundLog: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshots: [SolveProgress] = []
    func add(_ p: SolveProgress) { lock.lock(); snapshots.append(p); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return snapshots.count }
    var allFinite: Bool {
        lock.lock(); defer { lock.unlock() }
        return snapshots.allSatisfy { p in
            (p.bound.map { abs($0) < 1e300 } ?? true) && (p.relativeGap.map { $0.isFinite && $0 < 1e300 } ?? true)
        }
    }
}
