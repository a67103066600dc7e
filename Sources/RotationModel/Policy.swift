/// The county's rotation policy for one year. Every field has the default of the policy file format.
public struct Policy: Sendable, Equatable {
    /// The school year being planned.
    public var year = 2027
    /// Years at the current school before a teacher is eligible to move.
    public var tenureYears = 6
    public var retirementAge: [Gender: Int] = [.male: 60, .female: 55]
    /// Not eligible when age ≥ retirement age − this.
    public var retirementExemptYears = 5
    /// R3: at least ⌈rate × eligible⌉ of a school's eligible teachers move.
    public var rotationRate = Rate(numerator: 10, denominator: 100)
    /// R5: backbone teachers are at least this share of all movers, county-wide.
    public var backboneShare = Rate(numerator: 20, denominator: 100)
    /// R5: a backbone mover never goes to a stronger school than the one they leave.
    public var backboneDownward = true
    /// R4.
    public var everySchoolSends = true
    public var everySchoolReceives = true
    /// R2: from the teacher's home to the new school, inclusive.
    public var maxCommuteKm = 30.0
    /// R6: at most max(1, ⌊this × staff⌋) leave a school, and at most as many arrive.
    public var maxTurnover = Rate(numerator: 20, denominator: 100)
    /// R6: each school receives as many as it sends.
    public var keepHeadcount = true
    /// R2: no return to the school left less than this many years ago.
    public var noReturnYears = 6
    /// R7: partners end up at schools at most this far apart.
    public var coupleMaxKm = 20.0
    /// Schools with this many students or fewer are left out of the balance figures.
    public var cvMinStudents = 0
    /// Subjects that count as PE and arts for the balance indicator.
    public var peArtsSubjects: [String] = ["体育", "音乐", "美术"]
    /// Every new move is a term of this many school years (0: permanent transfers, 调动).
    public var termYears = 0
    /// Which movers go on terms when `termYears` > 0: `all`, or `backbone` (the others transfer).
    public var termMoves = "all"
    /// Where new moves may go: `county` (anywhere the rules allow) or `group` (inside the teacher's school group).
    public var exchangeScope = "county"
    /// Besides each school's quota, at least this share of a group's eligible teachers move (0: off).
    public var groupRotationRate = Rate(numerator: 0, denominator: 1)
    /// Each listed pair of schools exchanges at least this many teachers each way (0: off).
    public var pairExchange = 0
    /// A move between paired schools may exceed max_commute_km.
    public var pairIgnoresCommute = false
    /// Years at one school before a leader (principal, vice principal, middle leader) is eligible.
    public var leaderTenureYears = 6
    /// At least ⌈this × eligible leaders⌉ leaders move, county-wide (0: off).
    public var leaderRotationRate = Rate(numerator: 0, denominator: 1)
    /// A leader never goes to a stronger school than the one they leave.
    public var leaderDownward = false
    /// Each weak school with learners sends at least this many to learn at a strong school for a year (0: off).
    public var learnersPerWeakSchool = 0
    /// Teachers serving more schools than their own (走教, R15).
    public var walking = Walking()
    /// How a school's headcount may change: `keep_headcount` (as many arrive as leave; with `keep_headcount: false`,
    /// `free`), `free`, or `toward_quota` (R16: a school over its `staff_quota` receives at most as many as it sends,
    /// one under it sends at most as many as it receives; a school without a quota keeps its headcount).
    public var staffing = "keep_headcount"
    public var weights = Weights()
    public var solver = SolverSettings()
    /// The quality-balance audit: standards, the passing rule, CV caps, and `audit.goal`.
    public var audit = Audit()

    /// 走教: a teacher of a walking subject also teaches at schools near their own, each a share of a full load.
    public struct Walking: Sendable, Equatable {
        public var enabled = false
        public var subjects: [String] = ["音乐", "体育", "美术"]
        /// From the teacher's school (after the plan) to a school served, inclusive.
        public var maxKm = 15.0
        /// Schools served besides the teacher's own.
        public var maxSchools = 2
        /// The share of a full load each served school gets, in tenths (the base keeps 1 − share × served).
        public var share = Rate(numerator: 5, denominator: 10)
        public init() {}
        /// The share in tenths of a teacher.
        public var shareTenths: Int { share.numerator * 10 / share.denominator }
    }

    /// How the county's headcount rule reads: ``staffing``, with `keep_headcount: false` the older way to say `free`.
    public enum Staffing: String, Sendable { case keepHeadcount = "keep_headcount", free, towardQuota = "toward_quota" }
    public var staffingRule: Staffing {
        let s = Staffing(rawValue: staffing) ?? .keepHeadcount
        return s == .keepHeadcount && !keepHeadcount ? .free : s
    }
    /// Whether a school must receive exactly as many as it sends (R6): with `keep_headcount`, and with
    /// `toward_quota` where the school has no quota.
    public func keepsHeadcount(quota: Int?) -> Bool {
        switch staffingRule {
        case .keepHeadcount: return true
        case .free: return false
        case .towardQuota: return quota == nil
        }
    }

    public struct Weights: Sendable, Equatable {
        public var shortage = 1000.0
        public var balance = 10.0
        public var commute = 0.1
        public var moves = 1.0
        public var preference = 2.0
        /// Per teacher a school lacks to meet an indicator's per-school floor (0: floors are only reported).
        public var floor = 0.0
        /// Per teacher of a school's distance from its staff quota after the plan (staffing: toward_quota).
        public var staffing = 5.0
        /// Per teacher assigned a subject they are retrained for (转岗): above what a move costs, so that a trained
        /// teacher fills a need first.
        public var retrain = 100.0
        /// Per teacher assigned another of their own subjects than the main one: they keep it unless another fills a need.
        public var secondSubject = 20.0
        /// Per school a walking teacher serves (走教), besides the commute weight on its distance.
        public var walking = 2.0
        public init() {}
    }

    public struct SolverSettings: Sendable, Equatable {
        public var timeLimitSeconds = 60.0
        public var gap = 0.0001
        /// Plan only when the rules leave at most this many possible moves: each takes about 1.3 kB while
        /// planning, and the largest programs cannot be solved within any usual time limit (docs/performance.md).
        public var maxCandidateMoves = 3_000_000
        public init() {}
    }

    public init() {}

    public func retirementAge(of gender: Gender) -> Int { retirementAge[gender] ?? (gender == .male ? 60 : 55) }
}
