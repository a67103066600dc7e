import Foundation
import RotationModel
import RotationPlanner

/// The audit block of `summary.json` (docs/data-format.md): the county before and after the plan against the
/// quality-balance audit, and with `audit.goal` what the planner settled.
public struct AuditSummary: Codable, Equatable, Sendable {
    public struct Spread: Codable, Equatable, Sendable {
        public var cv_before: Double?
        public var cv_after: Double?
        public var cap: Double
        public var cap_met_before: Bool?
        public var cap_met_after: Bool?
        /// A facility indicator: the plan cannot change it.
        public var constant: Bool
        public var schools: Int
    }
    public var goal: Bool
    public var schools_audited: [String: Int]
    /// Schools audited on the three teacher indicators only (no facility value given), by id.
    public var schools_audited_on_teachers_only: [String]
    public var schools_passing_before: [String: Int]
    public var schools_passing_after: [String: Int]
    public var cv_caps_met_before: [String: [String: Bool?]]
    public var cv_caps_met_after: [String: [String: Bool?]]
    public var cv: [String: [String: Spread]]
    /// With `audit.goal`: the caps the plan holds as rules, those no plan meets, those not settled.
    public var caps_held: [String]?
    public var caps_out_of_reach: [String]?
    public var caps_unsettled: [String]?
    /// With `audit.goal`: whether no plan passes more schools was proven.
    public var passing_proven: Bool?
    /// With `audit.goal`: false when the audit steps found no plan in the time left (the plan of the least
    /// unmet need is given instead, without aiming at the audit).
    public var goal_finished: Bool?

    public init(_ plan: Plan) {
        let before = plan.auditBefore, after = plan.auditAfter
        func byLevel(_ f: (TeachingLevel) -> Int) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: TeachingLevel.allCases.map { ($0.rawValue, f($0)) })
        }
        goal = plan.policy.audit.goal
        schools_audited = byLevel { after.audited($0) }
        schools_audited_on_teachers_only = Array(Set(after.schools.filter(\.teachersOnly).map { plan.county.schools[$0.school].id })).sorted()
        schools_passing_before = byLevel { before.passing($0) }
        schools_passing_after = byLevel { after.passing($0) }
        var metBefore: [String: [String: Bool?]] = [:], metAfter: [String: [String: Bool?]] = [:]
        var cv: [String: [String: Spread]] = [:]
        for level in TeachingLevel.allCases {
            for indicator in AuditIndicator.allCases {
                let b = before.spreads[level]![indicator]!, a = after.spreads[level]![indicator]!
                metBefore[level.rawValue, default: [:]][indicator.rawValue] = .some(b.capMet)
                metAfter[level.rawValue, default: [:]][indicator.rawValue] = .some(a.capMet)
                cv[level.rawValue, default: [:]][indicator.rawValue] = Spread(
                    cv_before: b.cv.map(PlanFiles.round6), cv_after: a.cv.map(PlanFiles.round6), cap: a.cap,
                    cap_met_before: b.capMet, cap_met_after: a.capMet, constant: indicator.teacherIndicator == nil, schools: a.schools)
            }
        }
        cv_caps_met_before = metBefore
        cv_caps_met_after = metAfter
        self.cv = cv
        let name = { (k: CapKey) in "\(k.level.rawValue).\(k.indicator.rawValue)" }
        caps_held = plan.auditGoal.map { $0.capsHeld.map(name) }
        caps_out_of_reach = plan.auditGoal.map { $0.capsOutOfReach.map(name) }
        caps_unsettled = plan.auditGoal.map { $0.capsUnsettled.map(name) }
        passing_proven = plan.auditGoal?.passingProven
        goal_finished = plan.auditGoal?.finished
    }
}
