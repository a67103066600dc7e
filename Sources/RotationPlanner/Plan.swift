import IntegerProgramming
import RotationModel

/// Where the seconds of planning went: the candidate moves, building the main program, the solver's stages of the
/// searches with the policy's weights (the main search, its seed, the re-plan), the shortage proof and the audit
/// steps (wall time, including the bound computed meanwhile on another core). The candidates come before the clock of
/// ``Plan/solveSeconds`` starts; the other phases are part of it.
public struct PlanTimings: Sendable, Equatable {
    public var candidates = 0.0, build = 0.0, relaxation = 0.0, pricing = 0.0, search = 0.0, shortageProof = 0.0, audit = 0.0
    public var pricingRounds = 0
    public init() {}
    mutating func add(_ stages: StageSeconds) {
        relaxation += stages.relaxation; pricing += stages.pricing; search += stages.search; pricingRounds += stages.pricingRounds
    }
}

/// A rotation plan: where every teacher ends, how good that is, and how sure the solver is.
public struct Plan: Sendable {
    public enum Status: String, Sendable, Codable {
        /// GLPK proved no better plan exists.
        case optimal
        /// A limit (time or the gap tolerance) stopped the search: see ``stoppedBy``, ``bestBound`` and ``gap``.
        case feasible
    }

    public var status: Status
    /// Why the search stopped early, when it did: the time limit, the gap, the caller, or a work limit.
    public var stoppedBy: Termination.Limit?
    public var objective: Double
    public var bestBound: Double?
    public var gap: Double?
    public var terms: ObjectiveTerms
    public var solveSeconds: Double
    public var buildSeconds: Double
    /// Where the planning time went, step by step (`rotation bench` prints it).
    public var timings = PlanTimings()
    public var variables: Int
    public var constraints: Int

    public let candidates: Candidates
    /// The school index where each teacher ends.
    public var destination: [Int]
    public let before: Assessment
    public let after: Assessment
    /// With `audit.goal`: which CV caps the plan holds, which are out of reach, and the schools passing.
    public var auditGoal: AuditGoalOutcome?
    /// When re-planned after objections (`--previous`): the fewest changes to the previous plan.
    public var stability: StabilityOutcome?
    /// Teachers learning at a strong school this year (R13, 跟岗学习): teacher → host school. Their `destination`
    /// is their own school (they come back); they count at neither school this year.
    public let learners: [Int: Int]
    /// The subject each teacher teaches where the plan puts them (R14): the main one unless another is assigned.
    public let assigned: [String]
    /// Walking teachers' service at other schools (走教, R15), in teacher order.
    public let walks: [Walk]

    public var county: County { candidates.county }
    public var policy: Policy { candidates.policy }

    init(status: Status, stoppedBy: Termination.Limit?, objective: Double, bestBound: Double?, gap: Double?, terms: ObjectiveTerms,
         solveSeconds: Double, buildSeconds: Double, variables: Int, constraints: Int, candidates: Candidates,
         destination: [Int], learners: [Int: Int] = [:], assigned: [String]? = nil, walks: [Walk] = []) {
        self.status = status; self.stoppedBy = stoppedBy; self.objective = objective; self.bestBound = bestBound
        self.gap = gap; self.terms = terms; self.solveSeconds = solveSeconds; self.buildSeconds = buildSeconds
        self.variables = variables; self.constraints = constraints; self.candidates = candidates
        self.destination = destination
        self.learners = learners
        self.assigned = assigned ?? candidates.county.teachers.map(\.subject)
        self.walks = walks
        self.before = Assessment.before(county: candidates.county, policy: candidates.policy)
        self.after = Assessment(county: candidates.county, policy: candidates.policy, schoolOf: destination, absent: Set(learners.keys),
                                subjectOf: self.assigned, walks: walks)
    }

    /// Whether teacher t teaches a subject they are retrained for (转岗).
    public func isRetrained(_ t: Int) -> Bool { county.teachers[t].retrain.contains(assigned[t]) }
    /// Teachers who teach another subject than their main one (second subjects and retraining).
    public var reassigned: [Int] { county.teachers.indices.filter { assigned[$0] != county.teachers[$0].subject } }

    /// The audit of the county before and after the plan.
    public var auditBefore: AuditResult { AuditResult(county: county, policy: policy, assessment: before) }
    public var auditAfter: AuditResult { AuditResult(county: county, policy: policy, assessment: after) }

    /// Teachers who move (exchange movers: transfers and terms), in teacher order; returners are apart.
    public var movers: [Int] { county.teachers.indices.filter { destination[$0] != candidates.current[$0] && !candidates.isReturner($0) } }
    /// Teachers whose term ended and who go home (期满返回), in teacher order.
    public var returners: [Int] { county.teachers.indices.filter { candidates.isReturner($0) } }
    /// Teachers whose term ended but who were kept at the host school by `lock: stay`: the term is extended by a year.
    public var extendedTerms: [Int] {
        county.teachers.indices.filter { t in
            let teacher = county.teachers[t]
            return teacher.onTerm && teacher.lock == .stay && (teacher.termEndYear ?? policy.year) < policy.year
        }
    }

    /// The school a teacher is at this year: a learner's host, else the destination.
    public func placeOf(_ t: Int) -> Int { learners[t] ?? destination[t] }

    /// What a move of this plan is: a learner's `learner`; a returner's `return`; a new move is a `term` when the policy sends movers on
    /// terms (`term_years`, for every mover or for backbone movers with `term_moves: backbone`), else a `transfer`.
    public func kind(_ t: Int) -> MoveKind {
        if learners[t] != nil { return .learner }
        if candidates.isReturner(t) { return .return }
        return termEndYear(t) == nil ? .transfer : .term
    }

    /// The last school year of a new term (`year + term_years − 1`), or nil for a transfer or a returner.
    public func termEndYear(_ t: Int) -> Int? {
        if learners[t] != nil { return policy.year }
        guard policy.termYears > 0, !candidates.isReturner(t), destination[t] != candidates.current[t] else { return nil }
        guard policy.termMoves != "backbone" || county.teachers[t].backbone.isBackbone else { return nil }
        return policy.year + policy.termYears - 1
    }
    /// Movers who count in R5's share: the teachers (leaders are exchanged apart, R12).
    public var teacherMovers: [Int] { movers.filter { !county.teachers[$0].role.isLeader } }
    public var backboneMovers: Int { teacherMovers.count { county.teachers[$0].backbone.isBackbone } }
    /// Leaders (principals, vice principals, middle leaders) who move.
    public var leaderMovers: [Int] { movers.filter { county.teachers[$0].role.isLeader } }

    /// Leavers and arrivals per school.
    public var leavers: [Int] {
        var out = county.schools.map { _ in 0 }
        for t in movers { out[candidates.current[t]] += 1 }
        return out
    }
    public var arrivals: [Int] {
        var into = county.schools.map { _ in 0 }
        for t in movers { into[destination[t]] += 1 }
        return into
    }

    /// The fewest movers the rules allow: Σ over schools of the leavers R3/R4 require (or the locked leavers).
    public var minimumMovers: Int { candidates.minimumMovers }

    /// Commute of a mover to the new school, km rounded to 0.1.
    public func commuteKm(_ t: Int) -> Double { candidates.commuteTenths(t, to: placeOf(t)) / 10 }

    /// Why a teacher moves, in plain words, most important first: each unit of the rule catalogue gives its
    /// own (``Catalogue/reasonSources``); a move no rule or term asked for was chosen by the balance term.
    public func reasons(for t: Int) -> [LocalizedText] {
        guard candidates.current[t] != placeOf(t) else { return [] }
        if learners[t] != nil { return R13Learners().reasons(for: t, in: self) }
        if candidates.isReturner(t) { return R9Terms().reasons(for: t, in: self) }
        let reasons = Catalogue.reasonSources.flatMap { $0.reasons(for: t, in: self) }
        return reasons.isEmpty ? [BalanceTerm.unaskedReason] : reasons
    }

    /// The reasons a principal's page may show: all but the teacher's own wishes, which are personal.
    public func publicReasons(for t: Int) -> [LocalizedText] {
        let wishes = Set(PreferenceTerm().reasons(for: t, in: self))
        let shown = reasons(for: t).filter { !wishes.contains($0) }
        return shown.isEmpty && placeOf(t) != candidates.current[t] ? [BalanceTerm.unaskedReason] : shown
    }
}

extension Area {
    /// urban 0, town 1, rural 2: moving up the rank moves toward the countryside.
    var rank: Int { self == .urban ? 0 : (self == .town ? 1 : 2) }
}

extension Indicator {
    /// A short English name for messages.
    public var label: String {
        switch self {
        case .degree: return "above-standard-degree teachers"
        case .backbone: return "backbone teachers"
        case .peArts: return "PE and arts teachers"
        }
    }

    /// The indicator's Chinese name, as the audit writes it.
    public var chineseLabel: String {
        switch self {
        case .degree: return "高于规定学历教师数"
        case .backbone: return "县级及以上骨干教师数"
        case .peArts: return "体育、艺术专任教师数"
        }
    }
}
