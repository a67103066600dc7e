import Foundation
import GLPKBackend
import IntegerProgramming
import RotationModel
@testable import RotationPlanner

/// Checks one rule of the catalogue alone, the way Timefold's ConstraintVerifier checks one constraint: the
/// program holds R1's columns (which make the move variables) and the rule under test, every teacher's
/// destination is fixed, and GLPK says whether the rule's rows accept that assignment. The rule's verdict is
/// then compared with the independent inspector (`RuleChecker`), and a plan made with the whole catalogue is
/// checked for that rule.
struct RuleVerifier {
    var county: County
    var policy: Policy

    /// Whether the rule (with R1's columns) accepts every teacher ending where `moves` says (teacher id →
    /// school id; teachers not named stay). A destination no variable can express (a teacher who may not move
    /// there) is refused before any solve.
    func accepts(_ rule: any HardRule, _ moves: [String: String], audit: AuditStage? = nil) -> Bool {
        let c = Candidates(county: county, policy: policy)
        var forced: [(teacher: Int, school: Int)] = []
        for (t, teacher) in county.teachers.enumerated() {
            let s = county.schoolIndex[moves[teacher.id] ?? teacher.schoolID]!
            guard c.options(of: t).contains(s) else { return false }
            forced.append((t, s))
        }
        let rules: [any HardRule] = rule.id == .R1 ? [rule] : [R1OneSchool(), rule]
        let model = Formulation(c, mode: .plan, forced: forced, audit: audit, rules: rules)
        guard model.brokenFixedRows.isEmpty else { return false }
        let r = try! GLPKSolver().solve(model.program, options: SolveOptions(timeLimitSeconds: 20))
        return r.termination == .optimal
    }

    /// What the independent inspector says of the same assignment, for one rule (its messages start with the id).
    func inspectorViolations(of rule: Rule, _ moves: [String: String]) -> [String] {
        var destination: [String: String] = [:]
        for t in county.teachers { destination[t.id] = moves[t.id] ?? t.schoolID }
        return RuleChecker(county: county, policy: policy, destination: destination).violations()
            .filter { $0.hasPrefix(rule.rawValue + " ") }
    }

    /// Plans the county with the whole catalogue and returns the inspector's complaints about `rule` (nil when
    /// there is no plan).
    func violationsOfPlan(_ rule: Rule) -> [String]? {
        guard case .plan(let plan) = Planner.glpk.plan(county: county, policy: policy) else { return nil }
        var destination: [String: String] = [:]
        for (t, teacher) in county.teachers.enumerated() { destination[teacher.id] = county.schools[plan.destination[t]].id }
        return RuleChecker(county: county, policy: policy, destination: destination).violations()
            .filter { $0.hasPrefix(rule.rawValue + " ") }
    }
}

/// Tiny counties for the rule tests: schools on a north–south line (0.01° of latitude ≈ 1.1 km apart).
enum Tiny {
    static func school(_ id: String, km: Double = 0, level: SchoolLevel = .primary, strength: Strength = .ordinary,
                       area: Area = .town) -> School {
        School(id: id, name: "\(id)学校", level: level, area: area, strength: strength, students: 400,
               location: Coordinate(latitude: 30 + km / 111.195, longitude: 117))
    }

    /// `n` teachers at `school`, ids `<school>-<k>`, eligible unless `years` is below the default tenure.
    static func teachers(_ n: Int, at school: String, from k: Int = 0, years: Int = 8, backbone: BackboneLevel = .none,
                         level: TeachingLevel = .primary, subject: String = "数学") -> [Teacher] {
        (0..<n).map { i in
            Teacher(id: "\(school)-\(k + i)", name: "教师\(k + i)", gender: .female, birthYear: 1985, schoolID: school,
                    subject: subject, level: level, backbone: backbone, yearsAtSchool: years)
        }
    }

    /// A policy that asks nothing of anyone, so that a test switches on only the rule it checks.
    static var permissive: Policy {
        var p = Policy()
        p.rotationRate = Rate(numerator: 0, denominator: 1)
        p.backboneShare = Rate(numerator: 0, denominator: 1)
        p.backboneDownward = false
        p.everySchoolSends = false
        p.everySchoolReceives = false
        p.maxTurnover = Rate(numerator: 1, denominator: 1)
        p.keepHeadcount = false
        p.maxCommuteKm = 1000
        p.coupleMaxKm = 1000
        p.solver.gap = 0
        p.solver.timeLimitSeconds = 20
        return p
    }
}
