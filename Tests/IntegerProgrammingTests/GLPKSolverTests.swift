import Foundation
import GLPKBackend
import IntegerProgramming
import Testing

/// Real GLPK solves of small programs whose optima are known.
@Suite struct GLPKSolverTests {
    let solver = GLPKSolver()

    @Test func knapsackReachesItsKnownOptimum() throws {
        // values 60,100,120 weights 10,20,30 capacity 50 → take items 2 and 3, value 220.
        var program = IntegerProgram()
        let items = (0..<3).map { program.addVariable("take_\($0)", .binary) }
        let values = [60.0, 100, 120], weights = [10.0, 20, 30]
        program.addConstraint("capacity", LinearExpression(terms: zip(items, weights).map { ($0, $1) }), lessOrEqual: 50)
        program.setObjective(.maximize, LinearExpression(terms: zip(items, values).map { ($0, $1) }))
        let result = try solver.solve(program, options: SolveOptions())
        #expect(result.termination == .optimal)
        let solution = try #require(result.solution)
        #expect(solution.objective == 220)
        #expect(items.map { solution.integerValue($0) } == [0, 1, 1])
        #expect(result.bestBound == 220)
        #expect(result.relativeGap == 0)
    }

    @Test func assignmentFindsTheCheapestMatching() throws {
        // Cost matrix with a unique optimum: worker i → job σ(i) with σ = (2, 0, 1), cost 1 + 2 + 3 = 6.
        let cost: [[Double]] = [[9, 8, 1], [2, 7, 9], [8, 3, 9]]
        var program = IntegerProgram()
        var x: [[Variable]] = []
        for i in 0..<3 { x.append((0..<3).map { j in program.addVariable("x_\(i)_\(j)", .binary) }) }
        for i in 0..<3 { program.addConstraint("worker_\(i)", x[i].sum(), equal: 1) }
        for j in 0..<3 { program.addConstraint("job_\(j)", (0..<3).map { x[$0][j] }.sum(), equal: 1) }
        var objective = LinearExpression()
        for i in 0..<3 { for j in 0..<3 { objective.add(x[i][j], cost[i][j]) } }
        program.setObjective(.minimize, objective)
        let result = try solver.solve(program, options: SolveOptions())
        #expect(result.termination == .optimal)
        let solution = try #require(result.solution)
        #expect(solution.objective == 6)
        #expect(solution.integerValue(x[0][2]) == 1 && solution.integerValue(x[1][0]) == 1 && solution.integerValue(x[2][1]) == 1)
    }

    @Test func integerVariablesAndObjectiveConstantAreHonoured() throws {
        // max 3a + 2b + 10 with a + b ≤ 4.5, a ≤ 2.5, a,b integer ≥ 0 → a = 2, b = 2 → 20.
        var program = IntegerProgram()
        let a = program.addVariable("a", .integer, lowerBound: 0, upperBound: nil)
        let b = program.addVariable("b", .integer, lowerBound: 0, upperBound: nil)
        program.addConstraint("sum", a + b, lessOrEqual: 4.5)
        program.addConstraint("a_cap", LinearExpression(a), lessOrEqual: 2.5)
        program.setObjective(.maximize, 3 * a + 2 * b + 10)
        let result = try solver.solve(program, options: SolveOptions())
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

    @Test func timeLimitStopsWithAnIncumbentThatIsNotCalledOptimal() throws {
        let progressSeen = ProgressCounter()
        let options = SolveOptions(timeLimitSeconds: 1, progress: { _ in progressSeen.increment(); return true })
        let result = try solver.solve(Self.marketSplit(), options: options)
        #expect(result.termination == .limitReached(.time))
        let solution = try #require(result.solution)
        let bound = try #require(result.bestBound)
        #expect(bound <= solution.objective + 1e-9)
        #expect(try #require(result.relativeGap) > 0)
        #expect(result.detail.contains("not proven optimal"))
        #expect(progressSeen.value > 0)
    }

    @Test func aProgressCallbackCanStopTheSearch() throws {
        let options = SolveOptions(timeLimitSeconds: 30, progress: { $0.incumbent == nil })
        let result = try solver.solve(Self.marketSplit(), options: options)
        #expect(result.termination == .limitReached(.interrupted))
        #expect(result.solution != nil)
        #expect(result.solveSeconds < 30)
    }

    @Test("a work limit stops a search without a solution, at the same point every time")
    func firstSolutionWorkLimit() throws {
        var options = SolveOptions(timeLimitSeconds: 30)
        options.heuristics.rounding = false
        options.firstSolutionIterations = 0
        let stopped = try solver.solve(Self.marketSplit(), options: options)
        #expect(stopped.termination == .limitReached(.effort))
        #expect(stopped.solution == nil)
        #expect(stopped.detail.contains("work limit"))
        options.firstSolutionIterations = 200
        let a = try solver.solve(Self.marketSplit(rows: 2, columns: 16), options: options)
        let b = try solver.solve(Self.marketSplit(rows: 2, columns: 16), options: options)
        #expect(a.termination == b.termination && a.solution == b.solution)
    }

    @Test("past the gap, a proof effort carries the search on to a proof", arguments: UInt64(1)...6)
    func proofEffortProves(seed: UInt64) throws {
        let program = Self.marketSplit(rows: 2, columns: 14, seed: seed)
        let exact = try solver.solve(program, options: SolveOptions(timeLimitSeconds: 30))
        #expect(exact.termination == .optimal)
        var options = SolveOptions(timeLimitSeconds: 30, relativeGap: 0.9)
        options.proofEffort = 1e9
        options.proofMinimumIterations = 1_000_000_000
        let proven = try solver.solve(program, options: options)
        #expect(proven.termination == .optimal)
        #expect(abs(try #require(proven.solution).objective - exact.solution!.objective) < 1e-9)
        // A small effort ends either proven or within the gap, never worse than asked.
        options.proofEffort = 0.01
        options.proofMinimumIterations = 0
        let quick = try solver.solve(program, options: options)
        #expect(quick.termination == .optimal || quick.termination == .limitReached(.gap))
        #expect(try #require(quick.relativeGap) <= 0.9 + 1e-12)
    }

    @Test(arguments: [true, false])
    func infeasibleProgramsSayInfeasible(presolve: Bool) throws {
        var program = IntegerProgram()
        let x = program.addVariable("x", .integer, lowerBound: 0, upperBound: 10)
        let y = program.addVariable("y", .integer, lowerBound: 0, upperBound: 10)
        program.addConstraint("odd", 2 * x + 2 * y, equal: 7) // only integrality makes it infeasible
        program.setObjective(.minimize, x + y)
        let result = try solver.solve(program, options: SolveOptions(presolve: presolve))
        #expect(result.termination == .infeasible)
        #expect(result.solution == nil)
    }

    @Test(arguments: [true, false])
    func unboundedProgramsSayUnbounded(presolve: Bool) throws {
        var program = IntegerProgram()
        let x = program.addVariable("x", .integer, lowerBound: 0, upperBound: nil)
        let y = program.addVariable("y", .integer, lowerBound: 0, upperBound: 3)
        program.addConstraint("link", x - y, greaterOrEqual: 1)
        program.setObjective(.maximize, x + y)
        let result = try solver.solve(program, options: SolveOptions(presolve: presolve))
        #expect(result.termination == .unbounded)
        #expect(result.solution == nil)
    }

    @Test func aNaNCoefficientIsASwiftErrorNotACrash() throws {
        var program = IntegerProgram()
        let x = program.addVariable("x", .binary)
        program.addConstraint("bad_row", Double.nan * x, lessOrEqual: 1)
        program.setObjective(.maximize, LinearExpression(x))
        #expect {
            try solver.solve(program, options: SolveOptions())
        } throws: { error in
            guard case SolverError.invalidModel(let errors) = error else { return false }
            return errors.contains { $0.kind == .nonFiniteCoefficient && $0.location.contains("bad_row") }
        }
    }

    @Test func aFractionalBoundOnAnIntegerVariableIsASwiftError() throws {
        var program = IntegerProgram()
        let x = program.addVariable("x", .integer, lowerBound: 0, upperBound: 2.5)
        program.setObjective(.maximize, LinearExpression(x))
        #expect {
            try solver.solve(program, options: SolveOptions())
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

    @Test func solvesRunInParallelOnSeparateThreads() async throws {
        // Debian's GLPK keeps its environment per thread: each solve creates and frees its own problem.
        let results = try await withThrowingTaskGroup(of: Double?.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var program = IntegerProgram()
                    let items = (0..<30).map { program.addVariable("i\($0)", .binary) }
                    program.addConstraint("cap", LinearExpression(terms: items.enumerated().map { ($1, Double($0 % 7 + 3)) }), lessOrEqual: 40)
                    program.setObjective(.maximize, LinearExpression(terms: items.enumerated().map { ($1, Double($0 % 5 + 1)) }))
                    return try GLPKSolver().solve(program, options: SolveOptions()).solution?.objective
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results).count == 1 && results.first! != nil)
    }
}

final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

@Suite("GLPK edge cases")
struct GLPKEdgeCaseTests {
    @Test("a program whose presolve removes every column still solves")
    func presolveRemovesAll() throws {
        var p = IntegerProgram()
        let x = p.addVariable("x", .integer, lowerBound: 2, upperBound: 2)
        let y = p.addVariable("y", .binary)
        p.setBounds(y, lowerBound: 1, upperBound: 1)
        p.addConstraint("sum", x + y, lessOrEqual: 5)
        p.setObjective(.minimize, 3.0 * x + LinearExpression(y))
        let r = try GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination == .optimal)
        #expect(r.solution?.objective == 7)
        let lp = try GLPKSolver().solveRelaxation(p, options: SolveOptions())
        #expect(lp.termination == .optimal)
        #expect(lp.solution?.objective == 7)
        var generated = SolveOptions()
        generated.initialColumns = [true, false]
        #expect(try GLPKSolver().solve(p, options: generated).solution?.objective == 7)
        #expect(try GLPKSolver().solveRelaxation(p, options: generated).solution?.objective == 7)
    }

    @Test("a program without variables is solved by looking at its constants")
    func noVariables() throws {
        var p = IntegerProgram()
        p.setObjective(.minimize, LinearExpression() + 4)
        #expect(try GLPKSolver().solve(p, options: SolveOptions()).solution?.objective == 4)
        var generated = SolveOptions()
        generated.initialColumns = []
        #expect(try GLPKSolver().solve(p, options: generated).termination == .optimal)
        #expect(try GLPKSolver().solveRelaxation(p, options: SolveOptions()).termination == .optimal)
        p.addConstraint("broken", LinearExpression() + 2, lessOrEqual: 1)
        #expect(try GLPKSolver().solve(p, options: SolveOptions()).termination == .infeasible)
    }

    /// A random assignment with capacities and a side constraint, solved whole and by column generation from
    /// one column per worker.
    @Test("column generation proves the whole program's optimum", arguments: 1...40)
    func columnGeneration(seed: Int) throws {
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
        var generated = SolveOptions()
        generated.initialColumns = start
        let whole = try GLPKSolver().solve(p, options: SolveOptions())
        let cg = try GLPKSolver().solve(p, options: generated)
        #expect(cg.termination == whole.termination, "seed \(seed)")
        if let a = whole.solution, let b = cg.solution {
            #expect(abs(a.objective - b.objective) < 1e-6, "seed \(seed): \(a.objective) vs \(b.objective)")
            #expect(cg.termination == .optimal)
        }
        let lpWhole = try GLPKSolver().solveRelaxation(p, options: SolveOptions())
        let lpCG = try GLPKSolver().solveRelaxation(p, options: generated)
        #expect(lpWhole.termination == lpCG.termination)
        if let a = lpWhole.solution, let b = lpCG.solution { #expect(abs(a.objective - b.objective) < 1e-6) }
    }
}
