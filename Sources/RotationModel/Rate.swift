/// A non-negative rate kept as the exact decimal written in the policy file (0.07 is 7/100, not the
/// nearest double), so that quotas round exactly: ⌈0.10 × 30⌉ = 3, ⌊0.29 × 100⌋ = 29.
public struct Rate: Sendable, Equatable, Hashable, CustomStringConvertible, Comparable {
    /// value = numerator / denominator, denominator a power of ten.
    public let numerator: Int
    public let denominator: Int

    public init(numerator: Int, denominator: Int) { self.numerator = numerator; self.denominator = denominator }

    /// Parses a plain decimal such as `0.1`, `.15`, `1` or `12.5%`; `nil` for anything else (exponents,
    /// signs, more than 9 decimals).
    public init?(decimal text: String) {
        var s = Substring(text.trimmingWhitespace())
        var percent = false
        if s.hasSuffix("%") { percent = true; s = s.dropLast() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !s.isEmpty, s != "." else { return nil }
        let whole = parts[0], fraction = parts.count == 2 ? parts[1] : ""
        guard whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
              whole.count <= 9, fraction.count <= 9, !(whole.isEmpty && fraction.isEmpty) else { return nil }
        var denominator = 1
        for _ in 0..<(fraction.count + (percent ? 2 : 0)) { denominator *= 10 }
        let digits = String(whole) + String(fraction)
        guard let n = Int(digits.isEmpty ? "0" : digits) else { return nil }
        self.init(numerator: n, denominator: denominator)
    }

    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// ⌈rate × n⌉, exactly.
    public func ceilTimes(_ n: Int) -> Int {
        let p = numerator * n
        return p / denominator + (p % denominator > 0 ? 1 : 0)
    }
    /// ⌊rate × n⌋, exactly.
    public func floorTimes(_ n: Int) -> Int { numerator * n / denominator }

    public var description: String {
        let whole = numerator / denominator, fraction = numerator % denominator
        guard denominator > 1 else { return String(whole) }
        var digits = String(fraction)
        let width = String(denominator).count - 1
        digits = String(repeating: "0", count: width - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return digits.isEmpty ? String(whole) : "\(whole).\(digits)"
    }

    public static func < (a: Rate, b: Rate) -> Bool { a.numerator * b.denominator < b.numerator * a.denominator }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
