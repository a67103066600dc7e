import CSV
import Foundation
import Spreadsheets

/// A CSV file read into rows of named cells, each row with the physical line where it starts.
///
/// UTF-8 with or without a byte-order mark, LF or CRLF line endings, RFC 4180 quoting (by CSV.swift).
/// Header names are trimmed and lower-cased; columns may come in any order.
struct CSVTable {
    struct Row {
        /// Physical line of the file where the record starts (the header is line 1).
        let line: Int
        let cells: [String]
    }

    let file: String
    let header: [String]
    let rows: [Row]
    private let position: [String: Int]

    /// The largest file read (32 MiB): reading is bounded on any input.
    static let maximumBytes = 32 * 1_048_576

    /// Reads `url`, recording every problem in `issues`. Returns `nil` when the file cannot be used at all.
    static func read(_ url: URL, name: String, issues: inout DataIssues) -> CSVTable? {
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size > maximumBytes {
            issues.error(name, "the file is \(size / 1_048_576) MiB; at most \(maximumBytes / 1_048_576) MiB is read "
                         + "(a county of 50,000 teachers is about 8 MiB): is it the right file?",
                         zh: "文件大小为 \(size / 1_048_576) MiB，最多只读取 \(maximumBytes / 1_048_576) MiB"
                             + "（一个有 50,000 名教师的县约为 8 MiB）：请确认是否选对了文件")
            return nil
        }
        guard let data = try? Data(contentsOf: url) else {
            issues.error(name, "cannot read the file (missing or unreadable): \(url.path)",
                         zh: "无法读取文件（文件不存在或无法读取）：\(url.path)")
            return nil
        }
        return parse(data, name: name, issues: &issues)
    }

    static func parse(_ data: Data, name: String, issues: inout DataIssues) -> CSVTable? {
        guard var text = String(data: data, encoding: .utf8) else {
            let bad = firstInvalidUTF8(data)
            issues.error(name, line: bad.line, "the file is not UTF-8 text (invalid byte at line \(bad.line), "
                         + "byte offset \(bad.offset)); save it as \"CSV UTF-8\"",
                         zh: "文件不是 UTF-8 编码的文本（第 \(bad.line) 行有无效字节，字节偏移 \(bad.offset)）；"
                             + "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”格式")
            return nil
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // One line ending for everything: line numbers and embedded line breaks are then counted alike.
        text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false)
        } catch {
            issues.error(name, "cannot parse the file as CSV: \(error)",
                         zh: "无法按 CSV 格式解析文件：\(ChineseMessages.csvProblem(error))")
            return nil
        }
        var records: [Row] = []
        var line = 1
        while let fields = reader.next() {
            let start = line
            line += 1 + fields.reduce(0) { $0 + $1.utf8.count { $0 == 0x0A } }
            records.append(Row(line: start, cells: fields))
        }
        if let error = reader.error {
            issues.error(name, line: line, "cannot parse the file as CSV: \(error)",
                         zh: "无法按 CSV 格式解析文件：\(ChineseMessages.csvProblem(error))")
            return nil
        }
        return make(records: records, name: name, issues: &issues)
    }

    /// A sheet of a workbook (`county.xlsx`) as a table: rows numbered as Excel numbers them, a row shorter than
    /// the header padded with empty cells (Excel leaves trailing empty cells out).
    static func make(sheet: ReadSheet, name: String, issues: inout DataIssues) -> CSVTable? {
        let width = sheet.rows.first?.cells.count ?? 0
        var records: [Row] = []
        for (i, row) in sheet.rows.enumerated() {
            let cells = i > 0 && row.cells.count < width ? row.cells + Array(repeating: "", count: width - row.cells.count) : row.cells
            records.append(Row(line: row.number, cells: cells))
        }
        return make(records: records, name: name, issues: &issues)
    }

    /// The table of records read from a file or a sheet: the first is the header.
    private static func make(records: [Row], name: String, issues: inout DataIssues) -> CSVTable? {
        guard let headerRow = records.first, !(headerRow.cells.count == 1 && headerRow.cells[0].isEmpty) else {
            issues.error(name, line: 1, "the file is empty; expected a header row", zh: "文件为空，应有表头行")
            return nil
        }
        // Chinese column names (docs/data-format.md) read as their English ones.
        let aliases = ChineseNames.columns[name] ?? [:]
        let written = headerRow.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        let header = written.map { aliases[$0] ?? $0.lowercased() }
        var position: [String: Int] = [:]
        for (i, h) in header.enumerated() {
            if h.isEmpty { continue }
            if let first = position[h] {
                issues.error(name, line: 1, column: h, written[first] == written[i]
                             ? "the column appears twice in the header"
                             : "the column is given twice, as \(written[first]) and as \(written[i]): keep one",
                             zh: written[first] == written[i]
                             ? "表头中此列出现了两次"
                             : "此列给出了两次，分别为 \(written[first]) 和 \(written[i])：请只保留一个")
            } else {
                position[h] = i
            }
        }
        var rows: [Row] = []
        for record in records.dropFirst() {
            if record.cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                if record.cells.count > 1 {
                    issues.warning(name, line: record.line, "an empty row (only separators) was skipped",
                                   zh: "空行（只有分隔符）已跳过")
                }
                continue
            }
            if record.cells.count != header.count {
                issues.error(name, line: record.line, value: record.cells.joined(separator: ","),
                             "the row has \(record.cells.count) fields but the header has \(header.count); "
                             + "quote values that hold commas (\"a, b\")",
                             zh: "该行有 \(record.cells.count) 个字段，而表头有 \(header.count) 列；"
                                 + "含逗号的值请用英文双引号括起来（\"a, b\"）")
                continue
            }
            rows.append(record)
        }
        return CSVTable(file: name, header: header, rows: rows, position: position)
    }

    private init(file: String, header: [String], rows: [Row], position: [String: Int]) {
        self.file = file; self.header = header; self.rows = rows; self.position = position
    }

    func has(_ column: String) -> Bool { position[column] != nil }

    /// The trimmed cell, or "" when the column is absent.
    func cell(_ row: Row, _ column: String) -> String {
        guard let i = position[column], i < row.cells.count else { return "" }
        return row.cells[i].trimmingCharacters(in: .whitespaces)
    }

    /// Checks that `required` columns are present and warns about columns outside `known`.
    func checkColumns(required: [String], known: Set<String>, issues: inout DataIssues) -> Bool {
        var ok = true
        for column in required where position[column] == nil {
            issues.error(file, line: 1, column: column,
                         "required column is missing from the header (found: \(header.joined(separator: ", ")))",
                         zh: "表头中缺少此必填列（现有列：\(header.joined(separator: "、"))）")
            ok = false
        }
        for column in header where !column.isEmpty && !known.contains(column) {
            issues.warning(file, line: 1, column: column, "unknown column, ignored", zh: "无法识别的列，已忽略")
        }
        return ok
    }

    private static func firstInvalidUTF8(_ data: Data) -> (line: Int, offset: Int) {
        var line = 1, i = 0
        let bytes = [UInt8](data)
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (line, i)
            }
            if i + length > bytes.count { return (line, i) }
            if length > 1, !bytes[(i + 1)..<(i + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) { return (line, i) }
            if length > 1, String(bytes: bytes[i..<(i + length)], encoding: .utf8) == nil { return (line, i) }
            if b == 0x0A { line += 1 }
            i += length
        }
        return (line, i)
    }
}
