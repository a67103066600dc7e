/// How wide text shows in a terminal or a spreadsheet column: East Asian wide and full-width characters
/// (Chinese, full-width punctuation) take two columns, combining marks none, everything else one.
public enum TextWidth {
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    /// `text` padded with spaces to `width` display columns (left-aligned), or to the right when `right`.
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(text)))
        return right ? fill + text : text + fill
    }

    /// Rows of cells as lines of aligned columns, two spaces apart; the first `leftAligned` columns are
    /// left-aligned, the rest right-aligned (figures).
    public static func table(_ rows: [[String]], leftAligned: Int = 1, indent: String = "") -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? of($0[c]) : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = indent
            for (c, cell) in row.enumerated() {
                if c > 0 { line += "  " }
                line += pad(cell, to: widths[c], right: c >= leftAligned)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    static func width(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0 { return 0 }
        if s.properties.generalCategory == .nonspacingMark || s.properties.generalCategory == .enclosingMark
            || (0x200B...0x200F).contains(v) || v == 0xFEFF { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) { return 2 }
        return 1
    }
}
