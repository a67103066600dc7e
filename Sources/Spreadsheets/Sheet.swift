import Foundation

/// One cell of a sheet as written: text (always stored as text, never evaluated, whatever it starts with),
/// a number shown with a fixed number of decimals, or nothing.
public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double, decimals: Int)
    case empty

    public static func integer(_ n: Int) -> Cell { .number(Double(n), decimals: 0) }
    /// A number, or an empty cell when there is none.
    public static func number(_ d: Double?, decimals: Int) -> Cell { d.map { .number($0, decimals: decimals) } ?? .empty }

    /// The cell as a reader of the workbook sees its value (numbers as their shortest decimal).
    public var shown: String {
        switch self {
        case .text(let s): return s
        case .empty: return ""
        case .number(let d, let decimals): return Workbook.format(d, decimals: decimals)
        }
    }
}

/// A sheet to write: a header row (bold, frozen) and rows of cells.
public struct Sheet: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[Cell]]
    public init(name: String, header: [String], rows: [[Cell]]) { self.name = name; self.header = header; self.rows = rows }

    /// A sheet of two columns, label and value: a summary.
    public static func pairs(name: String, header: [String], _ pairs: [(String, Cell)]) -> Sheet {
        Sheet(name: name, header: header, rows: pairs.map { [.text($0.0), $0.1] })
    }
}

/// A sheet as read: its name and its rows, each with its row number as Excel shows it (1 for the first) and its
/// cells from column A on as text ("" for an empty cell).
public struct ReadSheet: Sendable {
    public struct Row: Sendable {
        public let number: Int
        public let cells: [String]
    }
    public var name: String
    public var rows: [Row]
}

public enum Workbook {
    /// The most bytes a workbook may have (32 MiB, as a CSV file), and any one part of it unpacked (128 MiB):
    /// reading is bounded on any input, a zip bomb included.
    public static let maximumBytes = 32 * 1_048_576
    public static let maximumPartBytes = 128 * 1_048_576

    /// The creation time written into a workbook of school year `year`: 1 September, 00:00 UTC. A fixed time,
    /// so that the same plan gives the same bytes.
    public static func created(year: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: 9, day: 1)) ?? Date(timeIntervalSince1970: 0)
    }

    static func format(_ d: Double, decimals: Int) -> String {
        if decimals == 0, d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(format: "%.\(decimals)f", d)
    }
}
