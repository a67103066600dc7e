/// One problem found in a county dataset, pointing at the cell: file, line, column, the value found and
/// what was expected.
public struct DataIssue: Sendable, Equatable, CustomStringConvertible, Codable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var severity: Severity
    /// File name inside the dataset (`teachers.csv`), or the path of a `--policy` file.
    public var file: String
    /// The sheet, when `file` is a workbook (`county.xlsx`); `line` is then the row as Excel numbers it.
    public var sheet: String?
    /// Physical line of the file (the header is line 1); `nil` for a problem with the whole file.
    public var line: Int?
    /// Column name from the header (CSV) or the key path (YAML); `nil` for a whole-row problem.
    public var column: String?
    /// The value as found, when there is one.
    public var value: String?
    /// What was wrong and what is expected, in a sentence.
    public var message: String

    public init(_ severity: Severity, file: String, line: Int? = nil, column: String? = nil, value: String? = nil,
                _ message: String) {
        self.severity = severity; self.file = file; self.line = line; self.column = column
        self.value = value; self.message = message
    }

    /// `teachers.csv:12: column school_id: value "S99": no school with this id in schools.csv`, or for a
    /// workbook `county.xlsx, sheet 教师, row 12: column school_id: …`.
    public var description: String {
        var place = file
        if let sheet {
            place += ", sheet \(sheet)"
            if let line { place += ", row \(line)" }
        } else if let line { place += ":\(line)" }
        var parts = [place]
        if let column { parts.append("column \(column)") }
        if let value { parts.append("value \"\(value)\"") }
        return "\(severity.rawValue): " + parts.joined(separator: ": ") + ": " + message
    }
}

/// The problems found while reading a dataset, in the order found.
public struct DataIssues: Sendable {
    /// How many problems of each severity are kept in full; past that they are only counted, per file, so that
    /// a file of millions of bad rows costs no more memory than a few hundred messages.
    public static let listed = 300

    public private(set) var all: [DataIssue] = []
    /// Problems counted but not kept, per severity and file.
    public private(set) var unlisted: [DataIssue.Severity: [String: Int]] = [:]
    public init() {}

    public var errors: [DataIssue] { all.filter { $0.severity == .error } }
    public var warnings: [DataIssue] { all.filter { $0.severity == .warning } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    private var kept: [DataIssue.Severity: Int] = [:]

    /// Every error found, listed or not.
    public var errorCount: Int { count(.error) }
    public var warningCount: Int { count(.warning) }
    private func count(_ severity: DataIssue.Severity) -> Int {
        (kept[severity] ?? 0) + (unlisted[severity]?.values.reduce(0, +) ?? 0)
    }

    /// "… and 7,142,558 more errors (teachers.csv 7,142,558)" for each severity with problems not listed.
    public var unlistedSummary: [String] {
        [DataIssue.Severity.error, .warning].compactMap { severity in
            guard let files = unlisted[severity], !files.isEmpty else { return nil }
            let total = files.values.reduce(0, +)
            return "… and \(total) more \(severity.rawValue)\(total == 1 ? "" : "s") ("
                + files.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
    }

    private mutating func add(_ issue: DataIssue) {
        if (kept[issue.severity] ?? 0) < Self.listed {
            all.append(issue)
            kept[issue.severity, default: 0] += 1
        } else {
            unlisted[issue.severity, default: [:]][issue.file, default: 0] += 1
        }
    }

    public mutating func error(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil,
                               _ message: String) {
        add(DataIssue(.error, file: file, line: line, column: column, value: value, message))
    }
    public mutating func warning(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil,
                                 _ message: String) {
        add(DataIssue(.warning, file: file, line: line, column: column, value: value, message))
    }
    /// The problems found in the files of `sheets` (file name → sheet: tables read from a workbook) as problems
    /// of `workbook`'s sheets; the files' names in messages become the sheets'.
    public mutating func relabel(_ sheets: [String: String], as workbook: String) {
        let names = sheets.sorted { $0.key < $1.key }
        for i in all.indices {
            for (file, sheet) in names {
                all[i].message = all[i].message.replacingOccurrences(of: file, with: "sheet \(sheet)")
            }
            guard let sheet = sheets[all[i].file] else { continue }
            all[i].file = workbook
            all[i].sheet = sheet
        }
        for severity in unlisted.keys {
            for (file, sheet) in names {
                if let n = unlisted[severity]?.removeValue(forKey: file) {
                    unlisted[severity]![workbook + " (" + sheet + ")", default: 0] += n
                }
            }
        }
    }

    public mutating func append(contentsOf other: DataIssues) {
        for issue in other.all { add(issue) }
        for (severity, files) in other.unlisted {
            for (file, n) in files { unlisted[severity, default: [:]][file, default: 0] += n }
        }
    }
}

/// Reading stopped because the dataset has errors. Every problem found is listed, not only the first.
public struct InvalidDataset: Error, Sendable, CustomStringConvertible {
    public var issues: [DataIssue]
    /// Problems counted but not listed ("… and 812 more errors (teachers.csv 812)").
    public var unlisted: [String] = []
    /// Every error found, listed or not.
    public var errorCount: Int
    public init(issues: [DataIssue]) { self.issues = issues; errorCount = issues.count { $0.severity == .error } }
    public init(_ found: DataIssues) { issues = found.all; unlisted = found.unlistedSummary; errorCount = found.errorCount }
    /// A single error.
    public init(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil, _ message: String) {
        var issues = DataIssues()
        issues.error(file, line: line, column: column, value: value, message)
        self.issues = issues.all
        errorCount = 1
    }
    public var description: String {
        let errors = issues.filter { $0.severity == .error }
        return "\(errorCount) error(s) in the dataset:\n" + (errors.map { "  \($0)" } + unlisted.map { "  \($0)" }).joined(separator: "\n")
    }
}
