/// A teacher's objection to a published list, as the office decided it.
public struct Objection: Sendable, Equatable {
    public enum Decision: String, Sendable, CaseIterable { case accepted, rejected }
    public var teacherID: String
    /// What the teacher asked, written as a lock (`stay`, a school id, `leave`, `not:…`, `only:…`).
    public var request: Lock
    public var decision: Decision
    public var note: String?
    public init(teacherID: String, request: Lock, decision: Decision, note: String?) {
        self.teacherID = teacherID; self.request = request; self.decision = decision; self.note = note
    }
}

/// Two paired schools (结对学校): they exchange teachers each way (policy `pair_exchange`).
public struct SchoolPair: Sendable, Equatable, Hashable {
    public var a: String
    public var b: String
    public init(_ a: String, _ b: String) { self.a = a; self.b = b }
}

/// A county's data for one planning year: its schools, teachers and subject needs.
public struct County: Sendable {
    public let schools: [School]
    public let teachers: [Teacher]
    public let needs: [SubjectNeed]
    /// The office's register of objections (`objections.csv`): accepted ones already act as locks.
    public let objections: [Objection]
    /// Paired schools (结对帮扶, `pairs.csv`), each pair once.
    public let pairs: [SchoolPair]
    /// Position of each school in ``schools`` by id.
    public let schoolIndex: [String: Int]
    /// Position of each teacher in ``teachers`` by id.
    public let teacherIndex: [String: Int]

    /// Schools and teachers keep the order given; ids are expected to be unique (the reader checks).
    public init(schools: [School], teachers: [Teacher], needs: [SubjectNeed], objections: [Objection] = [],
                pairs: [SchoolPair] = []) {
        self.schools = schools
        self.teachers = teachers
        self.needs = needs
        self.objections = objections
        self.pairs = pairs
        var si: [String: Int] = [:]
        for (i, s) in schools.enumerated() where si[s.id] == nil { si[s.id] = i }
        var ti: [String: Int] = [:]
        for (i, t) in teachers.enumerated() where ti[t.id] == nil { ti[t.id] = i }
        schoolIndex = si
        teacherIndex = ti
    }

    public func school(_ id: String) -> School? { schoolIndex[id].map { schools[$0] } }

    /// The same county with other teachers (a year later, with past schools…), its schools, needs and pairs kept.
    public func with(teachers: [Teacher], objections: [Objection]? = nil) -> County {
        County(schools: schools, teachers: teachers, needs: needs, objections: objections ?? self.objections, pairs: pairs)
    }

    /// Whether two schools (by id) are paired.
    public func arePaired(_ a: String, _ b: String) -> Bool { pairs.contains { ($0.a == a && $0.b == b) || ($0.a == b && $0.b == a) } }
    public func teacher(_ id: String) -> Teacher? { teacherIndex[id].map { teachers[$0] } }

    /// Where a teacher lives: the home given, or the current school.
    public func home(of teacher: Teacher) -> Coordinate? {
        teacher.home ?? school(teacher.schoolID)?.location
    }
}
