import RotationModel
@testable import RotationPlanner
import Testing

@Suite("R4 alone: every school with an eligible teacher sends and receives one")
struct R4EverySchoolTests {
    var verifier: RuleVerifier {
        var policy = Tiny.permissive
        policy.everySchoolSends = true
        policy.everySchoolReceives = true
        let teachers = Tiny.teachers(3, at: "A") + Tiny.teachers(3, at: "B") + Tiny.teachers(2, at: "C", years: 1)
        return RuleVerifier(county: County(schools: [Tiny.school("A"), Tiny.school("B", km: 2), Tiny.school("C", km: 4)],
                                           teachers: teachers, needs: []), policy: policy)
    }

    @Test func schoolsWithEligibleTeachersSendAndReceive() {
        #expect(verifier.accepts(R4EverySchool(), ["A-0": "B", "B-0": "A"]))
        #expect(!verifier.accepts(R4EverySchool(), ["A-0": "B"]))            // A receives none, B sends none
        #expect(verifier.inspectorViolations(of: .R4, ["A-0": "B"]).count == 2)
        #expect(!verifier.accepts(R4EverySchool(), [:]))
    }

    @Test func aSchoolWithoutEligibleTeachersOwesNothing() {
        // C's teachers lack tenure: C need neither send nor receive.
        #expect(verifier.accepts(R4EverySchool(), ["A-0": "B", "B-0": "A"]))
        #expect(verifier.accepts(R4EverySchool(), ["A-0": "C", "B-0": "A", "A-1": "B"]))
    }

    @Test func eachHalfCanBeSwitchedOff() {
        var v = verifier
        v.policy.everySchoolReceives = false
        #expect(v.accepts(R4EverySchool(), ["A-0": "C", "B-0": "C"]))
        v.policy.everySchoolSends = false
        #expect(v.accepts(R4EverySchool(), [:]))
    }

    @Test func aSchoolNobodyCanReachIsFoundBeforeSolving() {
        var v = verifier
        v.county = County(schools: v.county.schools + [Tiny.school("F", km: 100)],
                          teachers: v.county.teachers + Tiny.teachers(2, at: "F"), needs: [])
        v.policy.maxCommuteKm = 10
        let findings = Candidates(county: v.county, policy: v.policy).precheck()
        #expect(findings.contains { $0.rules.first == .R4 && $0.schoolID == "F" && $0.remedy.contains("every_school_receives: false") })
    }

    @Test func thePlanKeepsIt() {
        #expect(verifier.violationsOfPlan(.R4) == [])
    }
}
