/// The stable id of a hard rule of the policy (`R1` … `R7`, and the rules the catalogue adds later).
///
/// Each rule declares its own constant beside its code (`extension Rule { static let R3 }` in
/// `RotationPlanner/Rules/`), so adding a rule never touches a central list of cases. Ids are compared and
/// sorted as text: `R1` < `R2` < … (ids of later rules should sort after them).
public struct Rule: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
                    ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public static func < (a: Rule, b: Rule) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A sentence in both languages the tool speaks: Chinese (the default) and English.
public struct LocalizedText: Sendable, Equatable, Hashable {
    public var zh: String
    public var en: String
    public init(zh: String, en: String) { self.zh = zh; self.en = en }
    /// The text in `language` (`zh` or `en`; anything else reads as Chinese).
    public func text(_ language: String) -> String { language == "en" ? en : zh }
}
