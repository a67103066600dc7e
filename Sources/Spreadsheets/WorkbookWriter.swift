import CXLSXWriter
import Foundation
import OutputFiles

/// Writes sheets as an `.xlsx` workbook through libxlsxwriter: a bold, frozen header row, column widths that fit
/// the longest value (Chinese characters counted double), numbers as numbers and text as text — a text cell is
/// stored as a string, so a name like `=HYPERLINK(…)` is shown, never evaluated.
public enum WorkbookWriter {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The bytes of the workbook. `created` is written as the document's creation time, so the same sheets give
    /// the same bytes.
    public static func data(_ sheets: [Sheet], created: Date) throws -> Data {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("rotation-xlsx-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("book.xlsx").path
        try write(sheets, to: path, scratch: folder.path, created: created)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// The longest text Excel keeps in a cell.
    static let maximumText = 32_767

    private static func write(_ sheets: [Sheet], to path: String, scratch: String, created: Date) throws {
        let book: UnsafeMutablePointer<lxw_workbook>? = scratch.withCString { dir in
            var options = lxw_workbook_options()
            options.tmpdir = UnsafeMutablePointer(mutating: dir)
            options.constant_memory = 0
            return workbook_new_opt(path, &options)
        }
        guard let book else { throw Failure(description: "cannot create the workbook \(path)") }
        var properties = lxw_doc_properties()
        properties.created = time_t(created.timeIntervalSince1970)
        workbook_set_properties(book, &properties)
        let bold = workbook_add_format(book)
        format_set_bold(bold)
        format_set_text_wrap(bold)
        format_set_align(bold, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        var numberFormats: [Int: UnsafeMutablePointer<lxw_format>?] = [:]
        func numberFormat(_ decimals: Int) -> UnsafeMutablePointer<lxw_format>? {
            if let f = numberFormats[decimals] { return f }
            let f = workbook_add_format(book)
            format_set_num_format(f, decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals))
            numberFormats[decimals] = f
            return f
        }
        for sheet in sheets {
            guard let ws = workbook_add_worksheet(book, sheet.name) else {
                workbook_close(book)
                throw Failure(description: "cannot add the sheet \(sheet.name)")
            }
            var widths = sheet.header.map { min(30, TextWidth.of($0)) }
            for (c, title) in sheet.header.enumerated() {
                worksheet_write_string(ws, 0, lxw_col_t(c), title, bold)
            }
            for (r, row) in sheet.rows.enumerated() {
                let rowIndex = lxw_row_t(r + 1)
                for (c, cell) in row.enumerated() {
                    let col = lxw_col_t(c)
                    switch cell {
                    case .text(let s):
                        let text = s.count > maximumText ? String(s.prefix(maximumText - 1)) + "…" : s
                        worksheet_write_string(ws, rowIndex, col, text, nil)
                    case .number(let d, let decimals):
                        if d.isFinite { worksheet_write_number(ws, rowIndex, col, d, numberFormat(decimals)) }
                    case .empty:
                        break
                    }
                    if c >= widths.count { widths.append(0) }
                    widths[c] = max(widths[c], TextWidth.of(cell.shown))
                }
            }
            for (c, w) in widths.enumerated() {
                worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), Double(min(60, max(6, w + 2))), nil)
            }
            worksheet_freeze_panes(ws, 1, 0)
        }
        let status = workbook_close(book)
        guard status == LXW_NO_ERROR else {
            throw Failure(description: "cannot write the workbook: \(String(cString: lxw_strerror(status)))")
        }
    }
}
