import RotationModel

/// What the rules allow before any optimisation: who may move, where to, and each school's duties.
///
/// This is where R1 (only eligible teachers move, locks kept), R2 (level, commute, no-return) and the
/// backbone-downward half of R5 are applied, by creating move variables only for allowed moves. The
/// quotas of R3, R4 and R6 are computed here with exact decimal arithmetic.
public struct Candidates: Sendable {
    public enum Position: Sendable, Equatable {
        /// Stays at the current school whatever the plan (not eligible, or locked to stay).
        case fixed
        /// Locked by the office to move to this school (index into `county.schools`).
        case locked(Int)
        /// Eligible: stays, or moves to one of these schools (indices, ascending).
        case movable([Int])
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
    }

    public let county: County
    public let policy: Policy
    /// Per teacher, in `county.teachers` order.
    public let eligibility: [Eligibility]
    public let positions: [Position]
    /// Current school index per teacher.
    public let current: [Int]
    public let duties: [SchoolDuties]
    /// Partners as pairs of teacher indices (first < second).
    public let couples: [(Int, Int)]

    public init(county: County, policy: Policy) {
        self.county = county
        self.policy = policy
        let current = county.teachers.map { county.schoolIndex[$0.schoolID]! }
        self.current = current
        let eligibility = county.teachers.map { policy.eligibility(of: $0) }
        self.eligibility = eligibility
        var positions: [Position] = []
        positions.reserveCapacity(county.teachers.count)
        for (t, teacher) in county.teachers.enumerated() {
            if case .moveTo(let id)? = teacher.lock, let s = county.schoolIndex[id], s != current[t] {
                positions.append(.locked(s))
            } else if eligibility[t].isEligible {
                positions.append(.movable(Candidates.destinations(of: t, county: county, policy: policy, current: current[t])))
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
            if eligibility[t].isEligible { duties[current[t]].eligible += 1 }
            if case .locked(let to) = positions[t] {
                duties[current[t]].lockedOut += 1
                duties[to].lockedIn += 1
            }
        }
        for s in duties.indices {
            duties[s].requiredLeavers = policy.rotationRate.ceilTimes(duties[s].eligible)
            duties[s].turnoverCap = max(1, policy.maxTurnover.floorTimes(duties[s].staff))
            duties[s].mustSend = policy.everySchoolSends && duties[s].eligible > 0
            duties[s].mustReceive = policy.everySchoolReceives && duties[s].eligible > 0
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
    }

    /// R2 and backbone-downward: the schools an eligible teacher may move to.
    static func destinations(of t: Int, county: County, policy: Policy, current: Int) -> [Int] {
        let teacher = county.teachers[t]
        let from = county.schools[current]
        let home = county.home(of: teacher) ?? from.location
        return county.schools.indices.filter { s in
            let school = county.schools[s]
            guard s != current, school.level.admits(teacher.level) else { return false }
            guard home.distanceKm(to: school.location) <= policy.maxCommuteKm else { return false }
            if let left = teacher.leftSchoolID, let leftYear = teacher.leftYear, left == school.id,
               policy.year - leftYear < policy.noReturnYears { return false }
            if policy.backboneDownward, teacher.backbone.isBackbone, school.strength > from.strength { return false }
            return true
        }
    }

    /// Where a teacher may end: the current school first, then every other possible school.
    public func options(of t: Int) -> [Int] {
        switch positions[t] {
        case .fixed: return [current[t]]
        case .locked(let s): return [s]
        case .movable(let d): return [current[t]] + d
        }
    }

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

    /// How many movable teachers could go somewhere.
    public var movableCount: Int {
        positions.count { if case .movable(let d) = $0 { return !d.isEmpty }; return false }
    }
}
