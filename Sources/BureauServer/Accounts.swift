import Foundation
import GRDB
import HummingbirdBcrypt

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

/// Failed logins, counted per username and per client address: after ``limit(for:)`` failures within ``window``
/// further attempts are refused (429) until the window has passed, whether or not the password is right. A
/// username gets 5 tries; an address 30, since a whole office may sit behind one address (or one proxy).
public actor LoginThrottle {
    static let window: Duration = .seconds(15 * 60)
    static func limit(for key: String) -> Int { key.hasPrefix("user:") ? 5 : 30 }
    private var failures: [String: [ContinuousClock.Instant]] = [:]

    public init() {}

    /// Whether a login for these keys may be tried now.
    func allowed(_ keys: [String]) -> Bool {
        let now = ContinuousClock.now
        return keys.allSatisfy { key in
            let recent = (failures[key] ?? []).filter { now - $0 < Self.window }
            failures[key] = recent.isEmpty ? nil : recent
            return recent.count < Self.limit(for: key)
        }
    }

    func failed(_ keys: [String]) {
        for key in keys { failures[key, default: []].append(.now) }
        if failures.count > 100_000 {  // bounded memory under a flood of usernames: forget what has expired
            let now = ContinuousClock.now
            failures = failures.filter { _, times in times.contains { now - $0 < Self.window } }
        }
    }

    func succeeded(_ key: String) { failures[key] = nil }
}
