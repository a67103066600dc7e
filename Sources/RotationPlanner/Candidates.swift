import RotationModel

/// What the rules allow before any optimisation: who may move, where to, and each school's duties.
///
/// Eligibility and locks (R1) decide who may move; the catalogue's column rules (R2's level, commute and
/// no-return, R5's backbone-downward) decide where to, so a move they refuse never gets a variable. Each
/// school's duties (R3's quota, R4's send and receive, R6's cap) are computed by those rules with exact decimal
/// arithmetic.
public struct Candidates: Sendable {
    public enum Position: Sendable, Equatable {
        /// Stays at the current school whatever the plan (not eligible, or locked to stay).
        case fixed
        /// Locked by the office to move to this school (index into `county.schools`).
        case locked(Int)
        /// Eligible: stays, or moves to one of these schools (indices, ascending).
        case movable([Int])
        /// The term ended: goes home to this school (期满返回). Not an exchange mover: counted apart from R3's
        /// leavers and R5's shares, but a departure and an arrival for R6's caps and headcount, the needs and the
        /// balance indicators.
        case returning(Int)
    }

    public struct SchoolDuties: Sendable, Equatable {
        /// Teachers now at the school.
        public var staff: Int
        /// Eligible teachers now at the school (R3's denominator; locked movers count when otherwise eligible).
        public var eligible: Int
        /// R3: ⌈rotation_rate × eligible⌉.
        public var requiredLeavers: Int
        /// R6: max(1, ⌊max_turnover × staff⌋), for leavers and for arrivals alike.
        public var turnoverCap: Int
        /// R4: must send at least one.
        public var mustSend: Bool
        /// R4: must receive at least one.
        public var mustReceive: Bool
        /// Teachers locked to leave, and locked to arrive.
        public var lockedOut: Int
        public var lockedIn: Int
        /// Teachers whose term ended: leaving this school for home, and coming home to it.
        public var returnersOut = 0
        public var returnersIn = 0
        /// Leaders (R12) among `lockedOut`: R3 counts the teachers only.
        public var leadersLockedOut = 0
    }

    public let county: County
    public private(set) var policy: Policy
    /// Per teacher, in `county.teachers` order.
    public let eligibility: [Eligibility]
    public let positions: [Position]
    /// Current school index per teacher.
    public let current: [Int]
    public let duties: [SchoolDuties]
    /// Partners as pairs of teacher indices (first < second).
    public let couples: [(Int, Int)]
    /// Per teacher: the strong schools they may learn at for a year (R13, 跟岗学习); empty for most.
    public let learnerHosts: [[Int]]

    public init(county: County, policy: Policy) {
        self.county = county
        self.policy = policy
        let current = county.teachers.map { county.schoolIndex[$0.schoolID]! }
        self.current = current
        let eligibility = county.teachers.map { policy.eligibility(of: $0) }
        self.eligibility = eligibility
        var positions: [Position] = []
        positions.reserveCapacity(county.teachers.count)
        let columnRules = Catalogue.columnRules
        for (t, teacher) in county.teachers.enumerated() {
            if case .moveTo(let id)? = teacher.lock, teacher.onTerm, id == teacher.homeSchoolID, let home = county.schoolIndex[id] {
                // A lock that sends a teacher on a term home is the return itself (R9), not a new move.
                positions.append(.returning(home))
            } else if case .moveTo(let id)? = teacher.lock, let s = county.schoolIndex[id], s != current[t] {
                positions.append(.locked(s))
            } else if eligibility[t] == .returning, let home = teacher.homeSchoolID.flatMap({ county.schoolIndex[$0] }) {
                positions.append(.returning(home))
            } else if eligibility[t].isEligible {
                var query = MoveQuery(county: county, policy: policy, teacher: t, from: current[t], to: current[t])
                positions.append(.movable(county.schools.indices.filter { s in
                    guard s != current[t] else { return false }
                    query.to = s
                    return Self.refusal(query, columnRules) == nil
                }))
            } else {
                positions.append(.fixed)
            }
        }
        self.positions = positions
        var duties = county.schools.map { _ in
            SchoolDuties(staff: 0, eligible: 0, requiredLeavers: 0, turnoverCap: 0, mustSend: false, mustReceive: false,
                         lockedOut: 0, lockedIn: 0)
        }
        for t in county.teachers.indices {
            duties[current[t]].staff += 1
            // Leaders are exchanged apart (R12): not in R3's eligible teachers.
            let leader = county.teachers[t].role.isLeader
            if eligibility[t].isEligible && !leader { duties[current[t]].eligible += 1 }
            if case .locked(let to) = positions[t] {
                duties[current[t]].lockedOut += 1
                duties[to].lockedIn += 1
                if leader { duties[current[t]].leadersLockedOut += 1 }
            }
            if case .returning(let home) = positions[t] {
                duties[current[t]].returnersOut += 1
                duties[home].returnersIn += 1
            }
        }
        for s in duties.indices {
            duties[s].requiredLeavers = R3Quota.requiredLeavers(eligible: duties[s].eligible, policy: policy)
            duties[s].turnoverCap = R6Turnover.turnoverCap(staff: duties[s].staff, policy: policy)
            duties[s].mustSend = R4EverySchool.mustSend(eligible: duties[s].eligible, policy: policy)
            duties[s].mustReceive = R4EverySchool.mustReceive(eligible: duties[s].eligible, policy: policy)
        }
        self.duties = duties
        var couples: [(Int, Int)] = []
        for (t, teacher) in county.teachers.enumerated() {
            if let p = teacher.partnerID, let u = county.teacherIndex[p], t < u,
               county.teachers[u].partnerID == teacher.id {
                couples.append((t, u))
            }
        }
        self.couples = couples
        learnerHosts = R13Learners.hosts(county: county, policy: policy, positions: positions, eligibility: eligibility, current: current)
    }

    /// These candidates under `policy`, when it differs from theirs only in the objective's weights and the solver's
    /// settings (which no rule reads before the program is built); nil otherwise. What-if scenarios of the same
    /// rules share one candidate set.
    public func reweighted(_ policy: Policy) -> Candidates? {
        var rules = policy
        rules.weights = self.policy.weights
        rules.solver = self.policy.solver
        guard rules == self.policy else { return nil }
        var c = self
        c.policy = policy
        return c
    }

    /// The first column rule that refuses the move, in catalogue order.
    static func refusal(_ query: MoveQuery, _ rules: [any HardRule]) -> Refusal? {
        for rule in rules { if let r = rule.refusal(query) { return r } }
        return nil
    }

    /// A question about teacher t going to school s.
    func query(_ t: Int, to s: Int) -> MoveQuery { MoveQuery(county: county, policy: policy, teacher: t, from: current[t], to: s) }

    /// Where a teacher may end: the current school first, then every other possible school.
    public func options(of t: Int) -> [Int] {
        switch positions[t] {
        case .fixed: return [current[t]] + learnerHosts[t]
        case .locked(let s), .returning(let s): return [s]
        case .movable(let d): return [current[t]] + d + learnerHosts[t].filter { !d.contains($0) }
        }
    }

    /// The school a teacher ends at whatever the plan: locked to move there, or returning home.
    public func fixedMove(_ t: Int) -> Int? {
        switch positions[t] {
        case .locked(let s), .returning(let s): return s
        case .fixed, .movable: return nil
        }
    }

    /// Whether teacher t goes home at the end of a term (not an exchange mover).
    public func isReturner(_ t: Int) -> Bool { if case .returning = positions[t] { return true }; return false }

    /// The commute from the teacher's home (or current school) to `school`, in km.
    public func commuteKm(_ t: Int, to school: Int) -> Double {
        let teacher = county.teachers[t]
        let home = county.home(of: teacher) ?? county.schools[current[t]].location
        return home.distanceKm(to: county.schools[school].location)
    }

    /// The commute as the plan counts and reports it, in whole tenths of a km (divide by 10 for km).
    public func commuteTenths(_ t: Int, to school: Int) -> Double { (commuteKm(t, to: school) * 10).rounded() }

    public func distanceKm(between a: Int, and b: Int) -> Double {
        county.schools[a].location.distanceKm(to: county.schools[b].location)
    }

    /// The moves the rules leave possible: every destination of every eligible teacher, and the strong schools
    /// a teacher may learn at (R13). Each becomes a column of the program.
    public var candidateMoves: Int {
        positions.reduce(0) { n, p in if case .movable(let d) = p { return n + d.count }; return n }
            + learnerHosts.reduce(0) { $0 + $1.count }
    }

    /// How many movable teachers could go somewhere.
    public var movableCount: Int {
        positions.count { if case .movable(let d) = $0 { return !d.isEmpty }; return false }
    }

    /// The leavers R3 and R4 ask of a school: its quota, or one when it must send.
    /// Per school, how many leave and how many arrive when every teacher t ends at `destination[t]`.
    /// Returners are left out unless `returners` (R6 counts them: departures and arrivals of every kind).
    /// With `quota`, leaders are left out too (R3 counts the teachers only).
    func flows(_ destination: [Int], returners: Bool = false, quota: Bool = false) -> (leavers: [Int], arrivals: [Int]) {
        var leavers = county.schools.map { _ in 0 }, arrivals = leavers
        for t in destination.indices where destination[t] != current[t] && (returners || !isReturner(t))
            && !(quota && county.teachers[t].role.isLeader) {
            leavers[current[t]] += 1
            arrivals[destination[t]] += 1
        }
        return (leavers, arrivals)
    }

    func requiredOut(_ s: Int) -> Int { max(duties[s].requiredLeavers, duties[s].mustSend ? 1 : 0) }

    /// The fewest movers the rules allow: Σ over schools of the leavers R3/R4 require (or the locked leavers).
    /// Leaders (R12) are apart: only the teachers locked to leave count.
    public var minimumMovers: Int {
        county.schools.indices.reduce(0) { $0 + max(requiredOut($1), duties[$1].lockedOut - duties[$1].leadersLockedOut) }
    }
}
