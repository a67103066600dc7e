import Foundation
import GLPKBackend
import IntegerProgramming
import Testing

/// The LP and MPS files must describe the same program: `glpsol` re-solves them to the same optimum.
@Suite struct ExportTests {
    static var glpsol: String? {
        ["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func sampleProgram() -> IntegerProgram {
        var program = IntegerProgram()
        var x: [Variable] = []
        for i in 0..<6 { x.append(program.addVariable("x_\(i)", .integer, lowerBound: 0, upperBound: 4)) }
        let z = program.addVariable("z", .continuous, lowerBound: -5, upperBound: 7.5)
        program.addConstraint("c1", LinearExpression(terms: x.enumerated().map { ($1, Double($0 + 2)) }) + z, lessOrEqual: 23.5)
        program.addConstraint("c2", x[0] + x[3] - 2 * z, greaterOrEqual: -3)
        program.addConstraint("c3", x[1] + x[2] + x[4], lowerBound: 1, upperBound: 5)
        program.setObjective(.maximize, LinearExpression(terms: x.enumerated().map { ($1, Double(7 - $0)) }) + 0.5 * z + 3)
        return program
    }

    @Test(.enabled(if: glpsol != nil, "glpsol (Debian glpk-utils) is not installed"),
          arguments: ["lp", "mps"])
    func glpsolReSolvesTheExportToTheSameObjective(format: String) throws {
        let program = sampleProgram()
        let ours = try #require(try GLPKSolver().solve(program, options: SolveOptions()).solution).objective
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.\(format)").path
        let out = dir.appendingPathComponent("solution.txt").path
        if format == "lp" { try GLPKSolver().writeLP(program, to: model) } else { try GLPKSolver().writeMPS(program, to: model) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.glpsol!)
        process.arguments = [format == "lp" ? "--lp" : "--freemps", model, "-o", out]
            + (format == "mps" ? ["--max"] : [])
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let report = try String(contentsOfFile: out, encoding: .utf8)
        let line = try #require(report.split(separator: "\n").first { $0.hasPrefix("Objective:") })
        // "Objective:  obj = 31.75 (MAXimum)"
        let value = try #require(line.split(separator: "=").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(abs(value - ours) < 1e-6, "glpsol found \(value), GLPKSolver \(ours)")
    }

    @Test func exportToAnUnwritablePathIsAnError() {
        #expect(throws: SolverError.self) {
            try GLPKSolver().writeLP(sampleProgram(), to: "/nonexistent-dir/model.lp")
        }
    }
}
