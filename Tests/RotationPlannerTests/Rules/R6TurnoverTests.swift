import RotationModel
@testable import RotationPlanner
import Testing

@Suite("R6 alone: turnover caps and the kept headcount")
struct R6TurnoverTests {
    /// A with 10 teachers (cap ⌊0.2 × 10⌋ = 2), B with 3 (cap max(1, 0) = 1), C with 10.
    var verifier: RuleVerifier {
        var policy = Tiny.permissive
        policy.maxTurnover = Rate(decimal: "0.2")!
        let teachers = Tiny.teachers(10, at: "A") + Tiny.teachers(3, at: "B") + Tiny.teachers(10, at: "C")
        return RuleVerifier(county: County(schools: [Tiny.school("A"), Tiny.school("B", km: 2), Tiny.school("C", km: 3)],
                                           teachers: teachers, needs: []), policy: policy)
    }

    @Test func atMostTheCapLeaveAndArrive() {
        let duties = Candidates(county: verifier.county, policy: verifier.policy).duties
        #expect(duties.map(\.turnoverCap) == [2, 1, 2])
        #expect(verifier.accepts(R6Turnover(), ["A-0": "C", "A-1": "C"]))
        #expect(!verifier.accepts(R6Turnover(), ["A-0": "C", "A-1": "C", "A-2": "C"]))
        #expect(!verifier.accepts(R6Turnover(), ["A-0": "B", "C-0": "B"]))      // B receives 2 > 1
        #expect(verifier.inspectorViolations(of: .R6, ["A-0": "B", "C-0": "B"]).count == 1)
    }

    @Test func withKeepHeadcountEachSchoolReceivesAsManyAsItSends() {
        var v = verifier
        v.policy.keepHeadcount = true
        #expect(!v.accepts(R6Turnover(), ["A-0": "C"]))
        #expect(v.inspectorViolations(of: .R6, ["A-0": "C"]).count == 2)
        #expect(v.accepts(R6Turnover(), ["A-0": "C", "C-0": "A"]))
        #expect(v.accepts(R6Turnover(), ["A-0": "B", "B-0": "C", "C-0": "A"]))
    }

    @Test func tooManyLocksAreFoundBeforeSolving() {
        var v = verifier
        var teachers = v.county.teachers
        for k in 0..<3 { teachers[k].lock = .moveTo(schoolID: "C") }
        v.county = County(schools: v.county.schools, teachers: teachers, needs: [])
        let findings = Candidates(county: v.county, policy: v.policy).precheck()
        #expect(findings.contains { $0.rules == [.R6, .R1] && $0.schoolID == "A" })
    }

    @Test func thePlanKeepsIt() {
        var v = verifier
        v.policy.rotationRate = Rate(decimal: "0.2")!
        v.policy.keepHeadcount = true
        #expect(v.violationsOfPlan(.R6) == [])
    }
}
