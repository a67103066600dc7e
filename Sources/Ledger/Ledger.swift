import Foundation
import GRDB

/// One move of an adopted plan, as the ledger keeps it.
public struct LedgerMove: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "move"
    public var year: Int
    public var teacherID: String
    public var teacherName: String
    public var fromSchoolID: String
    public var fromSchoolName: String
    public var toSchoolID: String
    public var toSchoolName: String
    /// `transfer` (调动), `term` (支教/交流), `return` (期满返回).
    public var kind: String
    public var termEndYear: Int?

    enum CodingKeys: String, CodingKey {
        case year, kind
        case teacherID = "teacher_id", teacherName = "teacher_name", fromSchoolID = "from_school_id"
        case fromSchoolName = "from_school_name", toSchoolID = "to_school_id", toSchoolName = "to_school_name"
        case termEndYear = "term_end_year"
    }

    public init(year: Int, teacherID: String, teacherName: String, fromSchoolID: String, fromSchoolName: String,
                toSchoolID: String, toSchoolName: String, kind: String, termEndYear: Int?) {
        self.year = year; self.teacherID = teacherID; self.teacherName = teacherName; self.fromSchoolID = fromSchoolID
        self.fromSchoolName = fromSchoolName; self.toSchoolID = toSchoolID; self.toSchoolName = toSchoolName
        self.kind = kind; self.termEndYear = termEndYear
    }
}

/// Where a teacher served in an adopted year, and whether the school is rural (乡村): the rural service
/// years (乡村任教年限) are summed from these.
public struct LedgerService: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "service"
    public var year: Int
    public var teacherID: String
    public var schoolID: String
    public var rural: Bool
    enum CodingKeys: String, CodingKey { case year, rural, teacherID = "teacher_id", schoolID = "school_id" }
    public init(year: Int, teacherID: String, schoolID: String, rural: Bool) {
        self.year = year; self.teacherID = teacherID; self.schoolID = schoolID; self.rural = rural
    }
}

/// An adopted plan: its year, what it was made from (hashes of the county and the policy files), its status.
public struct LedgerPlan: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "plan"
    public var year: Int
    public var countyHash: String
    public var policyHash: String
    public var status: String
    public var movers: Int
    public var returners: Int
    enum CodingKeys: String, CodingKey {
        case year, status, movers, returners, countyHash = "county_hash", policyHash = "policy_hash"
    }
    public init(year: Int, countyHash: String, policyHash: String, status: String, movers: Int, returners: Int) {
        self.year = year; self.countyHash = countyHash; self.policyHash = policyHash; self.status = status
        self.movers = movers; self.returners = returners
    }
}

/// The county's exchange history in a SQLite database (GRDB): every adopted plan, its moves and where each
/// teacher served. A plan is written in one transaction, so the database is never half-written; a year is
/// adopted once.
public struct Ledger: Sendable {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case alreadyAdopted(year: Int, countyHash: String)
        case unreadable(String)
        public var description: String {
            switch self {
            case .alreadyAdopted(let year, _):
                return "the ledger already holds the plan adopted for \(year): a year is adopted once (use the ledger of another county, or adopt the next year)"
            case .unreadable(let why): return "the ledger cannot be opened: \(why)"
            }
        }
        public var chinese: String {
            switch self {
            case .alreadyAdopted(let year, _): return "台账中已有 \(year) 学年采用的方案：每个学年只能采用一次"
            case .unreadable(let why): return "无法打开台账：\(why)"
            }
        }
    }

    let queue: DatabaseQueue

    /// Opens (or creates) the ledger at `path` and brings its schema up to date.
    public init(path: String) throws {
        do {
            queue = try DatabaseQueue(path: path)
            try Self.migrator.migrate(queue)
        } catch {
            throw Failure.unreadable("\(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: plans, moves, service") { db in
            try db.create(table: "plan") { t in
                t.primaryKey("year", .integer)
                t.column("county_hash", .text).notNull()
                t.column("policy_hash", .text).notNull()
                t.column("status", .text).notNull()
                t.column("movers", .integer).notNull()
                t.column("returners", .integer).notNull()
            }
            try db.create(table: "move") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("year", .integer).notNull().references("plan", onDelete: .cascade)
                t.column("teacher_id", .text).notNull().indexed()
                t.column("teacher_name", .text).notNull()
                t.column("from_school_id", .text).notNull().indexed()
                t.column("from_school_name", .text).notNull()
                t.column("to_school_id", .text).notNull().indexed()
                t.column("to_school_name", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("term_end_year", .integer)
            }
            try db.create(table: "service") { t in
                t.column("year", .integer).notNull().references("plan", onDelete: .cascade)
                t.column("teacher_id", .text).notNull()
                t.column("school_id", .text).notNull()
                t.column("rural", .boolean).notNull()
                t.primaryKey(["year", "teacher_id"])
            }
        }
        return m
    }

    /// Appends an adopted plan with its moves and every teacher's school that year, in one transaction.
    public func adopt(_ plan: LedgerPlan, moves: [LedgerMove], service: [LedgerService]) throws {
        do {
            try queue.write { db in
                if try LedgerPlan.fetchOne(db, key: plan.year) != nil {
                    throw Failure.alreadyAdopted(year: plan.year, countyHash: plan.countyHash)
                }
                try plan.insert(db)
                for m in moves { try m.insert(db) }
                for s in service { try s.insert(db) }
            }
        } catch let failure as Failure { throw failure } catch {
            throw Failure.unreadable("\(error)")
        }
    }

    public func plans() throws -> [LedgerPlan] {
        try queue.read { db in try LedgerPlan.order(Column("year")).fetchAll(db) }
    }

    /// A teacher's moves, oldest first.
    public func moves(teacher id: String) throws -> [LedgerMove] {
        try queue.read { db in
            try LedgerMove.filter(Column("teacher_id") == id).order(Column("year"), Column("id")).fetchAll(db)
        }
    }

    /// The moves out of and into a school, oldest first.
    public func moves(school id: String) throws -> [LedgerMove] {
        try queue.read { db in
            try LedgerMove.filter(Column("from_school_id") == id || Column("to_school_id") == id)
                .order(Column("year"), Column("teacher_id")).fetchAll(db)
        }
    }

    /// Every school each teacher left (teacher id → schools and years), for the no-return rule.
    public func schoolsLeft() throws -> [String: [(schoolID: String, year: Int)]] {
        let all = try queue.read { db in try LedgerMove.order(Column("year"), Column("id")).fetchAll(db) }
        var left: [String: [(String, Int)]] = [:]
        for m in all { left[m.teacherID, default: []].append((m.fromSchoolID, m.year)) }
        return left
    }

    /// Each teacher's years at a rural school, over the adopted years.
    public func ruralYears() throws -> [String: Int] {
        let rows = try queue.read { db in try LedgerService.filter(Column("rural") == true).fetchAll(db) }
        var years: [String: Int] = [:]
        for r in rows { years[r.teacherID, default: 0] += 1 }
        return years
    }

    /// A teacher's rural service years.
    public func ruralYears(teacher id: String) throws -> Int {
        try queue.read { db in try LedgerService.filter(Column("teacher_id") == id && Column("rural") == true).fetchCount(db) }
    }
}

extension Ledger {
    /// A short, stable fingerprint of some bytes (64-bit FNV-1a, hexadecimal): which county and policy a plan
    /// was made from.
    public static func fingerprint(_ data: Data) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in data { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return String(h, radix: 16).leftPadded(16)
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
