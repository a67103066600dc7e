import Foundation
import RotationModel

/// Reads typed values from the cells of one CSV row, recording a located issue for every bad cell.
struct Fields {
    let table: CSVTable
    let row: CSVTable.Row
    var issues = DataIssues()

    init(_ table: CSVTable, _ row: CSVTable.Row) { self.table = table; self.row = row }

    var line: Int { row.line }

    func raw(_ column: String) -> String { table.cell(row, column) }

    /// Records an error in this row: `message` in English, `zh` the same in Chinese.
    mutating func error(_ column: String?, _ value: String?, _ message: String, zh: String) {
        issues.error(table.file, line: row.line, column: column, value: value, message, zh: zh)
    }
    /// Records a warning in this row: `message` in English, `zh` the same in Chinese.
    mutating func warning(_ column: String?, _ value: String?, _ message: String, zh: String) {
        issues.warning(table.file, line: row.line, column: column, value: value, message, zh: zh)
    }

    /// The entries of an optional list cell (`;`, `；` or `、` between them), in order, each once: an entry
    /// `refusal` has words for, and one listed again (`twice`), is left out with a warning.
    mutating func uniqueList(_ column: String, refusal: (String) -> (en: String, zh: String)?,
                             twice: (en: String, zh: String)) -> [String] {
        var kept: [String] = []
        guard let raw = optionalText(column) else { return kept }
        for entry in CountyReader.list(raw) {
            if let why = refusal(entry) {
                warning(column, entry, why.en, zh: why.zh)
            } else if kept.contains(entry) {
                warning(column, entry, twice.en, zh: twice.zh)
            } else {
                kept.append(entry)
            }
        }
        return kept
    }

    /// A required text cell.
    mutating func text(_ column: String) -> String? {
        let v = raw(column)
        if v.isEmpty { error(column, nil, "a value is required", zh: "此项必填，不能为空"); return nil }
        return v
    }

    /// An optional text cell: `nil` when empty.
    func optionalText(_ column: String) -> String? {
        let v = raw(column)
        return v.isEmpty ? nil : v
    }

    /// A required integer within `range`; `what` says what is expected, `zh` the same in Chinese (`不小于 0 的整数`:
    /// the messages read `应为不小于 0 的整数`).
    /// A yes/no cell: `yes`/`no` (also `true`/`false`, `1`/`0`, 是/否); empty is `no`.
    mutating func yesNo(_ column: String) -> Bool {
        let v = raw(column).lowercased()
        switch v {
        case "", "no", "false", "0", "否": return false
        case "yes", "true", "1", "是": return true
        default:
            error(column, raw(column), "expected yes or no", zh: "应为 yes（是）或 no（否）")
            return false
        }
    }

    mutating func int(_ column: String, in range: ClosedRange<Int>, what: String, zh: String) -> Int? {
        let v = raw(column)
        if v.isEmpty { error(column, nil, "a value is required: \(what)", zh: "此项必填：应填写\(zh)"); return nil }
        return parseInt(column, v, range, what, zh)
    }

    /// An optional integer within `range`: `nil` when empty.
    mutating func optionalInt(_ column: String, in range: ClosedRange<Int>, what: String, zh: String) -> Int?? {
        let v = raw(column)
        if v.isEmpty { return .some(nil) }
        guard let n = parseInt(column, v, range, what, zh) else { return nil }
        return .some(n)
    }

    private mutating func parseInt(_ column: String, _ v: String, _ range: ClosedRange<Int>, _ what: String,
                                   _ zh: String) -> Int? {
        // Spreadsheets sometimes write whole numbers as "12.0".
        var text = v
        if text.hasSuffix(".0") { text.removeLast(2) }
        guard let n = Int(text), range.contains(n) else {
            error(column, v, "expected \(what)", zh: "应为\(zh)")
            return nil
        }
        return n
    }

    /// A required decimal number within `range`; `what` and `zh` as for ``int(_:in:what:zh:)``.
    mutating func double(_ column: String, in range: ClosedRange<Double>, what: String, zh: String) -> Double? {
        let v = raw(column)
        if v.isEmpty { error(column, nil, "a value is required: \(what)", zh: "此项必填：应填写\(zh)"); return nil }
        guard let d = Double(v), d.isFinite, range.contains(d) else {
            error(column, v, "expected \(what)", zh: "应为\(zh)"); return nil
        }
        return d
    }

    /// An optional decimal number within `range`: `nil` when empty (or the column is absent).
    mutating func optionalDouble(_ column: String, in range: ClosedRange<Double>, what: String, zh: String) -> Double?? {
        let v = raw(column)
        if v.isEmpty { return .some(nil) }
        guard let d = Double(v), d.isFinite, range.contains(d) else {
            error(column, v, "expected \(what)", zh: "应为\(zh)"); return nil
        }
        return .some(d)
    }

    /// A required code from an enumeration.
    mutating func code<T: RawRepresentable & CaseIterable>(_ column: String, _ type: T.Type,
                                                           default defaultValue: T? = nil) -> T?
    where T.RawValue == String {
        let v = raw(column)
        if v.isEmpty, let defaultValue { return defaultValue }
        if let c = T(rawValue: v) ?? T(rawValue: v.lowercased()) { return c }
        // The Chinese codes of docs/data-format.md (小学, 城区, 县级 …; 无 for none).
        if let code = ChineseNames.codes[v], let c = T(rawValue: code) { return c }
        if v == ChineseNames.none, let c = T(rawValue: "none") { return c }
        let allowed = T.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        // In Chinese each code with its Chinese name where it has one: `primary`（小学）、`junior`（初中）…
        let allowedZh = T.allCases.map { c in
            "`\(c.rawValue)`" + (ChineseNames.chineseCodes[c.rawValue].map { "（\($0)）" } ?? "")
        }.joined(separator: "、")
        error(column, v.isEmpty ? nil : v, v.isEmpty ? "a value is required: one of \(allowed)" : "expected one of \(allowed)",
              zh: v.isEmpty ? "此项必填：应为以下代码之一：\(allowedZh)" : "应为以下代码之一：\(allowedZh)")
        return nil
    }
}
