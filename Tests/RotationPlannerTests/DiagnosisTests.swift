import CountyData
import Foundation
import RotationModel
import RotationPlanner
import Testing

/// Hand-made counties, each broken in one way: the diagnosis must name the rule and the school.
@Suite("When the policy cannot be met, the diagnosis names the rule and the place")
struct DiagnosisTests {
    static func school(_ id: String, lat: Double, level: SchoolLevel = .primary, strength: Strength = .ordinary) -> School {
        School(id: id, name: "\(id)小学", level: level, area: .rural, strength: strength, students: 300,
               location: Coordinate(latitude: lat, longitude: 117))
    }
    static func teachers(_ n: Int, at school: String, from k: Int, eligible: Bool = true,
                         backbone: BackboneLevel = .none) -> [Teacher] {
        (0..<n).map { i in
            Teacher(id: "\(school)-\(k + i)", name: "教师\(k + i)", gender: .female, birthYear: 1985, schoolID: school,
                    subject: "数学", level: .primary, backbone: backbone, yearsAtSchool: eligible ? 8 : 1)
        }
    }

    func diagnose(_ county: County, _ policy: Policy) -> Diagnosis? {
        if case .cannotMeet(let d) = Planner.glpk.plan(county: county, policy: policy) { return d }
        return nil
    }

    var looseShare: Policy { var p = Policy(); p.backboneShare = Rate(numerator: 0, denominator: 1); return p }

    @Test("R3 vs R2: eligible teachers with no school in reach")
    func unreachable() throws {
        // S2 is 100 km from everyone: its teachers cannot go anywhere, nobody can come.
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S3", lat: 30.05), Self.school("S2", lat: 31)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S3", from: 20)
                                + Self.teachers(10, at: "S2", from: 10),
                            needs: [])
        let d = try #require(diagnose(county, looseShare))
        #expect(d.method == .precheck)
        let f = try #require(d.findings.first { $0.schoolID == "S2" && $0.rules.first == .R3 })
        #expect(f.rules.contains(.R2))
        #expect(f.message.contains("S2小学") && f.message.contains("30 km"))
        #expect(d.findings.contains { $0.schoolID == "S2" && $0.rules.first == .R4 && $0.remedy.contains("every_school_receives: false") })
    }

    @Test("R3 vs R2 with no other school of the level: the remedy is not a longer commute")
    func onlySchoolOfItsLevel() throws {
        var juniors = Self.teachers(10, at: "J1", from: 100)
        for i in juniors.indices { juniors[i].level = .junior }
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S3", lat: 30.05),
                                      Self.school("J1", lat: 30.02, level: .junior)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S3", from: 20) + juniors,
                            needs: [])
        let d = try #require(diagnose(county, looseShare))
        let f = try #require(d.findings.first { $0.schoolID == "J1" && $0.rules.first == .R3 })
        #expect(f.message.contains("no other junior school in the county"))
        #expect(f.remedy.contains("no commute limit helps") && !f.remedy.contains("raise max_commute_km"))
        let s1 = d.findings.first { $0.schoolID == "S1" }
        #expect(s1 == nil, "S1 can exchange with S3")
    }

    @Test("R3 vs R6: the quota exceeds the turnover cap")
    func quotaAboveCap() throws {
        var p = looseShare
        p.rotationRate = Rate(numerator: 5, denominator: 10)
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S2", from: 10), needs: [])
        let d = try #require(diagnose(county, p))
        let f = try #require(d.findings.first { $0.rules == [.R3, .R6] })
        #expect(f.schoolID == "S1")
        #expect(f.message.contains("R3 needs 5") && f.message.contains("at most 2"))
    }

    @Test("R5: no backbone teacher can move")
    func noBackbone() throws {
        var p = Policy()
        p.backboneShare = Rate(numerator: 20, denominator: 100)
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S2", from: 10), needs: [])
        let d = try #require(diagnose(county, p))
        #expect(d.findings.contains { $0.rules.first == .R5 && $0.schoolID == nil && $0.message.contains("backbone") })
    }

    @Test("R7: partners locked to schools far apart")
    func couple() throws {
        var ts = Self.teachers(5, at: "S1", from: 0, eligible: false) + Self.teachers(5, at: "S2", from: 10, eligible: false)
        ts[0].partnerID = ts[5].id; ts[5].partnerID = ts[0].id
        ts[0].lock = .moveTo(schoolID: "S3")
        var p = looseShare
        p.everySchoolSends = false; p.everySchoolReceives = false; p.keepHeadcount = false
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05), Self.school("S3", lat: 30.5)],
                            teachers: ts, needs: [])
        let d = try #require(diagnose(county, p))
        let f = try #require(d.findings.first { $0.rules.first == .R7 })
        #expect(f.teacherIDs.sorted() == ["S1-0", "S2-10"])
    }

    @Test("a conflict only a relaxed re-solve finds: keep_headcount against a small neighbour's cap")
    func relaxation() throws {
        // S1 must send 2 (R3) and so receive 2 (keep_headcount); only S2's teachers can reach it, and R6
        // lets S2 send at most 1.
        var p = looseShare
        p.rotationRate = Rate(numerator: 2, denominator: 10)
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(5, at: "S2", from: 10), needs: [])
        let d = try #require(diagnose(county, p))
        #expect(d.method == .relaxation)
        #expect(d.findings.contains { ($0.schoolID == "S1" || $0.schoolID == "S2") && !$0.rules.isEmpty })
        #expect(d.text.contains("What would help"))
    }
}
