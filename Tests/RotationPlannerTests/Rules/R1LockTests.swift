import RotationModel
@testable import RotationPlanner
import Testing

@Suite("R1 alone: the office's locks leave, not: and only: (accepted objections)")
struct R1LockTests {
    /// A at 0 km with three eligible teachers, B at 2 km, C at 4 km.
    func verifier(_ lock: Lock) -> RuleVerifier {
        var teachers = Tiny.teachers(3, at: "A") + Tiny.teachers(2, at: "B") + Tiny.teachers(2, at: "C")
        teachers[0].lock = lock
        return RuleVerifier(county: County(schools: [Tiny.school("A"), Tiny.school("B", km: 2), Tiny.school("C", km: 4)],
                                           teachers: teachers, needs: []), policy: Tiny.permissive)
    }

    @Test func leaveMovesTheTeacherSomewhereTheRulesAllow() {
        let v = verifier(.leave)
        #expect(!v.accepts(R1OneSchool(), [:]))
        #expect(v.accepts(R1OneSchool(), ["A-0": "B"]) && v.accepts(R1OneSchool(), ["A-0": "C"]))
        #expect(v.inspectorViolations(of: .R1, [:]).count == 1)
        let c = Candidates(county: v.county, policy: v.policy)
        #expect(c.breaks(teacher: 0, to: 0).first?.why.en.contains("must leave") == true)
    }

    @Test func notRulesOutSchoolsButNeverStaying() {
        let v = verifier(.notTo(["B"]))
        #expect(!v.accepts(R1OneSchool(), ["A-0": "B"]))
        #expect(v.accepts(R1OneSchool(), [:]) && v.accepts(R1OneSchool(), ["A-0": "C"]))
        #expect(v.inspectorViolations(of: .R1, ["A-0": "B"]).count == 1)
        let c = Candidates(county: v.county, policy: v.policy)
        #expect(c.breaks(teacher: 0, to: 1).map(\.rule) == [.R1])
    }

    @Test func onlyAllowsTheListedSchoolsOrStaying() {
        let v = verifier(.onlyTo(["C"]))
        #expect(!v.accepts(R1OneSchool(), ["A-0": "B"]))
        #expect(v.accepts(R1OneSchool(), [:]) && v.accepts(R1OneSchool(), ["A-0": "C"]))
        #expect(v.inspectorViolations(of: .R1, ["A-0": "B"]).count == 1)
    }

    @Test func aTeacherLockedToLeaveWithNowhereToGoIsFoundBeforeSolving() {
        var v = verifier(.leave)
        v.policy.maxCommuteKm = 1
        let findings = Candidates(county: v.county, policy: v.policy).precheck()
        #expect(findings.contains { $0.rules.first == .R1 && $0.teacherIDs == ["A-0"] })
    }

    @Test func thePlanKeepsThem() {
        for lock in [Lock.leave, .notTo(["B"]), .onlyTo(["C"])] {
            var v = verifier(lock)
            v.policy.rotationRate = Rate(decimal: "0.3")!
            #expect(v.violationsOfPlan(.R1) == [], "\(lock)")
        }
    }
}
