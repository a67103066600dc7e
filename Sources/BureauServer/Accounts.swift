import Foundation
import GRDB
import HummingbirdBcrypt
import NIOPosix

/// What an account may do. Checked on the server for every request (``Access``), whatever the URL.
public enum Role: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// The personnel office: everything (import, publish, plan, objections, adopt, accounts, the audit log).
    case office
    /// Scenarios and county figures; never a private exemption reason or a home address.
    case planner
    /// Bound to one school: that school's page only.
    case principal

    public var chinese: String { ["office": "人事科", "planner": "规划人员", "principal": "校长"][rawValue]! }
}

/// One account of the bureau's server.
public struct Account: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "account"
    public var username: String
    public var role: Role
    /// The school a principal is bound to (nil for other roles).
    public var schoolID: String?
    /// bcrypt (HummingbirdBcrypt), cost ``Accounts/cost``.
    public var passwordHash: String
    public var created: String

    public init(username: String, role: Role, schoolID: String?, passwordHash: String, created: String) {
        self.username = username; self.role = role; self.schoolID = schoolID; self.passwordHash = passwordHash; self.created = created
    }

    enum CodingKeys: String, CodingKey {
        case username, role, schoolID = "school_id", passwordHash = "password_hash", created
    }
}

public enum Accounts {
    /// bcrypt's cost: 2^cost rounds (about 0.2 s a check on the project machine at 11).
    static let cost: UInt8 = 11

    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }
    public static func verify(_ password: String, _ hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
    /// bcrypt's work (about 0.2 s) on NIO's thread pool, so that pages keep answering during logins.
    static func verifyOffThread(_ password: String, _ hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { verify(password, hash) }
    }
    static func hashOffThread(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { hash(password) }
    }
    /// Checked against when the username is unknown, so that a login takes as long either way.
    static let dummyHash = hash(newPassword())

    /// A password to print once: 16 letters and digits from the system's secure generator, without look-alikes.
    public static func newPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// A random token (sessions, CSRF): 32 bytes from the system's secure generator, as hex.
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    /// Why a username or password cannot be used (nil: it can).
    public static func problem(username: String, password: String, role: Role, schoolID: String?) -> (en: String, zh: String)? {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-"))
        if username.isEmpty || username.count > 64 || username.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            return ("a username is 1 to 64 letters, digits, '.', '_' or '-'", "用户名须为 1 至 64 个字母、数字或 . _ -")
        }
        if password.count < 8 || password.utf8.count > 72 {
            return ("a password has at least 8 characters and at most 72 bytes (bcrypt's limit)", "密码至少 8 个字符，至多 72 字节")
        }
        if role == .principal && (schoolID ?? "").isEmpty { return ("a principal needs --school ID", "校长账号须指定学校（--school）") }
        if role != .principal && schoolID != nil { return ("only a principal is bound to a school", "只有校长账号绑定学校") }
        return nil
    }
}

/// Logins, counted per username and per client address: every attempt counts as a failure until it succeeds
/// (so parallel attempts cannot slip past the limit while bcrypt works); after ``limit(for:)`` within ``window``
/// further attempts are refused (429) until the window has passed, whether or not the password is right. A
/// username gets 5 tries; an address 30, since a whole office may sit behind one address (or one proxy).
public actor LoginThrottle {
    static let window: Duration = .seconds(15 * 60)
    static func limit(for key: String) -> Int { key.hasPrefix("user:") ? 5 : 30 }
    /// At most this many keys are remembered; past it the oldest are forgotten first (bounded memory).
    static let maxKeys = 100_000
    private var failures: [String: [ContinuousClock.Instant]] = [:]
    /// Keys refused since their last failure: a refusal is written to the audit log once, not per attempt.
    private var announced: Set<String> = []

    public init() {}

    enum Answer: Equatable { case allowed, refused(first: Bool) }

    /// Whether a login for these keys may be tried now; if so, it counts as a failure until ``succeeded(_:)``.
    func attempt(_ keys: [String]) -> Answer {
        let now = ContinuousClock.now
        var refusedKeys: [String] = []
        for key in keys {
            let recent = (failures[key] ?? []).filter { now - $0 < Self.window }
            failures[key] = recent.isEmpty ? nil : recent
            if recent.count >= Self.limit(for: key) { refusedKeys.append(key) }
        }
        if !refusedKeys.isEmpty {
            let first = refusedKeys.contains { !announced.contains($0) }
            announced.formUnion(refusedKeys)
            return .refused(first: first)
        }
        for key in keys {
            failures[key, default: []].append(now)
            announced.remove(key)
        }
        if failures.count > Self.maxKeys {
            failures = failures.filter { _, times in times.contains { now - $0 < Self.window } }
            if failures.count > Self.maxKeys {
                let oldest = failures.sorted { $0.value.last! < $1.value.last! }.prefix(failures.count - Self.maxKeys / 2)
                for (key, _) in oldest { failures[key] = nil }
            }
            announced = announced.filter { failures[$0] != nil }
        }
        return .allowed
    }

    /// The attempt succeeded: the username's failures are forgotten, and the address's last attempt.
    func succeeded(_ keys: [String]) {
        for key in keys {
            if key.hasPrefix("user:") { failures[key] = nil } else { _ = failures[key]?.popLast() }
        }
    }

    /// Counts failures directly (tests).
    func failed(_ keys: [String]) { _ = attempt(keys) }
    func allowed(_ keys: [String]) -> Bool {
        let now = ContinuousClock.now
        return keys.allSatisfy { key in (failures[key] ?? []).count { now - $0 < Self.window } < Self.limit(for: key) }
    }
}
