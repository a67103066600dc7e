import Foundation
import GRDB

/// A county as imported into the server: a dataset folder (CSV, as `rotation adopt` writes it) under the
/// data folder, and its figures.
public struct StoredCounty: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "county"
    public var id: Int64?
    public var year: Int
    /// The dataset folder, relative to the data folder.
    public var folder: String
    public var source: String
    public var teachers: Int
    public var schools: Int
    public var imported: String
    public var importedBy: String
    public var publishedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, year, folder, source, teachers, schools, imported, importedBy = "imported_by", publishedAt = "published_at"
    }
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A plan the server made, with every file of its folder (in `plan_file`), stored in one transaction.
public struct StoredPlan: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "plan"
    public var id: Int64?
    public var countyID: Int64
    public var year: Int
    /// `optimal`, `feasible` or `cannot meet` (a diagnosis instead of a list).
    public var status: String
    public var movers: Int
    public var previousID: Int64?
    public var created: String
    public var createdBy: String
    public var seconds: Double
    public var adopted: Bool

    enum CodingKeys: String, CodingKey {
        case id, countyID = "county_id", year, status, movers, previousID = "previous_id", created, createdBy = "created_by", seconds, adopted
    }
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An objection to the published list or to a plan (异议), entered and decided by the office.
public struct StoredObjection: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "objection"
    public var id: Int64?
    public var countyID: Int64
    public var teacherID: String
    /// A lock: `stay`, a school id, `leave`, `not:…`, `only:…` (docs/data-format.md).
    public var request: String
    /// nil while undecided; `accepted` or `rejected`.
    public var decision: String?
    public var note: String
    public var entered: String
    public var enteredBy: String
    public var decidedBy: String?

    enum CodingKeys: String, CodingKey {
        case id, countyID = "county_id", teacherID = "teacher_id", request, decision, note, entered, enteredBy = "entered_by", decidedBy = "decided_by"
    }
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One line of the audit log: who did what, when.
public struct AuditEntry: Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit"
    public var id: Int64?
    public var at: String
    public var username: String
    public var action: String
    public var detail: String
}

struct StoredSession: Sendable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"
    var token: String
    var username: String
    var csrf: String
    var expires: Double
}

/// The server's state: accounts, sessions, the audit log, imported counties, plans with their files and
/// objections, in one SQLite database (`bureau.sqlite` in the data folder; GRDB with migrations, as the
/// ledger). Every change is one transaction: a plan and all its files are stored together or not at all.
public final class BureauStore: Sendable {
    public static let file = "bureau.sqlite"
    let pool: DatabasePool

    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: accounts, sessions, audit, counties, plans, objections") { db in
            try db.create(table: "account") { t in
                t.primaryKey("username", .text)
                t.column("role", .text).notNull()
                t.column("school_id", .text)
                t.column("password_hash", .text).notNull()
                t.column("created", .text).notNull()
            }
            try db.create(table: "session") { t in
                t.primaryKey("token", .text)
                t.column("username", .text).notNull().references("account", onDelete: .cascade)
                t.column("csrf", .text).notNull()
                t.column("expires", .double).notNull()
            }
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .text).notNull()
                t.column("username", .text).notNull()
                t.column("action", .text).notNull()
                t.column("detail", .text).notNull()
            }
            try db.create(table: "county") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("year", .integer).notNull()
                t.column("folder", .text).notNull()
                t.column("source", .text).notNull()
                t.column("teachers", .integer).notNull()
                t.column("schools", .integer).notNull()
                t.column("imported", .text).notNull()
                t.column("imported_by", .text).notNull()
                t.column("published_at", .text)
            }
            try db.create(table: "plan") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("county_id", .integer).notNull().references("county")
                t.column("year", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("movers", .integer).notNull()
                t.column("previous_id", .integer).references("plan")
                t.column("created", .text).notNull()
                t.column("created_by", .text).notNull()
                t.column("seconds", .double).notNull()
                t.column("adopted", .boolean).notNull()
            }
            try db.create(table: "plan_file") { t in
                t.column("plan_id", .integer).notNull().references("plan", onDelete: .cascade)
                t.column("path", .text).notNull()
                t.column("body", .blob).notNull()
                t.primaryKey(["plan_id", "path"])
            }
            try db.create(table: "objection") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("county_id", .integer).notNull().references("county")
                t.column("teacher_id", .text).notNull()
                t.column("request", .text).notNull()
                t.column("decision", .text)
                t.column("note", .text).notNull()
                t.column("entered", .text).notNull()
                t.column("entered_by", .text).notNull()
                t.column("decided_by", .text)
            }
        }
        return m
    }

    public static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }

    // MARK: Accounts and sessions

    public func account(_ username: String) throws -> Account? {
        try pool.read { db in try Account.fetchOne(db, key: username) }
    }
    public func accounts() throws -> [Account] {
        try pool.read { db in try Account.order(Column("username")).fetchAll(db) }
    }
    public func accountCount() throws -> Int { try pool.read { db in try Account.fetchCount(db) } }

    /// Adds an account (or replaces its password, role and school), with an audit line.
    public func save(_ account: Account, by: String) throws {
        try pool.write { db in
            try account.save(db)
            // A new password (or role) ends the account's sessions.
            try StoredSession.filter(Column("username") == account.username).deleteAll(db)
            try AuditEntry(at: Self.now(), username: by, action: "account", detail: "\(account.username) (\(account.role.rawValue)\(account.schoolID.map { ", " + $0 } ?? ""))").insert(db)
        }
    }

    func newSession(for username: String, lifetime: TimeInterval) throws -> StoredSession {
        let s = StoredSession(token: Accounts.token(), username: username, csrf: Accounts.token(),
                              expires: Date().timeIntervalSince1970 + lifetime)
        try pool.write { db in
            try StoredSession.filter(Column("expires") < Date().timeIntervalSince1970).deleteAll(db)
            try s.insert(db)
        }
        return s
    }

    /// The live session of a token and its account (an expired one is nil).
    func session(_ token: String) throws -> (StoredSession, Account)? {
        try pool.read { db in
            guard let s = try StoredSession.fetchOne(db, key: token), s.expires > Date().timeIntervalSince1970,
                  let a = try Account.fetchOne(db, key: s.username) else { return nil }
            return (s, a)
        }
    }

    func endSession(_ token: String) throws { _ = try pool.write { db in try StoredSession.deleteOne(db, key: token) } }

    // MARK: Audit

    public func log(_ username: String, _ action: String, _ detail: String) throws {
        try pool.write { db in try AuditEntry(at: Self.now(), username: username, action: action, detail: detail).insert(db) }
    }
    /// Entries of the audit log a page shows.
    public static let auditPage = 500
    /// The newest ``auditPage`` entries, or those before entry `before`.
    public func auditLog(before: Int64? = nil) throws -> [AuditEntry] {
        try pool.read { db in
            var request = AuditEntry.order(Column("id").desc)
            if let before { request = request.filter(Column("id") < before) }
            return try request.limit(Self.auditPage).fetchAll(db)
        }
    }

    // MARK: Counties

    public func latestCounty() throws -> StoredCounty? {
        try pool.read { db in try StoredCounty.order(Column("id").desc).fetchOne(db) }
    }
    public func county(_ id: Int64) throws -> StoredCounty? { try pool.read { db in try StoredCounty.fetchOne(db, key: id) } }

    public func add(_ county: StoredCounty, by: String, action: String = "import") throws -> StoredCounty {
        try pool.write { db in
            var c = county
            try c.insert(db)
            try AuditEntry(at: Self.now(), username: by, action: action, detail: "county \(c.id!) for \(c.year): \(c.source), \(c.teachers) teachers, \(c.schools) schools").insert(db)
            return c
        }
    }

    public func markPublished(_ countyID: Int64, by: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE county SET published_at = ? WHERE id = ?", arguments: [Self.now(), countyID])
            try AuditEntry(at: Self.now(), username: by, action: "publish", detail: "eligibility list of county \(countyID)").insert(db)
        }
    }

    // MARK: Plans

    /// Stores a plan with every file of its folder, and the audit line, in one transaction.
    public func add(_ plan: StoredPlan, files: [(path: String, data: Data)], by: String) throws -> StoredPlan {
        try pool.write { db in
            var p = plan
            try p.insert(db)
            for f in files {
                try db.execute(sql: "INSERT INTO plan_file (plan_id, path, body) VALUES (?, ?, ?)", arguments: [p.id!, f.path, f.data])
            }
            try AuditEntry(at: Self.now(), username: by, action: "plan",
                           detail: "plan \(p.id!) of county \(p.countyID): \(p.status), \(p.movers) movers\(p.previousID.map { ", re-planned from plan \($0)" } ?? "")").insert(db)
            return p
        }
    }

    public func plans(county: Int64) throws -> [StoredPlan] {
        try pool.read { db in try StoredPlan.filter(Column("county_id") == county).order(Column("id").desc).fetchAll(db) }
    }
    public func plan(_ id: Int64) throws -> StoredPlan? { try pool.read { db in try StoredPlan.fetchOne(db, key: id) } }
    public func latestPlan(county: Int64) throws -> StoredPlan? { try plans(county: county).first }

    public func file(plan: Int64, path: String) throws -> Data? {
        try pool.read { db in try Data.fetchOne(db, sql: "SELECT body FROM plan_file WHERE plan_id = ? AND path = ?", arguments: [plan, path]) }
    }
    public func files(plan: Int64) throws -> [(path: String, data: Data)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT path, body FROM plan_file WHERE plan_id = ? ORDER BY path", arguments: [plan]).map { ($0["path"], $0["body"]) }
        }
    }

    /// Marks a plan adopted and stores next year's county, in one transaction (the ledger is written before).
    public func adopted(_ planID: Int64, next: StoredCounty, by: String) throws -> StoredCounty {
        try pool.write { db in
            try db.execute(sql: "UPDATE plan SET adopted = 1 WHERE id = ?", arguments: [planID])
            var c = next
            try c.insert(db)
            try AuditEntry(at: Self.now(), username: by, action: "adopt", detail: "plan \(planID); county \(c.id!) for \(c.year)").insert(db)
            return c
        }
    }

    // MARK: Objections

    public func objections(county: Int64) throws -> [StoredObjection] {
        try pool.read { db in try StoredObjection.filter(Column("county_id") == county).order(Column("id")).fetchAll(db) }
    }
    public func objection(_ id: Int64) throws -> StoredObjection? { try pool.read { db in try StoredObjection.fetchOne(db, key: id) } }

    public func add(_ objection: StoredObjection, by: String) throws {
        try pool.write { db in
            var o = objection
            try o.insert(db)
            try AuditEntry(at: Self.now(), username: by, action: "objection", detail: "objection \(o.id!): \(o.teacherID) asks \(o.request)").insert(db)
        }
    }

    public func decide(_ id: Int64, decision: String, by: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE objection SET decision = ?, decided_by = ? WHERE id = ?", arguments: [decision, by, id])
            try AuditEntry(at: Self.now(), username: by, action: "objection decided", detail: "objection \(id): \(decision)").insert(db)
        }
    }
}

extension BureauStore {
    /// Takes back a decision the county could not read (an accepted request that is not a valid lock).
    public func undecide(_ id: Int64, by: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE objection SET decision = NULL, decided_by = NULL WHERE id = ?", arguments: [id])
            try AuditEntry(at: Self.now(), username: by, action: "objection undecided", detail: "objection \(id): the county cannot read it").insert(db)
        }
    }
}
