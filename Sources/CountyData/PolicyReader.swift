import Foundation
import RotationModel
import Yams

/// Reads `policy.yaml` and `--set key=value` overrides onto the defaults of ``Policy``.
///
/// Every key is optional; a nested mapping given in part (`retirement_age: {F: 58}`) is merged with the
/// defaults. Unknown keys are warnings naming the key and its line; bad values are errors.
public enum PolicyReader {
    /// The keys of the policy file, dotted for nested ones: the names of ``Policy/keys``, the one table of them
    /// (documented in docs/data-format.md, made from the same table).
    public static let keys: [String] = Policy.keys.map(\.name)
    /// The keys that hold a mapping: every dotted prefix of a key (`weights` for `weights.balance`,
    /// `audit.standards` and `audit.standards.primary` for `audit.standards.primary.degree`).
    static let nested: Set<String> = Set(Policy.keys.flatMap { key -> [String] in
        let parts = key.name.split(separator: ".")
        return parts.indices.dropLast().map { parts[...$0].joined(separator: ".") }
    })

    /// Applies a YAML document to `policy`. `file` names the source in messages; top-level keys in `reserved`
    /// belong to the caller (a scenario's `name`) and are skipped.
    public static func apply(yaml text: String, file: String, to policy: inout Policy, issues: inout DataIssues,
                             reserved: Set<String> = []) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            for key in duplicates {
                let lines = linesOf(key: key, column: context.mark.column, in: text)
                issues.error(file, line: lines.dropFirst().first ?? context.mark.line, column: key,
                             "the key is given twice" + (lines.count > 1 ? " (first on line \(lines[0]))" : ""),
                             zh: "此键重复出现" + (lines.count > 1 ? "（首次出现在第 \(lines[0]) 行）" : ""))
            }
            return
        } catch let error as YamlError {
            issues.error(file, line: yamlLine(error), "not valid YAML: \(yamlProblem(error))",
                         zh: "不是有效的 YAML：\(ChineseMessages.yamlProblem(error))")
            return
        } catch {
            issues.error(file, "not valid YAML: \(error)", zh: "不是有效的 YAML：\(error)")
            return
        }
        guard let node else { return }  // an empty file: all defaults
        guard let mapping = node.mapping else {
            issues.error(file, line: node.mark?.line, "expected a mapping of policy keys (`key: value` lines)",
                         zh: "应为政策键的映射（每行一个 `键: 值`）")
            return
        }
        applyMapping(mapping, prefix: [], file: file, to: &policy, issues: &issues, reserved: reserved)
    }

    /// Checks what no single key can: a walking teacher's shares add up to at most one teacher
    /// (`walking.share × walking.max_schools ≤ 1`). `file` names where the policy came from.
    public static func checkTogether(_ policy: Policy, file: String, issues: inout DataIssues) {
        let w = policy.walking
        if w.shareTenths * w.maxSchools > 10 {
            issues.error(file, column: "walking.share", value: w.share.description,
                         "walking.share × walking.max_schools is more than one teacher (\(w.share) × \(w.maxSchools)): lower either",
                         zh: "走教份额 walking.share × 走教学校数 walking.max_schools 超过一名教师（\(w.share) × \(w.maxSchools)），请降低其一")
        }
    }

    /// Applies one `key=value` override; the value is read as YAML (`0.15`, `false`, `{F: 58}`, `[音乐, 体育]`).
    public static func apply(override: String, to policy: inout Policy, issues: inout DataIssues) {
        let file = "--set"
        guard let eq = override.firstIndex(of: "=") else {
            issues.error(file, value: override, "expected key=value, for example rotation_rate=0.15",
                         zh: "格式应为 键=值，例如 rotation_rate=0.15")
            return
        }
        let key = String(override[..<eq])
        let valueText = String(override[override.index(after: eq)...])
        let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !key.isEmpty, path.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) }) else {
            issues.error(file, value: override, "expected key=value with a key such as rotation_rate or weights.balance "
                         + "(no spaces, no empty part between dots)",
                         zh: "格式应为 键=值，键如 rotation_rate 或 weights.balance（不能有空格，点号之间不能为空）")
            return
        }
        // A plain value only: no anchors, aliases or tags (`&a 2027`, `*a`, `!!str 5`).
        if let first = valueText.trimmingCharacters(in: .whitespaces).first, "&*!".contains(first) {
            issues.error(file, column: key, value: valueText, "expected a plain value, without a YAML anchor, alias or tag",
                         zh: "应为普通的值，不能使用 YAML 锚点、别名或标签")
            return
        }
        let node: Node?
        do { node = try Yams.compose(yaml: valueText) } catch {
            issues.error(file, column: key, value: valueText, "not a valid YAML value", zh: "不是有效的 YAML 值")
            return
        }
        apply(node ?? Node("", Tag(.null)), path: path, file: file, line: nil, to: &policy, issues: &issues,
              unknownIsError: true)
    }

    private static func applyMapping(_ mapping: Node.Mapping, prefix: [String], file: String, to policy: inout Policy,
                                     issues: inout DataIssues, reserved: Set<String> = []) {
        var seen: Set<String> = []
        for (k, v) in mapping {
            guard let key = k.scalar?.string else {
                issues.error(file, line: k.mark?.line, "a key must be plain text", zh: "键必须是普通文本")
                continue
            }
            if prefix.isEmpty && reserved.contains(key) { continue }
            let path = prefix + [key]
            if !seen.insert(key).inserted {
                issues.error(file, line: k.mark?.line, column: path.joined(separator: "."), "the key is given twice",
                             zh: "此键重复出现")
                continue
            }
            apply(v, path: path, file: file, line: k.mark?.line, to: &policy, issues: &issues, unknownIsError: false)
        }
    }

    private static func apply(_ node: Node, path: [String], file: String, line: Int?, to policy: inout Policy,
                              issues: inout DataIssues, unknownIsError: Bool) {
        let key = path.joined(separator: ".")
        let line = node.mark?.line ?? line
        if nested.contains(key) {
            guard let m = node.mapping else {
                issues.error(file, line: line, column: key, value: node.scalar?.string,
                             "expected a mapping, for example " + example(key), zh: "应为映射，例如 " + example(key))
                return
            }
            applyMapping(m, prefix: path, file: file, to: &policy, issues: &issues)
            return
        }
        guard let entry = Policy.key(key) else {
            let message = "unknown policy key; known keys: " + keys.joined(separator: ", ")
            if unknownIsError {
                issues.error(file, line: line, column: key, message, zh: "未知的政策键；可用的键：" + keys.joined(separator: "、"))
            } else {
                issues.warning(file, line: line, column: key, "unknown policy key, ignored", zh: "未知的政策键，已忽略")
            }
            return
        }
        var v = Value(node: node, file: file, line: line, key: key)
        switch entry.value {
        case .integer(let path, let range): v.int(range) { policy[keyPath: path] = $0 }
        case .number(let path, let range): v.number(range) { policy[keyPath: path] = $0 }
        case .rate(let path): v.rate { policy[keyPath: path] = $0 }
        case .decimal(let path): v.decimal { policy[keyPath: path] = $0 }
        case .flag(let path): v.bool { policy[keyPath: path] = $0 }
        case .subjects(let path): v.strings { policy[keyPath: path] = $0 }
        case .choice(let path, let words): v.choice(words) { policy[keyPath: path] = $0 }
        case .tenths(let path): v.tenths { policy[keyPath: path] = $0 }
        }
        issues.append(contentsOf: v.issues)
    }

    /// A mapping key's defaults, as an example: `{M: 60, F: 55}`, `{primary: {degree: 4.2, …}, …}`.
    private static func example(_ key: String) -> String {
        let defaults = Policy()
        var parts: [String] = []
        var done: Set<String> = []
        for k in Policy.keys where k.name.hasPrefix(key + ".") {
            let rest = k.name.dropFirst(key.count + 1)
            let head = String(rest.split(separator: ".")[0])
            guard done.insert(head).inserted else { continue }
            parts.append("\(head): " + (nested.contains(key + "." + head) ? example(key + "." + head) : k.text(in: defaults)))
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The lines (1-based) where `key:` starts at `column` (1-based), in order.
    static func linesOf(key: String, column: Int, in text: String) -> [Int] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { i, line in
            let indent = line.prefix { $0 == " " }.count
            guard indent == column - 1 else { return nil }
            let rest = line.dropFirst(indent)
            return rest.hasPrefix(key) && rest.dropFirst(key.count).drop(while: { $0 == " " }).first == ":" ? i + 1 : nil
        }
    }

    /// The line (1-based) of the first byte that is not UTF-8.
    public static func firstLineNotUTF8(_ data: Data) -> Int {
        var line = 1
        for chunk in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(data: Data(chunk), encoding: .utf8) == nil { return line }
            line += 1
        }
        return line
    }

    private static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default: return nil
        }
    }
    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default: return "\(error)"
        }
    }
}

/// One policy value being read, with the place it came from.
private struct Value {
    let node: Node
    let file: String
    let line: Int?
    let key: String
    var issues = DataIssues()

    init(node: Node, file: String, line: Int?, key: String) {
        self.node = node; self.file = file; self.line = line; self.key = key
    }

    private var text: String? { node.scalar?.string.trimmingCharacters(in: .whitespaces) }

    /// A bad value: `expected` says what is expected, `zh` the same in Chinese (the message reads `应为` + `zh`).
    private mutating func bad(_ expected: String, zh: String) {
        issues.error(file, line: line, column: key, value: text ?? (node.mapping != nil ? "(a mapping)" : "(a list)"),
                     "expected \(expected)", zh: "应为\(zh)")
    }

    mutating func int(_ range: ClosedRange<Int>, _ set: (Int) -> Void) {
        guard let t = text, let n = Int(t), range.contains(n) else {
            return bad("a whole number from \(range.lowerBound) to \(range.upperBound)",
                       zh: " \(range.lowerBound) 至 \(range.upperBound) 之间的整数")
        }
        set(n)
    }
    mutating func number(_ range: ClosedRange<Double>, _ set: (Double) -> Void) {
        guard let t = text, let d = Double(t), d.isFinite, range.contains(d) else {
            return bad("a number from \(range.lowerBound.formatted()) to \(range.upperBound.formatted())",
                       zh: " \(range.lowerBound.formatted()) 至 \(range.upperBound.formatted()) 之间的数")
        }
        set(d)
    }
    mutating func rate(_ set: (Rate) -> Void) {
        guard let t = text, let r = Rate(decimal: t), r.numerator <= r.denominator else {
            return bad("a decimal share from 0 to 1, such as 0.15 (or 15%)", zh: " 0 至 1 之间的小数比例，例如 0.15（或 15%）")
        }
        set(r)
    }
    /// A standard: a decimal from 0 to 1,000,000 with at most 4 decimals (the audit's tables use at most 1),
    /// so that the exact arithmetic of the standards stays within 128-bit integers.
    mutating func decimal(_ set: (Rate) -> Void) {
        guard let t = text, let r = Rate(decimal: t), !t.hasSuffix("%"), r.denominator <= 10_000,
              r.numerator <= 1_000_000 * r.denominator else {
            return bad("a decimal number from 0 to 1000000 with at most 4 decimals, such as 4.2",
                       zh: " 0 至 1000000 之间、最多 4 位小数的数，例如 4.2")
        }
        set(r)
    }
    /// A share in tenths of a teacher, 0.1 to 1.
    mutating func tenths(_ set: (Rate) -> Void) {
        guard let t = text, let r = Rate(decimal: t), !t.hasSuffix("%"), r.numerator <= r.denominator,
              (r.numerator * 10) % r.denominator == 0, r.numerator > 0 else {
            return bad("a share from 0.1 to 1 in tenths, such as 0.5", zh: " 0.1 至 1 之间、以 0.1 为单位的份额，例如 0.5")
        }
        set(r)
    }
    mutating func bool(_ set: (Bool) -> Void) {
        switch text?.lowercased() {
        case "true", "yes", "on": set(true)
        case "false", "no", "off": set(false)
        default: bad("true or false", zh: " true（是）或 false（否）")
        }
    }
    mutating func choice(_ words: [String], _ set: (String) -> Void) {
        guard let t = text?.lowercased(), words.contains(t) else {
            return bad("one of " + words.joined(separator: ", "), zh: "以下之一：" + words.joined(separator: "、"))
        }
        set(t)
    }
    mutating func strings(_ set: ([String]) -> Void) {
        guard case .sequence(let seq) = node, !seq.isEmpty else {
            return bad("a list of at least one subject, such as [体育, 音乐, 美术]", zh: "至少含一个学科的列表，例如 [体育, 音乐, 美术]")
        }
        var out: [String] = []
        for item in seq {
            guard let s = item.scalar?.string.trimmingCharacters(in: .whitespaces), !s.isEmpty else {
                return bad("a list of subject names", zh: "由学科名称组成的列表")
            }
            out.append(s)
        }
        set(out)
    }
}

private extension Double {
    func formatted() -> String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
