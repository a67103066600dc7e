import ArgumentParser
import CountyData
import Foundation
import RotationModel

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Writes a synthetic county dataset, the same for the same seed.")

    @Option(help: "Number of schools.") var schools: Int = 12
    @Option(help: "Number of teachers.") var teachers: Int = 500
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "The planning year written to policy.yaml.") var year: Int = Policy().year
    @Option(help: "School groups (学区) to cut the county into by geography, west to east: 第1学区 … (0: none).")
    var groups: Int = 0
    @Option(help: "Pairs of schools (结对) to make: weak or rural schools each with the nearest strong or urban school of a shared level, each school in one pair at most; written to pairs.csv (0: none).")
    var pairs: Int = 0
    @Flag(help: "Name leaders: at each school the teacher longest there is its principal (校长), the next its vice principal, the next a middle leader (written in the role column).")
    var leaders = false
    @Flag(help: "Teachers of several subjects (about one in seven has a second subject, listed in the subject column: 语文;音乐) and retraining options (about one in twelve, the retrain column).")
    var subjects = false
    @Flag(help: "Staff quotas (编制) that differ from the headcount by −4 to 4, so that some schools are over their quota and some under (for staffing: toward_quota).")
    var quotas = false
    @Option(help: "The folder to write (replaced when it is an earlier output of rotation).") var out: String
    @Flag(help: "Write the county as one workbook, county.xlsx (sheets 学校, 教师, 学科需求, and 结对 with --pairs, with Chinese headers and codes), instead of CSV files.")
    var workbook = false

    func validate() throws {
        guard (1...2000).contains(schools) else { throw ValidationError("--schools must be from 1 to 2000") }
        guard (1...200_000).contains(teachers) else { throw ValidationError("--teachers must be from 1 to 200000") }
        guard (0...schools).contains(groups) else { throw ValidationError("--groups must be from 0 to the number of schools") }
        guard (0...(schools / 2)).contains(pairs) else {
            throw ValidationError("--pairs must be from 0 to half the number of schools")
        }
    }

    func run() throws {
        var county = CountyGenerator(schools: schools, teachers: teachers, seed: seed, year: year, groups: groups,
                                     pairs: pairs).generate()
        if leaders { county = CountyGenerator.withLeaders(county) }
        if subjects { county = CountyGenerator.withSubjects(county, seed: seed) }
        if quotas { county = CountyGenerator.withQuotas(county, seed: seed) }
        var policy = Policy()
        policy.year = year
        do {
            try CountyWriter.write(county, policy: policy, to: URL(fileURLWithPath: out), workbook: workbook)
        } catch {
            warn("\(error)")
            throw Exit.badInput
        }
        var made = "wrote \(out): \(county.schools.count) schools, \(county.teachers.count) teachers, \(county.needs.count) needs"
        if groups > 0 { made += ", \(Set(county.schools.compactMap(\.group)).count) groups" }
        if pairs > 0 { made += ", \(county.pairs.count) pairs" + (county.pairs.count < pairs ? " (no more could be made)" : "") }
        if leaders { made += ", \(county.teachers.count { $0.role.isLeader }) leaders" }
        if subjects {
            made += ", \(county.teachers.count { !$0.otherSubjects.isEmpty }) teachers of several subjects, \(county.teachers.count { !$0.retrain.isEmpty }) who may be retrained"
        }
        if quotas {
            let staff = Dictionary(grouping: county.teachers, by: \.schoolID).mapValues(\.count)
            made += ", quotas: \(county.schools.count { ($0.staffQuota ?? 0) < staff[$0.id] ?? 0 }) schools over, \(county.schools.count { ($0.staffQuota ?? 0) > staff[$0.id] ?? 0 }) under"
        }
        print(made)
    }
}
