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

    mutating func error(_ column: String?, _ value: String?, _ message: String) {
        issues.error(table.file, line: row.line, column: column, value: value, message)
    }
    mutating func warning(_ column: String?, _ value: String?, _ message: String) {
        issues.warning(table.file, line: row.line, column: column, value: value, message)
    }

    /// A required text cell.
    mutating func text(_ column: String) -> String? {
        let v = raw(column)
        if v.isEmpty { error(column, nil, "a value is required"); return nil }
        return v
    }

    /// An optional text cell: `nil` when empty.
    func optionalText(_ column: String) -> String? {
        let v = raw(column)
        return v.isEmpty ? nil : v
    }

    /// A required integer within `range`.
    mutating func int(_ column: String, in range: ClosedRange<Int>, what: String) -> Int? {
        let v = raw(column)
        if v.isEmpty { error(column, nil, "a value is required: \(what)"); return nil }
        return parseInt(column, v, range, what)
    }

    /// An optional integer within `range`: `nil` when empty.
    mutating func optionalInt(_ column: String, in range: ClosedRange<Int>, what: String) -> Int?? {
        let v = raw(column)
        if v.isEmpty { return .some(nil) }
        guard let n = parseInt(column, v, range, what) else { return nil }
        return .some(n)
    }

    private mutating func parseInt(_ column: String, _ v: String, _ range: ClosedRange<Int>, _ what: String) -> Int? {
        // Spreadsheets sometimes write whole numbers as "12.0".
        var text = v
        if text.hasSuffix(".0") { text.removeLast(2) }
        guard let n = Int(text), range.contains(n) else {
            error(column, v, "expected \(what)")
            return nil
        }
        return n
    }

    /// A required decimal number within `range`.
    mutating func double(_ column: String, in range: ClosedRange<Double>, what: String) -> Double? {
        let v = raw(column)
        if v.isEmpty { error(column, nil, "a value is required: \(what)"); return nil }
        guard let d = Double(v), d.isFinite, range.contains(d) else { error(column, v, "expected \(what)"); return nil }
        return d
    }

    /// An optional decimal number within `range`: `nil` when empty (or the column is absent).
    mutating func optionalDouble(_ column: String, in range: ClosedRange<Double>, what: String) -> Double?? {
        let v = raw(column)
        if v.isEmpty { return .some(nil) }
        guard let d = Double(v), d.isFinite, range.contains(d) else { error(column, v, "expected \(what)"); return nil }
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
        error(column, v.isEmpty ? nil : v, v.isEmpty ? "a value is required: one of \(allowed)" : "expected one of \(allowed)")
        return nil
    }
}
