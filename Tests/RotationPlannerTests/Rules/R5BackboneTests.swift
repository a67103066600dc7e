import RotationModel
@testable import RotationPlanner
import Testing

@Suite("R5 alone: the backbone share of movers, and backbone teachers moving downward")
struct R5BackboneTests {
    /// A strong school and a weak one, 2 km apart, each with two backbone and three other teachers.
    var verifier: RuleVerifier {
        var policy = Tiny.permissive
        policy.backboneShare = Rate(decimal: "0.5")!
        let teachers = Tiny.teachers(2, at: "S", backbone: .county) + Tiny.teachers(3, at: "S", from: 2)
            + Tiny.teachers(2, at: "W", backbone: .city) + Tiny.teachers(3, at: "W", from: 2)
        return RuleVerifier(county: County(schools: [Tiny.school("S", strength: .strong), Tiny.school("W", km: 2, strength: .weak)],
                                           teachers: teachers, needs: []), policy: policy)
    }

    @Test func backboneTeachersAreTheirShareOfMovers() {
        #expect(verifier.accepts(R5Backbone(), ["S-0": "W", "S-2": "W"]))          // 1 of 2
        #expect(!verifier.accepts(R5Backbone(), ["S-0": "W", "S-2": "W", "S-3": "W"]))  // 1 of 3
        #expect(verifier.inspectorViolations(of: .R5, ["S-0": "W", "S-2": "W", "S-3": "W"]).count == 1)
        #expect(verifier.accepts(R5Backbone(), [:]))                                // nobody moves
    }

    @Test func backboneTeachersDoNotMoveToStrongerSchools() {
        var v = verifier
        v.policy.backboneShare = Rate(numerator: 0, denominator: 1)
        v.policy.backboneDownward = true
        #expect(!v.accepts(R5Backbone(), ["W-0": "S"]))
        #expect(v.inspectorViolations(of: .R5, ["W-0": "S"]).count == 1)
        #expect(v.accepts(R5Backbone(), ["S-0": "W", "W-2": "S"]))
        let c = Candidates(county: v.county, policy: v.policy)
        #expect(c.breaks(teacher: v.county.teacherIndex["W-0"]!, to: 0).map(\.rule) == [.R5])
        #expect(c.deepestRefusal(v.county.teacherIndex["W-0"]!).1.check == R5Backbone.downward)
        v.policy.backboneDownward = false
        #expect(v.accepts(R5Backbone(), ["W-0": "S"]))
    }

    @Test func tooFewBackboneTeachersIsFoundBeforeSolving() {
        var v = verifier
        v.policy.rotationRate = Rate(decimal: "0.6")!   // 3 + 3 must move: 6, of whom 3 backbone; only 4 exist … and share 0.8
        v.policy.backboneShare = Rate(decimal: "0.8")!
        let findings = Candidates(county: v.county, policy: v.policy).precheck()
        #expect(findings.contains { $0.rules.first == .R5 && $0.schoolID == nil })
    }

    @Test func thePlanKeepsIt() {
        var v = verifier
        v.policy.rotationRate = Rate(decimal: "0.4")!
        v.policy.backboneDownward = true
        #expect(v.violationsOfPlan(.R5) == [])
    }
}
