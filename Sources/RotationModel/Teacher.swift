public enum Gender: String, Sendable, CaseIterable, Codable { case male = "M", female = "F" }

/// 骨干教师 level; county or higher counts as backbone.
public enum BackboneLevel: String, Sendable, CaseIterable, Codable {
    case none, county, city, province
    public var isBackbone: Bool { self != .none }
}

/// 职称.
public enum Title: String, Sendable, CaseIterable, Codable { case none, second, first, senior }

/// 学历, ordered.
public enum Degree: String, Sendable, CaseIterable, Codable, Comparable {
    case secondary, associate, bachelor, master, doctor
    var rank: Int { Degree.allCases.firstIndex(of: self)! }
    public static func < (a: Degree, b: Degree) -> Bool { a.rank < b.rank }

    /// Whether this degree is above the standard of the 2017 assessment for the level taught
    /// (primary: associate 专科 or higher; junior: bachelor 本科 or higher).
    public func meetsStandard(for level: TeachingLevel) -> Bool {
        self >= (level == .primary ? .associate : .bachelor)
    }
}

/// Why a teacher is exempt from rotation. **Private**: never shown to principals.
public enum Exemption: String, Sendable, CaseIterable, Codable { case retiring, illness, pregnancy, other }

/// A manual decision of the personnel office that the plan must keep (an accepted objection is one too).
public enum Lock: Sendable, Equatable, Hashable {
    /// Stays: not eligible this year.
    case stay
    /// Moves to this school whatever the other rules say (the level rule aside).
    case moveTo(schoolID: String)
    /// Must leave, to any school the rules allow (the teacher must be eligible).
    case leave
    /// Not to these schools (staying is allowed).
    case notTo([String])
    /// Only to these schools, if the plan moves the teacher (staying is allowed).
    case onlyTo([String])

    /// The lock as written in the `lock` column: `stay`, a school id, `leave`, `not:S1;S2`, `only:S1;S2`.
    public var text: String {
        switch self {
        case .stay: return "stay"
        case .moveTo(let id): return id
        case .leave: return "leave"
        case .notTo(let ids): return "not:" + ids.joined(separator: ";")
        case .onlyTo(let ids): return "only:" + ids.joined(separator: ";")
        }
    }

    /// Whether the lock moves the teacher whatever the other rules say (only a lock to a school does).
    public var overridesRules: Bool { if case .moveTo = self { return true }; return false }
}

/// A teacher's role at the school (`role` in teachers.csv): leaders are exchanged apart from the teachers.
public enum Role: String, Sendable, CaseIterable, Codable {
    case teacher
    case principal
    case vicePrincipal = "vice_principal"
    case middleLeader = "middle_leader"

    public var isLeader: Bool { self != .teacher }
    /// Principals and vice principals: each school keeps as many as it had.
    public var isHead: Bool { self == .principal || self == .vicePrincipal }
    public var chinese: String {
        switch self {
        case .teacher: return "教师"
        case .principal: return "校长"
        case .vicePrincipal: return "副校长"
        case .middleLeader: return "中层干部"
        }
    }
}

/// A school a teacher left, and the school year they left it.
public struct PastSchool: Sendable, Equatable, Hashable {
    public var schoolID: String
    public var year: Int
    public init(schoolID: String, year: Int) { self.schoolID = schoolID; self.year = year }
}

public struct Teacher: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var gender: Gender
    public var birthYear: Int
    public var schoolID: String
    public var subject: String
    public var level: TeachingLevel
    public var backbone: BackboneLevel
    public var title: Title
    public var degree: Degree
    public var yearsAtSchool: Int
    public var exemption: Exemption?
    public var partnerID: String?
    /// Home position, when given; the current school's position otherwise.
    public var home: Coordinate?
    public var lock: Lock?
    public var leftSchoolID: String?
    public var leftYear: Int?
    /// Ranked wishes, best first.
    public var preferences: [String]
    /// The school the teacher belongs to (人事关系学校) when serving a term at `schoolID` (支教/交流); nil otherwise.
    public var homeSchoolID: String?
    /// The last school year of the term (交流期满学年), with `homeSchoolID`.
    public var termEndYear: Int?
    /// Schools left in earlier years, from the ledger (`--ledger`): the no-return rule covers each, besides
    /// `leftSchoolID`.
    public var pastSchools: [PastSchool] = []
    /// 校长 / 副校长 / 中层干部, or a teacher (the default).
    public var role: Role = .teacher
    /// Nominated by the school to learn at a strong school for a year (跟岗学习, `learner: yes`).
    public var learner = false
    /// Further subjects the teacher teaches, after the main one `subject` (teachers.csv lists them in `subject`,
    /// separated by `;`): the plan may give the teacher one of them where it fills a need.
    public var otherSubjects: [String] = []
    /// Subjects the teacher may be retrained for (转岗, `retrain`): the plan may assign one at a cost.
    public var retrain: [String] = []

    /// The subjects the teacher teaches, the main one first.
    public var subjects: [String] { [subject] + otherSubjects }
    /// Every subject the plan may assign the teacher: their own, then those they may be retrained for.
    public var subjectOptions: [String] { subjects + retrain }
    /// Whether the plan chooses which subject the teacher teaches.
    public var hasSubjectChoice: Bool { !otherSubjects.isEmpty || !retrain.isEmpty }

    /// Serving a term away from the home school.
    public var onTerm: Bool { homeSchoolID != nil && homeSchoolID != schoolID }

    public init(id: String, name: String, gender: Gender, birthYear: Int, schoolID: String, subject: String,
                level: TeachingLevel, backbone: BackboneLevel = .none, title: Title = .none,
                degree: Degree = .bachelor, yearsAtSchool: Int, exemption: Exemption? = nil, partnerID: String? = nil,
                home: Coordinate? = nil, lock: Lock? = nil, leftSchoolID: String? = nil, leftYear: Int? = nil,
                preferences: [String] = [], homeSchoolID: String? = nil, termEndYear: Int? = nil) {
        self.id = id; self.name = name; self.gender = gender; self.birthYear = birthYear; self.schoolID = schoolID
        self.subject = subject; self.level = level; self.backbone = backbone; self.title = title
        self.degree = degree; self.yearsAtSchool = yearsAtSchool; self.exemption = exemption
        self.partnerID = partnerID; self.home = home; self.lock = lock; self.leftSchoolID = leftSchoolID
        self.leftYear = leftYear; self.preferences = preferences
        self.homeSchoolID = homeSchoolID; self.termEndYear = termEndYear
    }
}

/// Teachers of `subject` that school `schoolID` needs.
public struct SubjectNeed: Sendable, Equatable {
    public var schoolID: String
    public var subject: String
    public var required: Int
    public init(schoolID: String, subject: String, required: Int) {
        self.schoolID = schoolID; self.subject = subject; self.required = required
    }
}
