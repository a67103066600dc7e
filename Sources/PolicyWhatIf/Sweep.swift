import CountyData
import Foundation

/// `key=from:to:step`: one policy key and the values to try, in exact decimal steps
/// (`rotation_rate=0.05:0.30:0.05` gives 0.05, 0.10, …, 0.30, never 0.15000000000000002).
public struct Sweep: Sendable, Equatable {
    public var key: String
    public var values: [String]

    /// At most this many values: each is a plan.
    public static let maximumValues = 50

    public static func parse(_ text: String) throws -> Sweep {
        func fail(_ why: String, _ zh: String) -> InvalidDataset {
            InvalidDataset("--vary", value: text, why, zh: zh)
        }
        guard let eq = text.firstIndex(of: "=") else {
            throw fail("expected key=from:to:step, for example rotation_rate=0.05:0.30:0.05", "应为 键=起:止:步长，例如 rotation_rate=0.05:0.30:0.05")
        }
        let key = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        guard PolicyReader.keys.contains(key) else {
            throw fail("unknown policy key \(key); known keys: " + PolicyReader.keys.joined(separator: ", "),
                       "未知的政策键 \(key)；可用的键：" + PolicyReader.keys.joined(separator: "、"))
        }
        let parts = text[text.index(after: eq)...].split(separator: ":").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3, let from = Decimal(string: parts[0], locale: Locale(identifier: "en_US_POSIX")),
              let to = Decimal(string: parts[1], locale: Locale(identifier: "en_US_POSIX")),
              let step = Decimal(string: parts[2], locale: Locale(identifier: "en_US_POSIX")),
              parts.allSatisfy({ Double($0) != nil }) else {
            throw fail("expected three numbers from:to:step, for example 0.05:0.30:0.05", "应为三个数 起:止:步长，例如 0.05:0.30:0.05")
        }
        guard step > 0 else { throw fail("the step must be greater than 0", "步长必须大于 0") }
        guard from <= to else { throw fail("from must not be greater than to", "起始值不能大于终止值") }
        var values: [String] = []
        var v = from
        while v <= to {
            values.append(NSDecimalNumber(decimal: v).stringValue)
            if values.count > maximumValues { throw fail("more than \(maximumValues) values; use a larger step", "取值超过 \(maximumValues) 个，请加大步长") }
            v += step
        }
        return Sweep(key: key, values: values)
    }

    /// One scenario per value, named `key=value`.
    public var scenarios: [Scenario] { values.map { Scenario(name: "\(key)=\($0)", overrides: ["\(key)=\($0)"]) } }
}
