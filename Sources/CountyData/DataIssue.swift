import RotationModel

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
    /// The same sentence in Chinese, for `rotation validate --lang zh`; `nil` when none was given (``text(_:)``
    /// then shows `message`).
    public var chinese: String?

    public init(_ severity: Severity, file: String, line: Int? = nil, column: String? = nil, value: String? = nil,
                _ message: String, zh chinese: String? = nil) {
        self.severity = severity; self.file = file; self.line = line; self.column = column
        self.value = value; self.message = message; self.chinese = chinese
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

    /// The issue in `language`: `en` is ``description``; anything else reads as Chinese,
    /// `错误：teachers.csv 第 214 行：列 school_id（现任教学校）：值 "S099"：schools.csv 中没有此代码的学校`, or for a
    /// workbook `错误：county.xlsx 工作表 教师 第 214 行：列 school_id（现任教学校）：…`. A key of a policy file (any file
    /// that is not a CSV file or a sheet) is named `键 rotation_rate（交流比例）`.
    public func text(_ language: String) -> String {
        if language == "en" { return description }
        var place = file
        if let sheet { place += " 工作表 \(sheet)" }
        if let line { place += " 第 \(line) 行" }
        var parts = [place]
        if let column { parts.append(chineseColumn(column)) }
        if let value { parts.append("值 \"\(Self.chineseValues[value] ?? value)\"") }
        return (severity == .error ? "错误" : "警告") + "：" + parts.joined(separator: "：") + "：" + (chinese ?? message)
    }

    /// `列 school_id（现任教学校）` for a column of a county file or sheet, `键 year（规划学年）` for a policy key.
    private func chineseColumn(_ column: String) -> String {
        let isTable = sheet != nil || ChineseNames.columns[file] != nil || file.lowercased().hasSuffix(".csv")
        let name: String?
        if isTable {
            // A sheet stands for one file; the file of an unknown sheet is unknown, so every file's names are tried.
            let files = sheet.flatMap { s in CountyReader.sheets.first { $0.names.contains(s) }?.file }.map { [$0] }
                ?? (sheet == nil && ChineseNames.columns[file] != nil ? [file] : ChineseNames.files)
            name = files.lazy.compactMap { ChineseNames.chineseColumns[$0]?[column] }.first
        } else {
            name = Policy.key(column)?.chinese
        }
        return (isTable ? "列 " : "键 ") + column + (name.map { "（\($0)）" } ?? "")
    }

    /// The placeholders written as values where a policy value is not a scalar.
    private static let chineseValues = ["(a mapping)": "（映射）", "(a list)": "（列表）"]
}

/// The problems found while reading a dataset, in the order found.
public struct DataIssues: Sendable {
    /// How many problems of each severity are kept in full; past that they are only counted, per file, so that
    /// a file of millions of bad rows costs no more memory than a few hundred messages.
    public static let listed = 300

    public private(set) var all: [DataIssue] = []
    /// Problems counted but not kept, per severity and file.
    public private(set) var unlisted: [DataIssue.Severity: [String: Int]] = [:]
    /// The Chinese names of the keys of `unlisted` that are not file names: `county.xlsx (教师)` → `county.xlsx 工作表 教师`.
    private var chineseKeys: [String: String] = [:]
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

    /// ``unlistedSummary`` in `language`: `en` is the English; anything else reads as Chinese,
    /// "…… 另有 812344 个错误（teachers.csv 812344）".
    public func unlistedSummary(_ language: String) -> [String] {
        if language == "en" { return unlistedSummary }
        return [DataIssue.Severity.error, .warning].compactMap { severity in
            guard let files = unlisted[severity], !files.isEmpty else { return nil }
            let total = files.values.reduce(0, +)
            return "…… 另有 \(total) 个\(severity == .error ? "错误" : "警告")（"
                + files.sorted { $0.key < $1.key }.map { "\(chineseKeys[$0.key] ?? $0.key) \($0.value)" }.joined(separator: "，")
                + "）"
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

    /// Records an error: `message` in English, `zh` the same in Chinese.
    public mutating func error(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil,
                               _ message: String, zh: String) {
        add(DataIssue(.error, file: file, line: line, column: column, value: value, message, zh: zh))
    }
    /// Records a warning: `message` in English, `zh` the same in Chinese.
    public mutating func warning(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil,
                                 _ message: String, zh: String) {
        add(DataIssue(.warning, file: file, line: line, column: column, value: value, message, zh: zh))
    }
    /// The problems found in the files of `sheets` (file name → sheet: tables read from a workbook) as problems
    /// of `workbook`'s sheets; the files' names in messages become the sheets' (`sheet 学校`, in Chinese `工作表 学校`).
    public mutating func relabel(_ sheets: [String: String], as workbook: String) {
        let names = sheets.sorted { $0.key < $1.key }
        for i in all.indices {
            for (file, sheet) in names {
                all[i].message = all[i].message.replacingOccurrences(of: file, with: "sheet \(sheet)")
                all[i].chinese = all[i].chinese?.replacingOccurrences(of: file, with: "工作表 \(sheet)")
            }
            guard let sheet = sheets[all[i].file] else { continue }
            all[i].file = workbook
            all[i].sheet = sheet
        }
        for severity in unlisted.keys {
            for (file, sheet) in names {
                if let n = unlisted[severity]?.removeValue(forKey: file) {
                    unlisted[severity]![workbook + " (" + sheet + ")", default: 0] += n
                    chineseKeys[workbook + " (" + sheet + ")"] = workbook + " 工作表 " + sheet
                }
            }
        }
    }

    public mutating func append(contentsOf other: DataIssues) {
        for issue in other.all { add(issue) }
        for (severity, files) in other.unlisted {
            for (file, n) in files { unlisted[severity, default: [:]][file, default: 0] += n }
        }
        chineseKeys.merge(other.chineseKeys) { a, _ in a }
    }
}

/// Reading stopped because the dataset has errors. Every problem found is listed, not only the first.
public struct InvalidDataset: Error, Sendable, CustomStringConvertible {
    public var issues: [DataIssue]
    /// Problems counted but not listed ("… and 812 more errors (teachers.csv 812)").
    public var unlisted: [String] = []
    /// The same in Chinese ("…… 另有 812 个错误（teachers.csv 812）"), line for line.
    public var unlistedChinese: [String] = []
    /// Every error found, listed or not.
    public var errorCount: Int
    public init(issues: [DataIssue]) { self.issues = issues; errorCount = issues.count { $0.severity == .error } }
    public init(_ found: DataIssues) {
        issues = found.all; unlisted = found.unlistedSummary; unlistedChinese = found.unlistedSummary("zh")
        errorCount = found.errorCount
    }
    /// A single error; `zh` is the message in Chinese (without it, the Chinese text shows the English message).
    public init(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil, _ message: String,
                zh: String? = nil) {
        issues = [DataIssue(.error, file: file, line: line, column: column, value: value, message, zh: zh)]
        errorCount = 1
    }
    public var description: String {
        let errors = issues.filter { $0.severity == .error }
        return "\(errorCount) error(s) in the dataset:\n" + (errors.map { "  \($0)" } + unlisted.map { "  \($0)" }).joined(separator: "\n")
    }
    /// The errors in `language`: `en` is ``description``; anything else reads as Chinese, `数据集中有 N 个错误：` and
    /// each error's Chinese line.
    public func text(_ language: String) -> String {
        if language == "en" { return description }
        let errors = issues.filter { $0.severity == .error }
        let rest = unlistedChinese.count == unlisted.count ? unlistedChinese : unlisted
        return "数据集中有 \(errorCount) 个错误：\n"
            + (errors.map { "  " + $0.text(language) } + rest.map { "  \($0)" }).joined(separator: "\n")
    }
}
