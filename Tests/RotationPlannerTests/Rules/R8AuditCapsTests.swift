import RotationModel
@testable import RotationPlanner
import Testing

@Suite("R8 alone: an audit CV cap the planner holds is met")
struct R8AuditCapsTests {
    /// Three primary schools of 400 students; A has 9 backbone teachers, B and C one each: the backbone CV is
    /// high until some move from A.
    var verifier: RuleVerifier {
        var policy = Tiny.permissive
        policy.audit.goal = true
        let teachers = Tiny.teachers(9, at: "A", backbone: .county) + Tiny.teachers(3, at: "A", from: 9)
            + Tiny.teachers(1, at: "B", backbone: .county) + Tiny.teachers(5, at: "B", from: 1)
            + Tiny.teachers(1, at: "C", backbone: .county) + Tiny.teachers(5, at: "C", from: 1)
        return RuleVerifier(county: County(schools: [Tiny.school("A"), Tiny.school("B", km: 2), Tiny.school("C", km: 3)],
                                           teachers: teachers, needs: []), policy: policy)
    }
    let backbone = CapKey(level: .primary, indicator: .backbone)

    func cv(_ moves: [String: String]) -> Double {
        var destination: [String: String] = [:]
        for t in verifier.county.teachers { destination[t.id] = moves[t.id] ?? t.schoolID }
        return RuleChecker(county: verifier.county, policy: verifier.policy, destination: destination)
            .cv(level: .primary, indicator: .backbone, after: true)!
    }

    @Test func theCapHoldsExactlyWhereTheCVIsWithinIt() {
        let stage = AuditStage(caps: [backbone])
        let none: [String: String] = [:]
        let two = ["A-0": "B", "A-1": "C"]
        let six = ["A-0": "B", "A-1": "B", "A-2": "B", "A-3": "C", "A-4": "C", "A-5": "C"]
        for moves in [none, two, six] {
            // The level's total stays (every primary school counted): the row is exact.
            #expect(verifier.accepts(R8AuditCaps(), moves, audit: stage) == (cv(moves) <= 0.5), "CV \(cv(moves))")
        }
        #expect(cv(none) > 0.5 && cv(six) <= 0.5)
        // Without the stage the rule adds nothing.
        #expect(verifier.accepts(R8AuditCaps(), none))
    }

    @Test func withTheGoalThePlanMeetsAReachableCap() {
        var v = verifier
        v.policy.rotationRate = Rate(decimal: "0.2")!
        v.policy.weights.balance = 0   // nothing but R8 asks for an even spread
        guard case .plan(let plan) = Planner.glpk.plan(county: v.county, policy: v.policy) else {
            Issue.record("no plan"); return
        }
        #expect(plan.auditGoal?.capsHeld.contains(backbone) == true)
        var moves: [String: String] = [:]
        for (t, s) in plan.destination.enumerated() { moves[v.county.teachers[t].id] = v.county.schools[s].id }
        #expect(cv(moves) <= 0.5 + 1e-9)
        // The same county without the goal leaves the backbone teachers where they are (nothing asks otherwise).
        var plain = v
        plain.policy.audit.goal = false
        guard case .plan(let other) = Planner.glpk.plan(county: plain.county, policy: plain.policy) else { return }
        var otherMoves: [String: String] = [:]
        for (t, s) in other.destination.enumerated() { otherMoves[v.county.teachers[t].id] = v.county.schools[s].id }
        #expect(cv(otherMoves) > 0.5)
    }
}
