import RotationModel
@testable import RotationPlanner
import Testing

@Suite("R7 alone: partners end close when either moves")
struct R7CouplesTests {
    /// Partners A-0 (at A, 0 km) and B-0 (at B, 4 km); C at 30 km.
    var verifier: RuleVerifier {
        var policy = Tiny.permissive
        policy.coupleMaxKm = 20
        var teachers = Tiny.teachers(2, at: "A") + Tiny.teachers(2, at: "B") + Tiny.teachers(2, at: "C")
        teachers[0].partnerID = "B-0"
        teachers[2].partnerID = "A-0"
        return RuleVerifier(county: County(schools: [Tiny.school("A"), Tiny.school("B", km: 4), Tiny.school("C", km: 30)],
                                           teachers: teachers, needs: []), policy: policy)
    }

    @Test func aMoveMustKeepPartnersClose() {
        #expect(verifier.accepts(R7Couples(), ["A-0": "B"]))
        #expect(!verifier.accepts(R7Couples(), ["A-0": "C"]))
        #expect(verifier.inspectorViolations(of: .R7, ["A-0": "C"]).count == 1)
        #expect(verifier.accepts(R7Couples(), ["A-0": "C", "B-0": "C"]))
    }

    @Test func partnersWhoBothStayAreLeftAlone() {
        var v = verifier
        v.policy.coupleMaxKm = 1   // A and B are 4 km apart already
        #expect(v.accepts(R7Couples(), [:]))
        #expect(!v.accepts(R7Couples(), ["B-0": "C"]))
    }

    @Test func lockedPartnersTooFarApartAreFoundBeforeSolving() {
        var v = verifier
        var teachers = v.county.teachers
        teachers[0].lock = .moveTo(schoolID: "C")
        teachers[2].lock = .stay
        v.county = County(schools: v.county.schools, teachers: teachers, needs: [])
        let findings = Candidates(county: v.county, policy: v.policy).precheck()
        #expect(findings.contains { $0.rules == [.R7, .R1] && $0.teacherIDs == ["A-0", "B-0"] })
    }

    @Test func thePlanKeepsIt() {
        var v = verifier
        v.policy.rotationRate = Rate(decimal: "0.5")!
        #expect(v.violationsOfPlan(.R7) == [])
    }
}
