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
    @Option(help: "The folder to write (replaced when it is an earlier output of rotation).") var out: String
    @Flag(help: "Write the county as one workbook, county.xlsx (sheets 学校, 教师, 学科需求 with Chinese headers and codes), instead of CSV files.")
    var workbook = false

    func validate() throws {
        guard (1...2000).contains(schools) else { throw ValidationError("--schools must be from 1 to 2000") }
        guard (1...200_000).contains(teachers) else { throw ValidationError("--teachers must be from 1 to 200000") }
    }

    func run() throws {
        let county = CountyGenerator(schools: schools, teachers: teachers, seed: seed, year: year).generate()
        var policy = Policy()
        policy.year = year
        do {
            try CountyWriter.write(county, policy: policy, to: URL(fileURLWithPath: out), workbook: workbook)
        } catch {
            warn("\(error)")
            throw Exit.badInput
        }
        print("wrote \(out): \(county.schools.count) schools, \(county.teachers.count) teachers, \(county.needs.count) needs")
    }
}
