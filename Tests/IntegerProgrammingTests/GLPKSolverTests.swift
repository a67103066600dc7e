import Foundation
import GLPKBackend
import IntegerProgramming
import Testing

/// What only the GLPK backend does: its own parameters (presolve, heuristics), its work limits counted in
/// simplex iterations, threads, and GLPK's edge cases. The protocol's promises are in the conformance suite.
@Suite struct GLPKSolverTests {
    @Test("a work limit stops a search without a solution, at the same point every time")
    func firstSolutionWorkLimit() throws {
        let solver = GLPKSolver(parameters: GLPKParameters(
            heuristics: GLPKParameters.Heuristics(rounding: false, feasibilityPump: false, proximitySearch: false)))
        var options = SolveOptions(timeLimitSeconds: 30)
        options.firstSolutionIterations = 0
        let stopped = try solver.solve(SolverConformanceTests.marketSplit(), options: options)
        #expect(stopped.termination == .limitReached(.effort))
        #expect(stopped.solution == nil)
        #expect(stopped.detail.contains("work limit"))
        options.firstSolutionIterations = 200
        let a = try solver.solve(SolverConformanceTests.marketSplit(rows: 2, columns: 16), options: options)
        let b = try solver.solve(SolverConformanceTests.marketSplit(rows: 2, columns: 16), options: options)
        #expect(a.termination == b.termination && a.solution == b.solution)
    }

    /// A search that has not ended after the escalation's iterations starts again with more cuts and GLPK's
    /// presolver (with column generation, on the whole program): the same proven optimum, minimising or
    /// maximising, with column generation or without.
    @Test("an escalated search proves the same optimum", arguments: [ObjectiveSense.minimize, .maximize], [false, true])
    func escalation(sense: ObjectiveSense, columnGeneration: Bool) throws {
        var program = SolverConformanceTests.marketSplit(rows: 2, columns: 16)
        if sense == .maximize { program.setObjective(.maximize, -1 * program.objective) }
        var options = SolveOptions(timeLimitSeconds: 30)
        options.keepLog = true
        var hints = SolveHints()
        if columnGeneration { hints.initialColumns = program.variables.indices.map { $0 % 2 == 0 } }
        let plain = try GLPKSolver(parameters: GLPKParameters(escalation: nil)).solve(program, options: options, hints: hints)
        let escalated = try GLPKSolver(parameters: GLPKParameters(escalation: .init(afterIterations: 1, adding: .gomoryOnly)))
            .solve(program, options: options, hints: hints)
        #expect(plain.termination == .optimal && escalated.termination == .optimal)
        let a = try #require(plain.solution), b = try #require(escalated.solution)
        #expect(abs(a.objective - b.objective) < 1e-9)
        #expect(escalated.bestBound == b.objective && escalated.relativeGap == 0)
        #expect(escalated.log.contains("again with the presolver"))
        #expect(!plain.log.contains("again with the presolver"))
        // A search that has the escalation's cuts already is not escalated.
        let withGomory = try GLPKSolver(parameters: GLPKParameters(smallProgramCuts: .gomoryOnly,
                                                                   escalation: .init(afterIterations: 1, adding: .gomoryOnly)))
            .solve(program, options: options, hints: hints)
        #expect(!withGomory.log.contains("again with the presolver"))
        #expect(withGomory.solution.map { abs($0.objective - a.objective) < 1e-9 } == true)
    }

    @Test(arguments: [true, false])
    func infeasibleWithAndWithoutPresolve(presolve: Bool) throws {
        let solver = GLPKSolver(parameters: GLPKParameters(presolve: presolve))
        var program = IntegerProgram()
        let x = program.addVariable("x", .integer, lowerBound: 0, upperBound: 10)
        let y = program.addVariable("y", .integer, lowerBound: 0, upperBound: 10)
        program.addConstraint("odd", 2 * x + 2 * y, equal: 7) // only integrality makes it infeasible
        program.setObjective(.minimize, x + y)
        let result = try solver.solve(program, options: SolveOptions())
        #expect(result.termination == .infeasible)
        #expect(result.solution == nil)
    }

    @Test(arguments: [true, false])
    func unboundedWithAndWithoutPresolve(presolve: Bool) throws {
        let solver = GLPKSolver(parameters: GLPKParameters(presolve: presolve))
        var program = IntegerProgram()
        let x = program.addVariable("x", .integer, lowerBound: 0, upperBound: nil)
        let y = program.addVariable("y", .integer, lowerBound: 0, upperBound: 3)
        program.addConstraint("link", x - y, greaterOrEqual: 1)
        program.setObjective(.maximize, x + y)
        let result = try solver.solve(program, options: SolveOptions())
        #expect(result.termination == .unbounded)
        #expect(result.solution == nil)
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
        let generated = SolveHints(initialColumns: [true, false])
        #expect(try GLPKSolver().solve(p, options: SolveOptions(), hints: generated).solution?.objective == 7)
        #expect(try GLPKSolver().solveRelaxation(p, options: SolveOptions(), hints: generated).solution?.objective == 7)
    }

    @Test("a program without variables is solved by looking at its constants")
    func noVariables() throws {
        var p = IntegerProgram()
        p.setObjective(.minimize, LinearExpression() + 4)
        #expect(try GLPKSolver().solve(p, options: SolveOptions()).solution?.objective == 4)
        #expect(try GLPKSolver().solve(p, options: SolveOptions(), hints: SolveHints(initialColumns: [])).termination == .optimal)
        #expect(try GLPKSolver().solveRelaxation(p, options: SolveOptions()).termination == .optimal)
        p.addConstraint("broken", LinearExpression() + 2, lessOrEqual: 1)
        #expect(try GLPKSolver().solve(p, options: SolveOptions()).termination == .infeasible)
    }

}
