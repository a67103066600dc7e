import CSV
import Foundation

/// Writes rows as RFC 4180 CSV text (LF line endings, a final newline), quoting only where needed, after a
/// UTF-8 byte-order mark (so that Excel shows Chinese text). For spreadsheets (the default), a text cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so that no spreadsheet
/// evaluates it as a formula (a name such as `=HYPERLINK(…)`); numbers (`-3.5`) stay numbers.
public enum CSVText {
    public static let byteOrderMark = "\u{FEFF}"

    public static func make(header: [String], rows: [[String]], forSpreadsheets: Bool = true) -> String {
        let rows = forSpreadsheets ? rows.map { $0.map(safeCell) } : rows
        let stream = OutputStream.toMemory()
        stream.open()
        defer { stream.close() }
        do {
            let writer = try CSVWriter(stream: stream)
            try writer.write(row: header)
            for row in rows { try writer.write(row: row) }
        } catch {
            // Writing to memory cannot fail; keep the signature total.
            preconditionFailure("CSV writing to memory failed: \(error)")
        }
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return byteOrderMark + String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A cell no spreadsheet evaluates: text starting with a formula character gets a leading `'`.
    public static func safeCell(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(cell) == nil else {
            return cell
        }
        return "'" + cell
    }

    /// CSV text without its byte-order mark, for reading back what `make` wrote.
    public static func withoutByteOrderMark(_ text: String) -> String {
        text.hasPrefix(byteOrderMark) ? String(text.dropFirst()) : text
    }
}
