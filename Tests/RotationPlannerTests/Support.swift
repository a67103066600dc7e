import GLPKBackend
import CSV
import CountyData
import Foundation
import PlanReports
import RotationModel
import PropertyBased
import RotationPlanner
import Testing

/// A scratch folder removed at the end of the test.
final class Scratch {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// Writes a county as a dataset folder, reads it back as a user's run would, plans and writes the plan.
struct PlannedRun {
    let dataset: Dataset
    let outcome: PlanOutcome
    let out: URL

    init(_ county: County, _ policy: Policy, in scratch: Scratch, name: String = "county") throws {
        let folder = scratch.path(name)
        try CountyWriter.write(county, policy: policy, to: folder)
        dataset = try Dataset.load(folder: folder)
        outcome = Planner.glpk.plan(county: dataset.county, policy: dataset.policy)
        out = scratch.path(name + "-plan")
        switch outcome {
        case .plan(let plan): try PlanFiles.output(plan, to: out).commit(protecting: [folder])
        case .cannotMeet(let d): try PlanFiles.output(d, county: dataset.county, policy: dataset.policy, to: out).commit(protecting: [folder])
        case .noPlan: break
        }
    }

    /// Every teacher's school after the plan, read back from the written transfers.csv.
    func destinationsFromFiles() throws -> [String: String] {
        var d = Dictionary(uniqueKeysWithValues: dataset.county.teachers.map { ($0.id, $0.schoolID) })
        let text = try String(contentsOf: out.appendingPathComponent(PlanFiles.transfers), encoding: .utf8)
        // Read as a program that knows the byte-order mark Excel needs would.
        let reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true)
        let header = reader.headerRow!
        let id = header.firstIndex(of: "teacher_id")!, to = header.firstIndex(of: "to_school_id")!
        var seen: Set<String> = []
        while let row = reader.next() {
            precondition(seen.insert(row[id]).inserted, "a teacher appears twice in transfers.csv")
            d[row[id]] = row[to]
        }
        return d
    }

    /// The written plan as the inspector reads it: destinations (transfers.csv), assigned subjects
    /// (assignments.csv) and walks (walking.csv), when the files are there.
    func inspector() throws -> RuleChecker {
        var checker = RuleChecker(county: dataset.county, policy: dataset.policy, destination: try destinationsFromFiles())
        for row in try rows(PlanFiles.assignments) { checker.assigned[row["teacher_id"]!] = row["assigned_subject"]! }
        checker.walks = try rows(PlanFiles.walking).map {
            ($0["teacher_id"]!, $0["base_school_id"]!, $0["served_school_id"]!, $0["subject"]!, Double($0["share"]!)!)
        }
        return checker
    }

    /// The rows of a written CSV file by column name; none when the file is not there.
    func rows(_ file: String) throws -> [[String: String]] {
        let url = out.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let text = try String(contentsOf: url, encoding: .utf8)
        let reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true)
        let header = reader.headerRow!
        var rows: [[String: String]] = []
        while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, row))) }
        return rows
    }

    func summary() throws -> [String: Any] {
        let data = try Data(contentsOf: out.appendingPathComponent(PlanFiles.summary))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}

/// The objective as docs/formulation.md defines it, computed from destinations alone.
struct IndependentObjective {
    let county: County
    let policy: Policy

    func value(_ destination: [String: String]) -> (unmet: Int, total: Double) {
        let checker = RuleChecker(county: county, policy: policy, destination: destination)
        let unmet = Int(checker.unmetNeed(after: true))
        let schools = Dictionary(uniqueKeysWithValues: county.schools.map { ($0.id, $0) })
        var total = policy.weights.shortage * Double(unmet)
        for t in county.teachers where destination[t.id] != t.schoolID {
            let home = t.home ?? schools[t.schoolID]!.location
            total += policy.weights.commute * (checker.distanceKm(home, schools[destination[t.id]!]!.location) * 10).rounded() / 10
            total += policy.weights.moves
            if let r = t.preferences.firstIndex(of: destination[t.id]!) { total -= policy.weights.preference / Double(r + 1) }
        }
        // Balance: 100 · Σ (P_i/P)(X_i − X̄)² / X̄² per level and indicator, X̄ of the county before the plan.
        for level in TeachingLevel.allCases {
            for indicator in Indicator.allCases {
                let counted = county.schools.filter { ($0.students(of: level) ?? 0) > max(policy.cvMinStudents, 0) }
                let p = counted.reduce(0) { $0 + $1.students(of: level)! }
                guard p > 0 else { continue }
                func count(_ s: School, after: Bool) -> Int {
                    county.teachers.count { t in
                        (after ? destination[t.id]! : t.schoolID) == s.id && t.level == level && indicator.counts(t, policy: policy)
                    }
                }
                let mean = Double(counted.reduce(0) { $0 + count($1, after: false) }) * 100 / Double(p)
                guard mean > 0 else { continue }
                for s in counted {
                    let ps = Double(s.students(of: level)!)
                    let x = Double(count(s, after: true)) * 100 / ps - mean
                    total += policy.weights.balance * 100 * (ps / Double(p)) * x * x / (mean * mean)
                }
            }
        }
        // Floors: weights.floor per teacher a counted school lacks to reach floor · students / 100.
        for level in TeachingLevel.allCases {
            for s in county.schools {
                guard let ps = s.students(of: level), ps > max(policy.cvMinStudents, 0) else { continue }
                for indicator in Indicator.allCases {
                    // The audit's standards in tenths per 100 students (教督〔2017〕6号), read from the policy's text.
                    let tenths = Int((Double(policy.standard(indicator, level).description)! * 10).rounded())
                    let have = county.teachers.count { t in
                        destination[t.id]! == s.id && t.level == level && indicator.counts(t, policy: policy)
                    }
                    let need = (tenths * ps + 999) / 1000
                    total += policy.weights.floor * Double(max(0, need - have))
                }
            }
        }
        return (unmet, total)
    }
}

extension Planner {
    /// The planner as the tool runs it: the catalogue's program, solved by GLPK.
    static var glpk: Planner { Planner(solver: GLPKSolver()) }
}

extension Plan {
    /// The independent inspector, with this plan's destinations and learners.
    var inspector: RuleChecker {
        var checker = RuleChecker(county: county, policy: policy, destination: destinationIDs)
        checker.learners = Dictionary(uniqueKeysWithValues: learners.map { (county.teachers[$0.key].id, county.schools[$0.value].id) })
        for t in reassigned { checker.assigned[county.teachers[t].id] = assigned[t] }
        checker.walks = walks.map { (county.teachers[$0.teacher].id, county.schools[$0.base].id, county.schools[$0.served].id, $0.subject,
                                     Double($0.shareTenths) / 10) }
        return checker
    }

    /// Every teacher's school after the plan, by id (what the inspector reads).
    var destinationIDs: [String: String] {
        Dictionary(uniqueKeysWithValues: county.teachers.indices.map { (county.teachers[$0].id, county.schools[destination[$0]].id) })
    }
}

/// Plans random counties, each adjusted by `adjust` (its seed, county and policy, with looser commute and
/// turnover so that most have a plan), and has the independent inspector check every plan; expects at least
/// `plans` plans among them.
func inspectRandomCounties(count: Int, plans least: Int = 15, terms: Bool = false,
                           adjust: @escaping @Sendable (Int, inout County, inout Policy) -> Void) async {
    let plans = Tally()
    await propertyCheck(count: count, input: Gen.int(in: 1...1_000_000)) { seed in
        var (county, policy) = RandomCounty.make(seed: UInt64(seed), terms: terms)
        policy.maxCommuteKm = 40
        policy.maxTurnover = Rate(numerator: 5, denominator: 10)
        adjust(seed, &county, &policy)
        let outcome = Planner.glpk.plan(county: county, policy: policy)
        plans.add(outcome)
        guard case .plan(let plan) = outcome else { return }
        let v = plan.inspector.violations()
        #expect(v.isEmpty, "seed \(seed): \(v)")
    }
    #expect(plans.plans >= least, "plans \(plans.plans), cannot meet \(plans.cannotMeet)")
}
