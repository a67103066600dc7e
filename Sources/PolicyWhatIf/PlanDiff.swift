import OutputFiles
import CSV
import CountyData
import Foundation
import RotationModel
import RotationPlanner

/// Teachers whose destination differs between two plan folders (their `transfers.csv`).
public struct PlanDiff: Sendable {
    public struct Row: Sendable, Equatable {
        public var teacherID: String
        public var teacherName: String
        public var subject: String
        public var from: String
        /// Where plan A and plan B send the teacher; the current school's name when the plan keeps them.
        public var inA: String
        public var inB: String
        /// Where each plan puts the teacher, for text in any language.
        public var placeA: Place
        public var placeB: Place
        /// What forced the change, when plan B is a re-plan of plan A (`rotation plan --previous`, its `changes.csv`).
        public var why = LocalizedText(zh: "", en: "")
    }
    public var rows: [Row]
    public var moversA: Int, moversB: Int

    struct Move { var name, subject, fromID, fromName, toID, toName: String }

    public enum Place: Sendable, Equatable {
        case stays
        case school(name: String, id: String)
    }

    public init(planA: URL, planB: URL) throws {
        let a = try Self.read(planA), b = try Self.read(planB)
        moversA = a.count
        moversB = b.count
        var rows: [Row] = []
        for id in Set(a.keys).union(b.keys).sorted() {
            let x = a[id], y = b[id]
            if x?.toID == y?.toID { continue }
            let m = (x ?? y)!
            let stays = "stays at \(m.fromName)"
            rows.append(Row(teacherID: id, teacherName: m.name, subject: m.subject, from: m.fromName,
                            inA: x.map { "\($0.toName) (\($0.toID))" } ?? stays, inB: y.map { "\($0.toName) (\($0.toID))" } ?? stays,
                            placeA: x.map { .school(name: $0.toName, id: $0.toID) } ?? .stays,
                            placeB: y.map { .school(name: $0.toName, id: $0.toID) } ?? .stays))
        }
        // A re-plan says why each destination changed.
        let reasons = Self.changeReasons(planB)
        for i in rows.indices { rows[i].why = reasons[rows[i].teacherID] ?? rows[i].why }
        self.rows = rows
    }

    /// teacher id → why, from a re-plan's `changes.csv` (empty when the folder has none).
    static func changeReasons(_ folder: URL) -> [String: LocalizedText] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("changes.csv"), encoding: .utf8),
              let reader = try? CSVReader(string: CSVText.withoutByteOrderMark(text), hasHeaderRow: true),
              let header = reader.headerRow, let id = header.firstIndex(of: "teacher_id"), let why = header.firstIndex(of: "why") else { return [:] }
        let zh = header.firstIndex(of: "why_zh")
        var reasons: [String: LocalizedText] = [:]
        while let row = reader.next() {
            if row.count == header.count { reasons[row[id]] = LocalizedText(zh: zh.map { row[$0] } ?? row[why], en: row[why]) }
        }
        return reasons
    }

    /// The plan in a plan folder, to keep as far as the rules allow (`rotation plan --previous`).
    public static func previousPlan(_ folder: URL) throws -> PreviousPlan {
        PreviousPlan(destinations: try read(folder).mapValues(\.toID))
    }

    static func read(_ folder: URL) throws -> [String: Move] {
        let file = folder.appendingPathComponent("transfers.csv")
        func fail(_ line: Int?, _ column: String?, _ why: String, _ zh: String) -> InvalidDataset {
            InvalidDataset(file.path, line: line, column: column, why, zh: zh)
        }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw fail(nil, nil, "cannot read it: is \(folder.path) a plan folder written by `rotation plan`?",
                       "无法读取：\(folder.path) 是 rotation plan 写出的方案文件夹吗？")
        }
        let reader: CSVReader
        do { reader = try CSVReader(string: CSVText.withoutByteOrderMark(text), hasHeaderRow: true) } catch {
            throw fail(nil, nil, "not a CSV file: \(error)", "不是 CSV 文件")
        }
        let header = reader.headerRow ?? []
        var index: [String: Int] = [:]
        for column in ["teacher_id", "teacher_name", "subject", "from_school_id", "from_school_name", "to_school_id", "to_school_name"] {
            guard let i = header.firstIndex(of: column) else { throw fail(1, column, "the column is missing", "缺少此列") }
            index[column] = i
        }
        var moves: [String: Move] = [:]
        var line = 1
        while let row = reader.next() {
            line += 1
            guard row.count == header.count else {
                throw fail(line, nil, "expected \(header.count) cells, found \(row.count)", "应有 \(header.count) 个单元格，实有 \(row.count) 个")
            }
            func v(_ c: String) -> String { row[index[c]!] }
            if moves[v("teacher_id")] != nil {
                throw fail(line, "teacher_id", "the teacher \(v("teacher_id")) appears twice", "教师 \(v("teacher_id")) 出现了两次")
            }
            moves[v("teacher_id")] = Move(name: v("teacher_name"), subject: v("subject"), fromID: v("from_school_id"),
                                          fromName: v("from_school_name"), toID: v("to_school_id"), toName: v("to_school_name"))
        }
        return moves
    }

    public var csv: String {
        CSVText.make(header: ["teacher_id", "teacher_name", "subject", "from_school_name", "plan_a", "plan_b", "why"],
                     rows: rows.map { [$0.teacherID, $0.teacherName, $0.subject, $0.from, $0.inA, $0.inB, $0.why.en] })
    }
}
