import RotationModel
@testable import RotationPlanner
import Testing

@Suite("R1 alone: one school each, only eligible teachers move, locks kept")
struct R1OneSchoolTests {
    var verifier: RuleVerifier {
        var teachers = Tiny.teachers(2, at: "A") + Tiny.teachers(1, at: "A", from: 2, years: 1)  // A-2 lacks tenure
        teachers[1].lock = .moveTo(schoolID: "B")
        teachers.append(contentsOf: Tiny.teachers(1, at: "B"))
        teachers[3].lock = .stay
        return RuleVerifier(county: County(schools: [Tiny.school("A"), Tiny.school("B", km: 2)], teachers: teachers, needs: []),
                            policy: Tiny.permissive)
    }

    @Test func anEligibleTeacherMayMoveOrStay() {
        #expect(verifier.accepts(R1OneSchool(), ["A-1": "B"]))
        #expect(verifier.accepts(R1OneSchool(), ["A-0": "B", "A-1": "B"]))
    }

    @Test func aTeacherWithoutTenureOrLockedToStayDoesNotMove() {
        #expect(!verifier.accepts(R1OneSchool(), ["A-1": "B", "A-2": "B"]))
        #expect(!verifier.accepts(R1OneSchool(), ["A-1": "B", "B-0": "A"]))
        #expect(verifier.inspectorViolations(of: .R1, ["A-1": "B", "A-2": "B"]).count == 1)
    }

    @Test func aTeacherLockedToASchoolGoesThere() {
        #expect(!verifier.accepts(R1OneSchool(), [:]))
        #expect(verifier.inspectorViolations(of: .R1, [:]).count == 1)
        #expect(verifier.accepts(R1OneSchool(), ["A-1": "B"]))
    }

    @Test func whyNotNamesTheLockAndTheEligibility() {
        let c = Candidates(county: verifier.county, policy: verifier.policy)
        let t = verifier.county.teacherIndex
        #expect(c.breaks(teacher: t["A-2"]!, to: 1).map(\.rule) == [.R1])
        #expect(c.breaks(teacher: t["B-0"]!, to: 0).first?.why.en.contains("stay") == true)
        #expect(c.breaks(teacher: t["A-1"]!, to: 0).first?.why.en.contains("locked them to move") == true)
        #expect(c.breaks(teacher: t["A-0"]!, to: 1).isEmpty)
    }

    @Test func thePlanKeepsIt() {
        #expect(verifier.violationsOfPlan(.R1) == [])
    }
}
