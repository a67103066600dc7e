import ArgumentParser
import CountyData
import Foundation
import PlanReports
import RotationModel
import RotationPlanner

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Generates counties of growing size, plans each and prints the figures (build with -c release).")

    @Option(help: "Sizes as schools:teachers, comma-separated.")
    var sizes: String = "12:500,60:3000,150:8000"
    @Option(help: "Random seed of the generated counties.") var seed: UInt64 = 1
    @Option(help: "Time limit per plan, seconds.") var timeLimit: Double = 120

    @Flag(help: "No progress line.") var quiet = false

    func run() throws {
        print("schools  teachers  eligible  variables  constraints  read_s  build_s  solve_s  status     gap       peak_MB")
        var phases: [String] = []
        let live = LiveProgress(language: .en, quiet: quiet)
        for item in sizes.split(separator: ",") {
            let parts = item.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2 else { throw ValidationError("--sizes takes schools:teachers pairs, e.g. 60:3000") }
            let label = "\(parts[0]):\(parts[1])"
            live.say("", "\(label): generating the county")
            let county = CountyGenerator(schools: parts[0], teachers: parts[1], seed: seed).generate()
            // Round-trip through the files, as a user's run would.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-bench-\(getpid())-\(parts[0])")
            var policy = Policy()
            policy.solver.timeLimitSeconds = timeLimit
            try CountyWriter.write(county, policy: policy, to: folder)
            defer { try? FileManager.default.removeItem(at: folder) }
            live.say("", "\(label): reading the county")
            let readStart = Date()
            let dataset = try Dataset.load(folder: folder)
            let readSeconds = Date().timeIntervalSince(readStart)
            var planner = Planner.glpk
            planner.progress = live.callback(label: label)
            let outcome = planner.plan(county: dataset.county, policy: dataset.policy)
            let eligible = dataset.county.teachers.count { dataset.policy.eligibility(of: $0).isEligible }
            var line = String(format: "%7d  %8d  %8d", parts[0], parts[1], eligible)
            switch outcome {
            case .plan(let plan):
                line += String(format: "  %9d  %11d  %6.2f  %7.2f  %7.2f  %-9@  %-8@", plan.variables, plan.constraints,
                               readSeconds, plan.buildSeconds, plan.solveSeconds, plan.status.rawValue,
                               plan.gap.map { String(format: "%.4f%%", $0 * 100) } ?? "-")
                // Writing the plan's files and pages, as `rotation plan` does.
                live.say("", "\(label): writing the plan's files")
                let out = folder.appendingPathComponent("plan")
                let writeStart = Date()
                try PlanFiles.output(plan, to: out, language: .zh).commit()
                let writeSeconds = Date().timeIntervalSince(writeStart)
                let t = plan.timings
                let other = plan.solveSeconds - t.build - t.relaxation - t.pricing - t.search - t.shortageProof - t.audit
                phases.append(String(format: "%7d  %8d  %6.2f  %10.2f  %7.2f  %10.2f  %7.2f (%3d)  %8.2f  %8.2f  %6.2f  %7.2f  %7.2f",
                                     parts[0], parts[1], readSeconds, t.candidates, t.build, t.relaxation, t.pricing, t.pricingRounds,
                                     t.search, t.shortageProof, t.audit, max(0, other), writeSeconds))
            case .cannotMeet(let d):
                line += "  cannot meet the policy: \(d.findings.first?.message ?? "")"
            case .noPlan(let why):
                line += "  no plan: \(why.en)"
            }
            line += String(format: "  %7.0f", peakMemoryMB())
            live.clear()
            print(line)
        }
        guard !phases.isEmpty else { return }
        print("""

        Where the time went (seconds): reading the files; the candidate moves; building the main program; its first linear
        relaxation; pricing moves in (linear programs solved); the searches with the policy's weights (main, seed, re-plan);
        the shortage proof; the audit steps; the rest of planning (the assessments, a fresh plan when re-planning); writing
        the plan's files and pages.
        schools  teachers  read_s  candidates  build_s  relaxation  pricing (LPs)  search_s  shortage  audit  other_s  write_s
        """)
        for p in phases { print(p) }
    }

    func peakMemoryMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let row = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(row.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}
