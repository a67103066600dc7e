import RotationPlanner
import GLPKBackend
import ArgumentParser
import CountyData
import Foundation

/// The dataset arguments every planning command takes.
struct DatasetOptions: ParsableArguments {
    @Argument(help: "The county dataset folder (schools.csv, teachers.csv, needs.csv, policy.yaml).")
    var dataset: String

    @Option(name: .long, help: "A policy file to use instead of the dataset's policy.yaml.")
    var policy: String?

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override one policy key, e.g. --set rotation_rate=0.15 --set weights.balance=50.",
                               valueName: "key=value"))
    var overrides: [String] = []

    var folder: URL { URL(fileURLWithPath: dataset) }
    var policyURL: URL? { policy.map { URL(fileURLWithPath: $0) } }

    /// Reads the dataset, printing warnings; on errors prints them all and exits with code 2.
    func load(quietWarnings: Bool = false) throws -> Dataset {
        do {
            let data = try Dataset.load(folder: folder, policyFile: policyURL, overrides: overrides)
            if !quietWarnings && !data.warnings.isEmpty {
                for w in data.warnings.prefix(20) { warn("  \(w)") }
                if data.warnings.count > 20 {
                    warn("  … and \(data.warnings.count - 20) more warnings (rotation validate lists them all)")
                }
            }
            return data
        } catch let invalid as InvalidDataset {
            for issue in invalid.issues { warn("  \(issue)") }
            for line in invalid.unlisted { warn("  \(line)") }
            let errors = invalid.errorCount
            warn("\(errors) error\(errors == 1 ? "" : "s") in \(dataset); nothing was planned. "
                 + "Fix the cells named above and run again.")
            throw Exit.badInput
        }
    }
}

extension Planner {
    /// The planner the tool runs: the rule catalogue's program, solved by GLPK.
    static var glpk: Planner { Planner(solver: GLPKSolver()) }
}
