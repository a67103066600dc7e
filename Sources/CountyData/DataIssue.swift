/// One problem found in a county dataset, pointing at the cell: file, line, column, the value found and
/// what was expected.
public struct DataIssue: Sendable, Equatable, CustomStringConvertible, Codable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var severity: Severity
    /// File name inside the dataset (`teachers.csv`), or the path of a `--policy` file.
    public var file: String
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

    /// `teachers.csv:12: column school_id: value "S99": no school with this id in schools.csv`
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        var parts = [place]
        if let column { parts.append("column \(column)") }
        if let value { parts.append("value \"\(value)\"") }
        return "\(severity.rawValue): " + parts.joined(separator: ": ") + ": " + message
    }
}

/// The problems found while reading a dataset, in the order found.
public struct DataIssues: Sendable {
    public private(set) var all: [DataIssue] = []
    public init() {}

    public var errors: [DataIssue] { all.filter { $0.severity == .error } }
    public var warnings: [DataIssue] { all.filter { $0.severity == .warning } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    public mutating func error(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil,
                               _ message: String) {
        all.append(DataIssue(.error, file: file, line: line, column: column, value: value, message))
    }
    public mutating func warning(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil,
                                 _ message: String) {
        all.append(DataIssue(.warning, file: file, line: line, column: column, value: value, message))
    }
    public mutating func append(contentsOf other: DataIssues) { all += other.all }
}

/// Reading stopped because the dataset has errors. Every problem found is listed, not only the first.
public struct InvalidDataset: Error, Sendable, CustomStringConvertible {
    public var issues: [DataIssue]
    public init(issues: [DataIssue]) { self.issues = issues }
    /// A single error.
    public init(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil, _ message: String) {
        var issues = DataIssues()
        issues.error(file, line: line, column: column, value: value, message)
        self.issues = issues.all
    }
    public var description: String {
        let errors = issues.filter { $0.severity == .error }
        return "\(errors.count) error(s) in the dataset:\n" + errors.map { "  \($0)" }.joined(separator: "\n")
    }
}
