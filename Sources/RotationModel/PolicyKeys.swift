/// One key of the policy file: its name, Chinese name, type and allowed values, one-line doc, and the rules or
/// objective terms that read it. ``Policy/keys`` is the one table of them: the policy reader, `--set`, the
/// generator's commented `policy.yaml` and the key table of docs/data-format.md are all made from it, and the
/// default of each key is the value of a fresh ``Policy``.
public struct PolicyKey: Sendable {
    /// How a key's value is written and where it goes in ``Policy``.
    public enum Value: Sendable {
        case integer(WritableKeyPath<Policy, Int> & Sendable, ClosedRange<Int>)
        case number(WritableKeyPath<Policy, Double> & Sendable, ClosedRange<Double>)
        /// An exact decimal share from 0 to 1 (``Rate``).
        case rate(WritableKeyPath<Policy, Rate> & Sendable)
        /// An exact decimal ≥ 0 (``Rate``), such as a standard of 4.2 teachers per 100 students.
        case decimal(WritableKeyPath<Policy, Rate> & Sendable)
        case flag(WritableKeyPath<Policy, Bool> & Sendable)
        /// A list of subject names.
        case subjects(WritableKeyPath<Policy, [String]> & Sendable)
        /// One of a few words.
        case choice(WritableKeyPath<Policy, String> & Sendable, [String])
        /// A share from 0.1 to 1 in tenths (``Rate``), such as a walking teacher's share of a school's load.
        case tenths(WritableKeyPath<Policy, Rate> & Sendable)
    }

    /// The key as written, dotted for nested keys (`weights.balance`).
    public let name: String
    public let chinese: String
    public let value: Value
    /// One line for people: what the key means.
    public let doc: String
    /// The rules (`R3`) and objective terms (`balance`) that read the key; empty for keys of the whole run.
    public let usedBy: [String]

    public init(_ name: String, _ chinese: String, _ value: Value, _ doc: String, usedBy: [String] = []) {
        self.name = name; self.chinese = chinese; self.value = value; self.doc = doc; self.usedBy = usedBy
    }

    /// The key's value in `policy`, as the policy file writes it (`0.1`, `true`, `[体育, 音乐, 美术]`).
    public func text(in policy: Policy) -> String {
        switch value {
        case .integer(let path, _): return String(policy[keyPath: path])
        case .number(let path, _): return Self.number(policy[keyPath: path])
        case .rate(let path), .decimal(let path), .tenths(let path): return policy[keyPath: path].description
        case .flag(let path): return String(policy[keyPath: path])
        case .subjects(let path): return "[" + policy[keyPath: path].joined(separator: ", ") + "]"
        case .choice(let path, _): return policy[keyPath: path]
        }
    }

    /// The type and range, for people (`whole number 0–60`).
    public var allowed: String {
        switch value {
        case .integer(_, let r): return "whole number \(r.lowerBound)–\(r.upperBound)"
        case .number(_, let r): return "number \(Self.number(r.lowerBound))–\(Self.number(r.upperBound))"
        case .rate: return "decimal share 0–1"
        case .decimal: return "decimal ≥ 0"
        case .flag: return "true / false"
        case .subjects: return "list of subjects"
        case .choice(_, let words): return words.map { "`\($0)`" }.joined(separator: " / ")
        case .tenths: return "decimal 0.1–1 in tenths"
        }
    }

    /// A number as the policy file writes it: whole numbers without a decimal point.
    public static func number(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }
}

extension Policy {
    /// Every policy key, in the order of the policy file (docs/data-format.md).
    public static let keys: [PolicyKey] = [
        PolicyKey("year", "规划学年", .integer(\.year, 1900...2200), "the school year being planned"),
        PolicyKey("tenure_years", "交流年限", .integer(\.tenureYears, 0...60),
                  "years at the current school before a teacher is eligible", usedBy: ["R1"]),
        PolicyKey("retirement_age.M", "退休年龄（男）", .integer(\.retirementAgeMale, 18...100),
                  "retirement age of men", usedBy: ["R1"]),
        PolicyKey("retirement_age.F", "退休年龄（女）", .integer(\.retirementAgeFemale, 18...100),
                  "retirement age of women", usedBy: ["R1"]),
        PolicyKey("retirement_exempt_years", "临近退休免交流年数", .integer(\.retirementExemptYears, 0...60),
                  "not eligible when age ≥ retirement age − this", usedBy: ["R1"]),
        PolicyKey("rotation_rate", "交流比例", .rate(\.rotationRate),
                  "at least ⌈rate × eligible⌉ of a school's eligible teachers leave it", usedBy: ["R3"]),
        PolicyKey("backbone_share", "骨干教师比例", .rate(\.backboneShare),
                  "backbone movers are at least this share of all movers (teachers: leaders and returners are apart), county-wide", usedBy: ["R5"]),
        PolicyKey("backbone_downward", "骨干向下流动", .flag(\.backboneDownward),
                  "a backbone mover never goes to a stronger school than the one they leave", usedBy: ["R5"]),
        PolicyKey("every_school_sends", "校校有交流（派出）", .flag(\.everySchoolSends),
                  "each school with an eligible teacher sends at least one", usedBy: ["R4"]),
        PolicyKey("every_school_receives", "校校有交流（接收）", .flag(\.everySchoolReceives),
                  "each school with an eligible teacher receives at least one", usedBy: ["R4"]),
        PolicyKey("max_commute_km", "最远通勤距离", .number(\.maxCommuteKm, 0...40_000),
                  "from the teacher's home (or school) to the new school, inclusive", usedBy: ["R2"]),
        PolicyKey("max_turnover", "最大流动比例", .rate(\.maxTurnover),
                  "at most max(1, ⌊this × staff⌋) leave a school, and at most as many arrive", usedBy: ["R6"]),
        PolicyKey("keep_headcount", "编制总量不变", .flag(\.keepHeadcount),
                  "each school receives as many as it sends (false: as `staffing: free`)", usedBy: ["R6"]),
        PolicyKey("no_return_years", "回流限制年限", .integer(\.noReturnYears, 0...100),
                  "no return to the school left less than this many years ago", usedBy: ["R2"]),
        PolicyKey("couple_max_km", "夫妻学校距离", .number(\.coupleMaxKm, 0...40_000),
                  "partners end at schools at most this far apart", usedBy: ["R7"]),
        PolicyKey("cv_min_students", "计入差异系数的最少学生数", .integer(\.cvMinStudents, 0...1_000_000),
                  "schools with this many students or fewer are left out of the balance figures", usedBy: ["balance", "floor"]),
        PolicyKey("pe_arts_subjects", "体艺学科", .subjects(\.peArtsSubjects),
                  "subjects of the PE-and-arts indicator", usedBy: ["balance", "floor"]),
        PolicyKey("term_years", "交流期限", .integer(\.termYears, 0...6),
                  "0: new moves are permanent transfers (调动); 1–6: every new move is a term (支教/交流) of this many school years, then the teacher returns",
                  usedBy: ["R9"]),
        PolicyKey("term_moves", "按期交流人员", .choice(\.termMoves, ["all", "backbone"]),
                  "with term_years: `all` movers go on terms, or only `backbone` movers (the others transfer)", usedBy: ["R9"]),
        PolicyKey("exchange_scope", "交流范围", .choice(\.exchangeScope, ["county", "group"]),
                  "`county`: new moves anywhere the rules allow; `group`: inside the teacher's school group (学区/集团; a school without a group is its own)",
                  usedBy: ["R10"]),
        PolicyKey("group_rotation_rate", "学区交流比例", .rate(\.groupRotationRate),
                  "besides each school's quota, at least ⌈this × a group's eligible teachers⌉ leave the group's schools (0: off)", usedBy: ["R10"]),
        PolicyKey("pair_exchange", "结对互派人数", .integer(\.pairExchange, 0...50),
                  "each pair of pairs.csv exchanges at least this many teachers in each direction (0: off)", usedBy: ["R11"]),
        PolicyKey("pair_ignores_commute", "结对不受通勤限制", .flag(\.pairIgnoresCommute),
                  "a move between paired schools may exceed max_commute_km", usedBy: ["R11", "R2"]),
        PolicyKey("leader_tenure_years", "干部交流年限", .integer(\.leaderTenureYears, 0...60),
                  "years at one school before a principal, vice principal or middle leader is eligible (two terms: 6)", usedBy: ["R1", "R12"]),
        PolicyKey("leader_rotation_rate", "干部交流比例", .rate(\.leaderRotationRate),
                  "at least ⌈this × eligible leaders⌉ leaders move, county-wide, apart from the teachers' quota (0: off)", usedBy: ["R12"]),
        PolicyKey("leader_downward", "干部向下流动", .flag(\.leaderDownward),
                  "a leader never goes to a stronger school than the one they leave", usedBy: ["R12"]),
        PolicyKey("learners_per_weak_school", "跟岗学习人数", .integer(\.learnersPerWeakSchool, 0...20),
                  "each weak school with learners sends at least this many (or all it has) to learn at a strong school for a year (0: off)",
                  usedBy: ["R13"]),
        PolicyKey("walking.enabled", "走教", .flag(\.walking.enabled),
                  "teachers of a walking subject may also teach at schools near their own (走教), chosen by the plan with the moves", usedBy: ["R15"]),
        PolicyKey("walking.subjects", "走教学科", .subjects(\.walking.subjects),
                  "the subjects taught by walking", usedBy: ["R15"]),
        PolicyKey("walking.max_km", "走教最远距离", .number(\.walking.maxKm, 0...40_000),
                  "from the walking teacher's own school to a school served, inclusive", usedBy: ["R15"]),
        PolicyKey("walking.max_schools", "走教学校数", .integer(\.walking.maxSchools, 1...10),
                  "schools a walking teacher serves besides their own", usedBy: ["R15"]),
        PolicyKey("walking.share", "走教份额", .tenths(\.walking.share),
                  "the share of a full load each served school gets (the teacher's school keeps 1 − share × served; share × max_schools ≤ 1)",
                  usedBy: ["R15"]),
        PolicyKey("staffing", "编制调整", .choice(\.staffing, ["keep_headcount", "free", "toward_quota"]),
                  "`keep_headcount`: as many arrive as leave (with keep_headcount: false, `free`); `free`; `toward_quota`: a school over its staff_quota receives at most as many as it sends, one under it sends at most as many as it receives, none ends farther from its quota (a school without a quota keeps its headcount)",
                  usedBy: ["R6", "R16", "staffing"]),
        PolicyKey("weights.shortage", "学科缺口权重", .number(\.weights.shortage, 0...1e9),
                  "per teacher of unmet subject need (0: shortages are not planned for)", usedBy: ["shortage"]),
        PolicyKey("weights.balance", "均衡权重", .number(\.weights.balance, 0...1e9),
                  "on the sum of the squared CVs of the balance indicators", usedBy: ["balance"]),
        PolicyKey("weights.commute", "通勤权重", .number(\.weights.commute, 0...1e9),
                  "per km of a mover's commute (and of a walking teacher's way between schools)", usedBy: ["commute", "walking"]),
        PolicyKey("weights.moves", "流动人数权重", .number(\.weights.moves, 0...1e9),
                  "per mover", usedBy: ["moves"]),
        PolicyKey("weights.preference", "志愿权重", .number(\.weights.preference, 0...1e9),
                  "a move to a teacher's wish no. k gains this ÷ k", usedBy: ["preference"]),
        PolicyKey("weights.floor", "校际达标线权重", .number(\.weights.floor, 0...1e9),
                  "per teacher a school lacks to meet an indicator's per-school floor (0: floors are only reported)",
                  usedBy: ["floor"]),
        PolicyKey("weights.staffing", "编制偏离权重", .number(\.weights.staffing, 0...1e9),
                  "per teacher of a school's distance from its staff_quota after the plan (staffing: toward_quota)", usedBy: ["staffing"]),
        PolicyKey("weights.second_subject", "兼任学科权重", .number(\.weights.secondSubject, 0...1e9),
                  "per teacher assigned another of their own subjects than the main one (only where a need asks for it)", usedBy: ["subjects"]),
        PolicyKey("weights.retrain", "转岗权重", .number(\.weights.retrain, 0...1e9),
                  "per teacher assigned a subject they are retrained for (转岗): above a move's cost, so that trained teachers fill needs first",
                  usedBy: ["subjects"]),
        PolicyKey("weights.walking", "走教权重", .number(\.weights.walking, 0...1e9),
                  "per school a walking teacher serves, besides weights.commute on its distance", usedBy: ["walking"]),
        PolicyKey("solver.time_limit_s", "求解时限", .number(\.solver.timeLimitSeconds, 0.001...1e7),
                  "seconds for the whole plan"),
        PolicyKey("solver.gap", "相对间隙", .number(\.solver.gap, 0...1),
                  "stop when the plan is proven within this share of the best possible"),
        PolicyKey("solver.max_candidate_moves", "候选调动上限", .integer(\.solver.maxCandidateMoves, 1...1_000_000_000),
                  "plan only when the rules leave at most this many possible moves (about 1.3 kB of memory each while planning); a larger county is refused at once, saying what would help"),
        PolicyKey("audit.goal", "以督导评估为目标", .flag(\.audit.goal),
                  "after the least unmet need, meet every teacher indicator's CV cap the county can meet, then pass as many schools as possible",
                  usedBy: ["R8", "audit"]),
        PolicyKey("audit.min_met", "达标项数", .integer(\.audit.minMet, 0...7),
                  "a school passes when at most 7 − this of the standards it is audited on fall short…", usedBy: ["audit"]),
        PolicyKey("audit.near_share", "其余指标最低比例", .rate(\.audit.nearShare),
                  "…each of those at least this share of its standard", usedBy: ["audit"]),
        PolicyKey("audit.cv_caps.primary", "小学差异系数上限", .rate(\.audit.cvCapPrimary),
                  "cap on each indicator's enrolment-weighted CV across primary schools", usedBy: ["R8"]),
        PolicyKey("audit.cv_caps.junior", "初中差异系数上限", .rate(\.audit.cvCapJunior),
                  "cap on each indicator's enrolment-weighted CV across junior schools", usedBy: ["R8"]),
    ] + [(TeachingLevel.primary, "小学"), (.junior, "初中")].flatMap { level, zh in
        AuditIndicator.allCases.map { indicator in
            PolicyKey("audit.standards.\(level.rawValue).\(indicator.rawValue)", "\(zh)\(indicator.chinese)标准",
                      .decimal(Policy.Audit.path(level, indicator)),
                      "the \(level.rawValue) schools' standard of \(indicator.rawValue)"
                          + (indicator.teacherIndicator != nil ? " (teachers per 100 students)" : ""),
                      usedBy: indicator.teacherIndicator != nil ? ["floor", "audit"] : ["audit"])
        }
    }

    /// The key named `name` (dotted), if there is one.
    public static func key(_ name: String) -> PolicyKey? { keys.first { $0.name == name } }

    /// Retirement age of men and of women, as keys of the policy file.
    public var retirementAgeMale: Int {
        get { retirementAge(of: .male) }
        set { retirementAge[.male] = newValue }
    }
    public var retirementAgeFemale: Int {
        get { retirementAge(of: .female) }
        set { retirementAge[.female] = newValue }
    }
}
