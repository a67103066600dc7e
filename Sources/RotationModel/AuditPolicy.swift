/// The seven resource indicators of the national quality-balance audit (《县域义务教育优质均衡发展督导评估办法》,
/// 教督〔2017〕6号): three about teachers (per 100 students) and four about buildings and equipment. The raw
/// values are the column names of `schools.csv` and of the policy keys.
public enum AuditIndicator: String, Sendable, CaseIterable, Codable {
    case degree, backbone
    case peArts = "pe_arts"
    /// 生均教学及辅助用房面积 (m² per student).
    case rooms = "rooms_m2_per_student"
    /// 生均体育运动场馆面积 (m² per student).
    case sports = "sports_m2_per_student"
    /// 生均教学仪器设备值 (yuan per student).
    case equipment = "equipment_yuan_per_student"
    /// 每百名学生拥有网络多媒体教室数.
    case multimedia = "multimedia_per_100"

    /// The teacher indicator behind it, for the three the plan can change.
    public var teacherIndicator: Indicator? {
        switch self {
        case .degree: return .degree
        case .backbone: return .backbone
        case .peArts: return .peArts
        default: return nil
        }
    }
    public init(_ indicator: Indicator) {
        switch indicator {
        case .degree: self = .degree
        case .backbone: self = .backbone
        case .peArts: self = .peArts
        }
    }
    /// The four facility indicators, constants for the plan.
    public static let facilities: [AuditIndicator] = [.rooms, .sports, .equipment, .multimedia]
    public var chinese: String {
        switch self {
        case .degree: return "高于规定学历教师数"
        case .backbone: return "县级以上骨干教师数"
        case .peArts: return "体育艺术专任教师数"
        case .rooms: return "生均教学及辅助用房面积"
        case .sports: return "生均体育运动场馆面积"
        case .equipment: return "生均教学仪器设备值"
        case .multimedia: return "每百名学生拥有网络多媒体教室数"
        }
    }
}

extension Policy {
    /// The quality-balance audit: its standards, the rule that a school passes, the CV caps, and whether the
    /// plan aims at it (`audit.goal`).
    public struct Audit: Sendable, Equatable {
        /// Plan for the audit: after the least unmet need, meet every teacher indicator's CV cap the county can
        /// meet, then pass as many schools as possible, then the usual terms.
        public var goal = false
        /// A school passes when at most 7 − this of the standards it is audited on fall short (a facility left
        /// empty is neither met nor short)…
        public var minMet = 6
        /// …each of those at least this share of its standard.
        public var nearShare = Rate(numerator: 85, denominator: 100)
        /// The cap on each indicator's enrolment-weighted CV, per level.
        public var cvCapPrimary = Rate(numerator: 50, denominator: 100)
        public var cvCapJunior = Rate(numerator: 45, denominator: 100)
        /// The per-school standards, per level.
        public var primary = Standards(degree: Rate(numerator: 42, denominator: 10), backbone: Rate(numerator: 1, denominator: 1),
                                       peArts: Rate(numerator: 9, denominator: 10), rooms: Rate(numerator: 45, denominator: 10),
                                       sports: Rate(numerator: 75, denominator: 10), equipment: Rate(numerator: 2000, denominator: 1),
                                       multimedia: Rate(numerator: 23, denominator: 10))
        public var junior = Standards(degree: Rate(numerator: 53, denominator: 10), backbone: Rate(numerator: 1, denominator: 1),
                                      peArts: Rate(numerator: 9, denominator: 10), rooms: Rate(numerator: 58, denominator: 10),
                                      sports: Rate(numerator: 102, denominator: 10), equipment: Rate(numerator: 2500, denominator: 1),
                                      multimedia: Rate(numerator: 24, denominator: 10))
        public init() {}

        /// The standards of one level: teachers per 100 students, m² and yuan per student, rooms per 100 students.
        public struct Standards: Sendable, Equatable {
            public var degree, backbone, peArts, rooms, sports, equipment, multimedia: Rate
            public subscript(_ indicator: AuditIndicator) -> Rate {
                switch indicator {
                case .degree: return degree
                case .backbone: return backbone
                case .peArts: return peArts
                case .rooms: return rooms
                case .sports: return sports
                case .equipment: return equipment
                case .multimedia: return multimedia
                }
            }
        }

        /// The key path of one level's standard of one indicator, for the policy key table.
        static func path(_ level: TeachingLevel, _ indicator: AuditIndicator) -> WritableKeyPath<Policy, Rate> & Sendable {
            switch (level, indicator) {
            case (.primary, .degree): return \.audit.primary.degree
            case (.primary, .backbone): return \.audit.primary.backbone
            case (.primary, .peArts): return \.audit.primary.peArts
            case (.primary, .rooms): return \.audit.primary.rooms
            case (.primary, .sports): return \.audit.primary.sports
            case (.primary, .equipment): return \.audit.primary.equipment
            case (.primary, .multimedia): return \.audit.primary.multimedia
            case (.junior, .degree): return \.audit.junior.degree
            case (.junior, .backbone): return \.audit.junior.backbone
            case (.junior, .peArts): return \.audit.junior.peArts
            case (.junior, .rooms): return \.audit.junior.rooms
            case (.junior, .sports): return \.audit.junior.sports
            case (.junior, .equipment): return \.audit.junior.equipment
            case (.junior, .multimedia): return \.audit.junior.multimedia
            }
        }

        public func standards(_ level: TeachingLevel) -> Standards { level == .primary ? primary : junior }
        public func standard(_ indicator: AuditIndicator, _ level: TeachingLevel) -> Rate { standards(level)[indicator] }
        public func cvCap(_ level: TeachingLevel) -> Double { (level == .primary ? cvCapPrimary : cvCapJunior).doubleValue }
    }
}

extension Policy {
    /// The per-school standard of a teacher indicator, per 100 students of the level (4.2 for degree, primary).
    public func standard(_ indicator: Indicator, _ level: TeachingLevel) -> Rate { audit.standard(AuditIndicator(indicator), level) }

    /// The fewest teachers of an indicator that meet its standard for `students` students: ⌈standard ×
    /// students / 100⌉, exactly (in 128-bit integers: the policy reader bounds a standard's digits).
    public func standardCount(_ indicator: Indicator, students: Int, level: TeachingLevel) -> Int {
        let r = standard(indicator, level)
        return Self.ceilDivide(Int128(r.numerator) * Int128(students), Int128(100) * Int128(r.denominator))
    }

    /// Whether `count` teachers for `students` students meet the standard: 100·count/students ≥ standard, exactly.
    public func meetsStandard(_ indicator: Indicator, count: Int, students: Int, level: TeachingLevel) -> Bool {
        let r = standard(indicator, level)
        return Int128(count) * 100 * Int128(r.denominator) >= Int128(r.numerator) * Int128(students)
    }

    /// The fewest teachers at `near_share` of the standard: ⌈near_share × standard × students / 100⌉, exactly.
    public func nearCount(_ indicator: Indicator, students: Int, level: TeachingLevel) -> Int {
        let r = standard(indicator, level), n = audit.nearShare
        return Self.ceilDivide(Int128(n.numerator) * Int128(r.numerator) * Int128(students),
                               Int128(n.denominator) * Int128(r.denominator) * 100)
    }

    private static func ceilDivide(_ a: Int128, _ b: Int128) -> Int { Int(clamping: (a + b - 1) / b) }
}
