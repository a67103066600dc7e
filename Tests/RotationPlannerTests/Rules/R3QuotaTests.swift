import RotationModel
@testable import RotationPlanner
import Testing

@Suite("R3 alone: at least ceil(rotation_rate × eligible) leave each school, in exact decimals")
struct R3QuotaTests {
    func verifier(eligible: Int, rate: String) -> RuleVerifier {
        var policy = Tiny.permissive
        policy.rotationRate = Rate(decimal: rate)!
        // B's staff lack tenure: B owes nothing, and its turnover cap (R6) lets A's leavers in.
        let teachers = Tiny.teachers(eligible, at: "A") + Tiny.teachers(2, at: "A", from: eligible, years: 1)
            + Tiny.teachers(10, at: "B", years: 1)
        return RuleVerifier(county: County(schools: [Tiny.school("A"), Tiny.school("B", km: 2)], teachers: teachers, needs: []),
                            policy: policy)
    }

    func leaving(_ n: Int) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (0..<n).map { ("A-\($0)", "B") })
    }

    @Test(arguments: [(10, "0.3", 3), (100, "0.07", 7), (50, "0.14", 7), (100, "0.29", 29), (9, "0.1", 1)])
    func theQuotaIsExact(eligible: Int, rate: String, required: Int) {
        let v = verifier(eligible: eligible, rate: rate)
        #expect(Candidates(county: v.county, policy: v.policy).duties[0].requiredLeavers == required)
        #expect(v.accepts(R3Quota(), leaving(required)))
        #expect(!v.accepts(R3Quota(), leaving(required - 1)))
        #expect(v.inspectorViolations(of: .R3, leaving(required - 1)).count == 1)
        #expect(v.inspectorViolations(of: .R3, leaving(required)).isEmpty)
    }

    @Test func theQuotaCountsOnlyEligibleTeachers() {
        let v = verifier(eligible: 10, rate: "0.25")  // 12 staff, 10 eligible → 3
        #expect(Candidates(county: v.county, policy: v.policy).duties[0].requiredLeavers == 3)
    }

    @Test func aQuotaBeyondTheTurnoverCapIsFoundBeforeSolving() {
        var v = verifier(eligible: 10, rate: "0.5")
        v.policy.maxTurnover = Rate(decimal: "0.2")!
        let findings = Candidates(county: v.county, policy: v.policy).precheck()
        #expect(findings.contains { $0.rules == [.R3, .R6] && $0.schoolID == "A" })
    }

    @Test func thePlanKeepsIt() {
        var v = verifier(eligible: 10, rate: "0.3")
        v.policy.keepHeadcount = false
        #expect(v.violationsOfPlan(.R3) == [])
    }
}
