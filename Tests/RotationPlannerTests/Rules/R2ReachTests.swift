import RotationModel
@testable import RotationPlanner
import Testing

@Suite("R2 alone: level, commute and no-return decide which moves exist")
struct R2ReachTests {
    /// A at 0 km, B at 10 km, C at 20 km, J a junior school at 1 km.
    var verifier: RuleVerifier {
        var policy = Tiny.permissive
        policy.maxCommuteKm = 10
        policy.noReturnYears = 3
        var teachers = Tiny.teachers(3, at: "A")
        teachers[2].leftSchoolID = "B"; teachers[2].leftYear = policy.year - 2
        teachers += Tiny.teachers(1, at: "C")
        return RuleVerifier(county: County(schools: [Tiny.school("A"), Tiny.school("B", km: 10), Tiny.school("C", km: 20),
                                                     Tiny.school("J", km: 1, level: .junior)], teachers: teachers, needs: []),
                            policy: policy)
    }

    @Test func theCommuteLimitIsInclusive() {
        // A → B is exactly 10 km (haversine), A → C 20 km.
        #expect(verifier.accepts(R2Reach(), ["A-0": "B"]))
        #expect(!verifier.accepts(R2Reach(), ["A-0": "C"]))
        #expect(verifier.inspectorViolations(of: .R2, ["A-0": "C"]).count == 1)
    }

    @Test func notToAnotherLevelNorBackTooSoon() {
        #expect(!verifier.accepts(R2Reach(), ["A-0": "J"]))
        #expect(!verifier.accepts(R2Reach(), ["A-2": "B"]))
        var later = verifier
        later.policy.noReturnYears = 2
        #expect(later.accepts(R2Reach(), ["A-2": "B"]))
    }

    @Test func theRefusalsSayWhy() {
        let c = Candidates(county: verifier.county, policy: verifier.policy)
        let t = verifier.county.teacherIndex
        #expect(c.breaks(teacher: t["A-0"]!, to: 2).first?.why.en.contains("over max_commute_km (10)") == true)
        #expect(c.breaks(teacher: t["A-0"]!, to: 3).first?.why.en.contains("junior school") == true)
        #expect(c.breaks(teacher: t["A-2"]!, to: 1).first?.why.en.contains("no_return_years") == true)
        // C's teacher reaches B only: with B 10 km away and the others farther.
        #expect(c.positions[t["C-0"]!] == .movable([1]))
        let (rule, refusal) = c.deepestRefusal(t["C-0"]!)
        #expect(rule.id == .R2 && refusal.check == R2Reach.commute)
    }

    @Test func thePlanKeepsIt() {
        #expect(verifier.violationsOfPlan(.R2) == [])
    }
}
