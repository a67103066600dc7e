/// A count of teachers in tenths: walking teachers (走教) give schools shares of a teacher, so unmet need may be
/// fractional (to 0.1). Written as a whole number when it is one (`177`), else with one decimal (`176.5`), in
/// text and in JSON alike, so that a county without walking reads as before.
public struct Tenths: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible, ExpressibleByIntegerLiteral {
    /// The count × 10.
    public var tenths: Int

    public init(tenths: Int) { self.tenths = tenths }
    public init(_ whole: Int) { tenths = whole * 10 }
    public init(integerLiteral value: Int) { self.init(value) }
    /// The nearest tenth of a number (a solver's value).
    public init(rounding value: Double) { tenths = Int((value * 10).rounded()) }
    public init?(_ description: String) {
        guard let d = Double(description), d.isFinite else { return nil }
        self.init(rounding: d)
    }

    public var isWhole: Bool { tenths % 10 == 0 }
    public var doubleValue: Double { Double(tenths) / 10 }
    public var description: String {
        if isWhole { return String(tenths / 10) }
        let sign = tenths < 0 ? "-" : "", a = abs(tenths)
        return "\(sign)\(a / 10).\(a % 10)"
    }

    public static func < (a: Tenths, b: Tenths) -> Bool { a.tenths < b.tenths }
    public static func + (a: Tenths, b: Tenths) -> Tenths { Tenths(tenths: a.tenths + b.tenths) }
    public static func - (a: Tenths, b: Tenths) -> Tenths { Tenths(tenths: a.tenths - b.tenths) }
    public static func += (a: inout Tenths, b: Tenths) { a.tenths += b.tenths }
    public static func -= (a: inout Tenths, b: Tenths) { a.tenths -= b.tenths }
    public static let zero = Tenths(tenths: 0)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let whole = try? c.decode(Int.self) { self.init(whole) } else { self.init(rounding: try c.decode(Double.self)) }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if isWhole { try c.encode(tenths / 10) } else { try c.encode(doubleValue) }
    }
}

/// A walking teacher's service at one more school (走教, R15): the base school keeps the rest of the teacher.
public struct Walk: Sendable, Equatable, Hashable {
    public var teacher: Int
    /// Where the teacher works after the plan (index into `county.schools`).
    public var base: Int
    /// The school served.
    public var served: Int
    public var subject: String
    /// The share of a full load the served school gets, in tenths.
    public var shareTenths: Int
    public init(teacher: Int, base: Int, served: Int, subject: String, shareTenths: Int) {
        self.teacher = teacher; self.base = base; self.served = served; self.subject = subject; self.shareTenths = shareTenths
    }
}
