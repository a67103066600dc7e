import CSV
import CountyData
import Foundation
import OutputFiles
import RotationModel

/// A plan folder as `adopt` reads it: its year (summary.json) and its moves (transfers.csv, with `kind` and
/// `term_end_year`; a list without `kind` is read as transfers), checked against the county it is adopted into.
public struct PlanFolder: Sendable {
    public var year: Int
    public var status: String
    public var moves: [AdoptedMove]

    public init(_ folder: URL, county: County) throws {
        let summaryURL = folder.appendingPathComponent("summary.json")
        guard let data = try? Data(contentsOf: summaryURL),
              let summary = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let year = summary["year"] as? Int else {
            throw InvalidDataset(summaryURL.path, "cannot read the plan's summary.json: is \(folder.path) a plan folder written by `rotation plan`?",
                                 zh: "无法读取方案的 summary.json：\(folder.path) 是 rotation plan 写出的方案文件夹吗？")
        }
        self.year = year
        status = summary["status"] as? String ?? ""
        let file = folder.appendingPathComponent("transfers.csv")
        func fail(_ line: Int?, _ column: String?, _ value: String?, _ en: String, _ zh: String) -> InvalidDataset {
            InvalidDataset(file.path, line: line, column: column, value: value, en, zh: zh)
        }
        guard let text = try? String(contentsOf: file, encoding: .utf8),
              let reader = try? CSVReader(string: CSVText.withoutByteOrderMark(text), hasHeaderRow: true) else {
            throw fail(nil, nil, nil, "cannot read the plan's transfer list", "无法读取方案的交流名单")
        }
        let header = reader.headerRow ?? []
        var index: [String: Int] = [:]
        for column in ["teacher_id", "from_school_id", "to_school_id"] {
            guard let i = header.firstIndex(of: column) else { throw fail(1, column, nil, "the column is missing", "缺少此列") }
            index[column] = i
        }
        let kindColumn = header.firstIndex(of: "kind"), endColumn = header.firstIndex(of: "term_end_year")
        var moves: [AdoptedMove] = []
        var seen = Set<String>()
        var line = 1
        while let row = reader.next() {
            line += 1
            guard row.count == header.count else {
                throw fail(line, nil, nil, "expected \(header.count) cells, found \(row.count)", "应有 \(header.count) 个单元格，实有 \(row.count) 个")
            }
            let id = row[index["teacher_id"]!], from = row[index["from_school_id"]!], to = row[index["to_school_id"]!]
            guard seen.insert(id).inserted else { throw fail(line, "teacher_id", id, "the teacher appears twice", "该教师出现了两次") }
            guard let t = county.teacherIndex[id] else {
                throw fail(line, "teacher_id", id, "no teacher with this id in the county: was the plan made from it?",
                           "本县数据中没有此教师：该方案是用这份数据做的吗？")
            }
            guard county.teachers[t].schoolID == from else {
                throw fail(line, "from_school_id", from, "the county has this teacher at \(county.teachers[t].schoolID): was the plan made from it?",
                           "本县数据中该教师在 \(county.teachers[t].schoolID)：该方案是用这份数据做的吗？")
            }
            guard county.schoolIndex[to] != nil else {
                throw fail(line, "to_school_id", to, "no school with this id in the county", "本县数据中没有此学校")
            }
            let kindText = kindColumn.map { row[$0] } ?? "transfer"
            guard let kind = MoveKind(rawValue: kindText.isEmpty ? "transfer" : kindText) else {
                throw fail(line, "kind", kindText, "expected transfer, term or return", "应为 transfer（调动）、term（支教/交流）或 return（期满返回）")
            }
            var end: Int?
            if kind == .term || kind == .learner {
                guard let e = endColumn.flatMap({ Int(row[$0]) }) else {
                    throw fail(line, "term_end_year", endColumn.map { row[$0] }, "a term needs its last school year", "按期交流须有交流期满学年")
                }
                end = e
            }
            moves.append(AdoptedMove(teacherID: id, fromSchoolID: from, toSchoolID: to, kind: kind, termEndYear: end))
        }
        self.moves = moves
    }
}
