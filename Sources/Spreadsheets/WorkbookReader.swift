import Foundation
import XMLCoder
import ZIPFoundation

/// Reads the sheets of an `.xlsx` workbook as text, with ZIPFoundation (the package) and XMLCoder (its parts):
/// shared and inline strings, numbers as their shortest decimal (`2015`, `0.15`), booleans as `TRUE`/`FALSE`,
/// formulas as their cached value. Bounded: at most ``Workbook/maximumBytes`` of file and
/// ``Workbook/maximumPartBytes`` of any part unpacked.
public struct WorkbookReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let archive: Archive
    private let file: String
    /// Sheet name → path of its part inside the archive, in the workbook's order.
    public let sheetNames: [String]
    private let sheetParts: [String: String]
    private var sharedStrings: [String]?

    public init(url: URL) throws {
        file = url.lastPathComponent
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int
        guard let size else { throw Failure(description: "cannot read the file (missing or unreadable): \(url.path)") }
        if size > Workbook.maximumBytes {
            throw Failure(description: "the file is \(size / 1_048_576) MiB; at most \(Workbook.maximumBytes / 1_048_576) MiB is read")
        }
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw Failure(description: "not an .xlsx workbook (it cannot be opened as a zip archive); save it from Excel as "
                          + "\"Excel Workbook (*.xlsx)\"")
        }
        let book: WorkbookXML = try Self.decode(archive, "xl/workbook.xml", file: file)
        let rels: RelationshipsXML = try Self.decode(archive, "xl/_rels/workbook.xml.rels", file: file)
        let targets = Dictionary(rels.relationship.map { ($0.id, $0.target) }, uniquingKeysWith: { a, _ in a })
        var names: [String] = [], parts: [String: String] = [:]
        for sheet in book.sheets.sheet ?? [] {
            guard let target = targets[sheet.id] else { continue }
            names.append(sheet.name)
            parts[sheet.name] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        sheetNames = names
        sheetParts = parts
    }

    /// The sheet named `name`, or nil when the workbook has none.
    public mutating func sheet(_ name: String) throws -> ReadSheet? {
        guard let part = sheetParts[name] else { return nil }
        if sharedStrings == nil {
            sharedStrings = archive["xl/sharedStrings.xml"] == nil ? []
                : try (Self.decode(archive, "xl/sharedStrings.xml", file: file) as SharedStringsXML).item.map(\.text)
        }
        let strings = sharedStrings ?? []
        let xml: WorksheetXML = try Self.decode(archive, part, file: file)
        var rows: [ReadSheet.Row] = []
        var next = 1
        for row in xml.sheetData.row ?? [] {
            let number = row.r ?? next
            next = number + 1
            var cells: [String] = []
            var nextColumn = 0
            for c in row.c ?? [] {
                let column = c.r.flatMap(Self.columnIndex) ?? nextColumn
                nextColumn = column + 1
                guard column < 16_384 else { continue }
                let value: String
                switch c.t {
                case "s":
                    guard let i = c.v.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), i >= 0, i < strings.count else {
                        throw Failure(description: "sheet \(name), cell \(c.r ?? "?"): a shared string that the workbook does not have")
                    }
                    value = strings[i]
                case "inlineStr": value = c.inline?.text ?? ""
                case "b": value = c.v == "1" ? "TRUE" : "FALSE"
                case "str", "e": value = c.v ?? ""
                default: value = c.v.map(Self.number) ?? ""
                }
                if value.isEmpty { continue }
                if cells.count < column { cells += Array(repeating: "", count: column - cells.count) }
                if cells.count == column { cells.append(value) } else { cells[column] = value }
            }
            rows.append(ReadSheet.Row(number: number, cells: cells))
        }
        return ReadSheet(name: name, rows: rows)
    }

    /// `B12` → 1 (column B).
    static func columnIndex(_ reference: String) -> Int? {
        var n = 0, letters = 0
        for u in reference.unicodeScalars {
            guard (65...90).contains(u.value) || (97...122).contains(u.value) else { break }
            n = n * 26 + Int((u.value & ~0x20) - 64)
            letters += 1
        }
        return letters == 0 || letters > 3 ? nil : n - 1
    }

    /// A number cell as its shortest decimal: `2015` not `2015.0`, `0.15` not `0.14999999999999999`.
    static func number(_ raw: String) -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard let d = Double(text), d.isFinite else { return text }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        var shortest = "\(d)"
        if shortest.contains("e") { shortest = String(format: "%.15g", d) }
        return shortest
    }

    private static func decode<T: Decodable>(_ archive: Archive, _ path: String, file: String) throws -> T {
        guard let entry = archive[path] else {
            throw Failure(description: "not an .xlsx workbook: it has no \(path)")
        }
        if entry.uncompressedSize > UInt64(Workbook.maximumPartBytes) {
            throw Failure(description: "\(path) unpacks to \(entry.uncompressedSize / 1_048_576) MiB; at most "
                          + "\(Workbook.maximumPartBytes / 1_048_576) MiB is read")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= Workbook.maximumPartBytes else {
                    throw Failure(description: "\(path) unpacks to more than \(Workbook.maximumPartBytes / 1_048_576) MiB")
                }
                data.append(chunk)
            }
        } catch let failure as Failure { throw failure } catch {
            throw Failure(description: "the workbook is damaged: \(path) cannot be unpacked (\(error))")
        }
        let decoder = XMLDecoder(trimValueWhitespaces: false)
        decoder.shouldProcessNamespaces = true
        do { return try decoder.decode(T.self, from: data) } catch {
            throw Failure(description: "the workbook is damaged: \(path) is not the XML Excel writes (\(error))")
        }
    }
}

// MARK: The parts of a workbook, as much of them as is read

private struct WorkbookXML: Decodable {
    struct Sheets: Decodable { let sheet: [SheetEntry]? }
    struct SheetEntry: Decodable {
        let name: String
        let id: String
        /// The relationship id is `r:id`, or `id` where the XML parser has taken the prefix off.
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            name = try c.decode(String.self, forKey: Key(stringValue: "name"))
            id = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "r:id"))
                ?? c.decode(String.self, forKey: Key(stringValue: "id"))
        }
    }
    let sheets: Sheets
}

private struct RelationshipsXML: Decodable {
    struct Relationship: Decodable {
        let id: String
        let target: String
        enum CodingKeys: String, CodingKey { case id = "Id", target = "Target" }
    }
    let relationship: [Relationship]
    enum CodingKeys: String, CodingKey { case relationship = "Relationship" }
}

/// `<t>` with its text (and perhaps `xml:space`).
private struct TextXML: Decodable {
    let value: String?
    enum CodingKeys: String, CodingKey { case value = "" }
}

/// A string: plain (`<t>`) or rich (runs `<r><t>…</t></r>`); phonetic runs (`<rPh>`) are not part of it.
private struct StringItemXML: Decodable {
    struct Run: Decodable { let t: TextXML? }
    let t: TextXML?
    let r: [Run]?
    var text: String { (t?.value ?? "") + (r ?? []).map { $0.t?.value ?? "" }.joined() }
}

private struct SharedStringsXML: Decodable {
    let item: [StringItemXML]
    enum CodingKeys: String, CodingKey { case item = "si" }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        item = try c.decodeIfPresent([StringItemXML].self, forKey: .item) ?? []
    }
}

private struct WorksheetXML: Decodable {
    struct SheetData: Decodable { let row: [RowXML]? }
    struct RowXML: Decodable {
        let r: Int?
        let c: [CellXML]?
    }
    struct CellXML: Decodable {
        let r: String?
        let t: String?
        let v: String?
        let inline: StringItemXML?
        enum CodingKeys: String, CodingKey { case r, t, v, inline = "is" }
    }
    let sheetData: SheetData
}
