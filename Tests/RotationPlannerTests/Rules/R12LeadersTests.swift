import CountyData
import Foundation
import PlanReports
import PropertyBased
import RotationModel
import RotationPlanner
import Testing

/// R12, leaders: a county-wide share of eligible leaders moves, apart from R3 and R5; every school keeps its
/// principals and vice principals.
@Suite("R12 leaders' exchange")
struct R12LeadersTests {
    /// Three schools; each has a principal and a vice principal (eligible) and three teachers.
    static func county(strengths: [Strength] = [.strong, .ordinary, .weak]) -> County {
        var teachers: [Teacher] = []
        for (k, s) in ["A", "B", "C"].enumerated() {
            var staff = Tiny.teachers(5, at: s, from: 10 * k)
            staff[0].role = .principal
            staff[1].role = .vicePrincipal
            teachers += staff
        }
        let schools = ["A", "B", "C"].enumerated().map { k, s in Tiny.school(s, km: Double(2 * k), strength: strengths[k]) }
        return County(schools: schools, teachers: teachers, needs: [])
    }

    @Test("leader_rotation_rate moves leaders into the same role: each school keeps one principal and one vice principal; they are apart from R3")
    func shareAndHeads() throws {
        var policy = Tiny.permissive
        policy.leaderRotationRate = Rate(decimal: "0.5")!     // 6 eligible leaders: at least 3 move
        policy.rotationRate = Rate(decimal: "0.34")!         // 3 eligible teachers per school: at least 2 teachers leave each
        guard case .plan(let plan) = Planner.glpk.plan(county: Self.county(), policy: policy) else { Issue.record("no plan"); return }
        #expect(plan.leaderMovers.count >= 3)
        let d = plan.destinationIDs
        for s in ["A", "B", "C"] {
            #expect(plan.county.teachers.count { d[$0.id] == s && $0.role == .principal } == 1)
            #expect(plan.county.teachers.count { d[$0.id] == s && $0.role == .vicePrincipal } == 1)
            // R3 counts the teachers only: two of the three leave, whatever the leaders do.
            #expect(plan.county.teachers.count { $0.schoolID == s && $0.role == .teacher && d[$0.id] != s } >= 2)
        }
        #expect(plan.candidates.duties.allSatisfy { $0.eligible == 3 })
        #expect(RuleChecker(county: plan.county, policy: policy, destination: d).violations().isEmpty)
        #expect(plan.leaderMovers.allSatisfy { t in plan.reasons(for: t).contains { $0.en.contains("leader") || $0.en.contains("replaces") } })
    }

    @Test("the role column in English and Chinese codes, written back only when someone leads; the principal's page names the incoming principal")
    func roleColumnAndPage() throws {
        let county = CountyGenerator.withLeaders(CountyGenerator(schools: 6, teachers: 120, seed: 2).generate())
        #expect(county.teachers.count { $0.role == .principal } == 6)
        let csv = CountyWriter.teachersCSV(county)
        #expect(csv.contains(",role\n") || csv.contains(",role\r\n"))
        let chinese = csv.replacingOccurrences(of: ",principal\n", with: ",校长\n").replacingOccurrences(of: ",vice_principal\n", with: ",副校长\n")
        let read = DatasetReader.read(schools: CountyWriter.schoolsCSV(county), teachers: chinese, needs: nil)
        let english = DatasetReader.read(schools: CountyWriter.schoolsCSV(county), teachers: csv, needs: nil)
        #expect(read.issues.errors.isEmpty && read.county?.teachers == english.county?.teachers)
        #expect(read.county?.teachers.map(\.role) == county.teachers.map(\.role))
        #expect(!CountyWriter.teachersCSV(CountyGenerator(schools: 6, teachers: 120, seed: 2).generate()).contains("role"))

        var policy = Tiny.permissive
        policy.leaderRotationRate = Rate(decimal: "0.5")!
        policy.rotationRate = Rate(decimal: "0.34")!
        let scratch = Scratch()
        let run = try PlannedRun(Self.county(), policy, in: scratch)
        guard case .plan(let plan) = run.outcome else { Issue.record("no plan"); return }
        let head = try #require(plan.leaderMovers.first { plan.county.teachers[$0].role.isHead })
        let role = plan.county.teachers[head].role, to = plan.county.schools[plan.destination[head]]
        let page = try String(contentsOf: run.out.appendingPathComponent("schools/\(to.id).html"), encoding: .utf8)
        #expect(page.contains("data-role=\"\(role.rawValue)\"") && page.contains("新任\(role.chinese)：\(plan.county.teachers[head].name)"))
    }

    @Test("leader_downward keeps leaders from stronger schools; too few leaders who can move is found before solving")
    func downward() throws {
        var policy = Tiny.permissive
        policy.leaderRotationRate = Rate(decimal: "0.5")!
        policy.leaderDownward = true
        // With A strong, B ordinary, C weak no leader could move: a head who leaves needs one who arrives, and
        // nobody may go up. With A and B ordinary, their leaders swap.
        if case .plan = Planner.glpk.plan(county: Self.county(), policy: policy) { Issue.record("no leader can move downward and be replaced") }
        let even = Self.county(strengths: [.ordinary, .ordinary, .weak])
        guard case .plan(let plan) = Planner.glpk.plan(county: even, policy: policy) else { Issue.record("no plan"); return }
        #expect(plan.leaderMovers.count >= 3)
        for t in plan.leaderMovers {
            #expect(plan.county.schools[plan.destination[t]].strength <= plan.county.schools[plan.candidates.current[t]].strength)
        }
        #expect(RuleChecker(county: plan.county, policy: policy, destination: plan.destinationIDs).violations().isEmpty)
        policy.leaderRotationRate = Rate(numerator: 1, denominator: 1)
        policy.leaderTenureYears = 9                          // nobody has 9 years: no eligible leader, nothing asked
        guard case .plan(let none) = Planner.glpk.plan(county: even, policy: policy) else { Issue.record("no plan"); return }
        #expect(none.leaderMovers.isEmpty)
        policy.leaderTenureYears = 6
        policy.maxCommuteKm = 1                               // the schools are 2 km apart: no leader can move
        guard case .cannotMeet(let d) = Planner.glpk.plan(county: even, policy: policy) else { Issue.record("expected R12 to fail"); return }
        #expect(d.findings.contains { $0.rules.first == .R12 && $0.remedy.contains("leader_rotation_rate") })
    }

    @Test("random counties with leaders: every plan keeps every rule as the inspector counts")
    func randomCounties() async throws {
        await inspectRandomCounties(count: 160) { seed, county, policy in
            var teachers = county.teachers
            for s in county.schools {
                let staff = teachers.indices.filter { teachers[$0].schoolID == s.id && teachers[$0].lock == nil }
                if staff.count > 2 { teachers[staff[0]].role = .principal; teachers[staff[1]].role = seed % 2 == 0 ? .vicePrincipal : .middleLeader }
            }
            county = county.with(teachers: teachers)
            policy.everySchoolReceives = false
            policy.leaderTenureYears = 3
            if seed % 2 == 0 { policy.leaderRotationRate = Rate(decimal: "0.3")! }
            policy.leaderDownward = seed % 3 == 0
        }
    }
}
