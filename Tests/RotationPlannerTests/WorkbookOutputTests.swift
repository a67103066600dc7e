import CSV
import CountyData
import OutputFiles
import Foundation
import PlanReports
import RotationModel
import RotationPlanner
import Spreadsheets
import Testing

/// transfers.xlsx read back with the tool's own reader (ZIPFoundation + XMLCoder, independent of libxlsxwriter)
/// and compared with the CSV files of the same plan.
@Suite("The plan's workbook (transfers.xlsx)")
struct WorkbookOutputTests {
    static func csvRows(_ url: URL) throws -> [[String: String]] {
        let text = CSVText.withoutByteOrderMark(try String(contentsOf: url, encoding: .utf8))
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        let header = reader.headerRow!
        var rows: [[String: String]] = []
        while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, row))) }
        return rows
    }

    static func sheet(_ book: URL, _ name: String) throws -> [[String]] {
        var reader = try WorkbookReader(url: book)
        return try #require(try reader.sheet(name)).rows.map(\.cells)
    }

    @Test("every sheet says what the CSV files say, in Chinese by default and in English on request")
    func sameAsCSV() throws {
        let scratch = Scratch()
        let county = CountyGenerator(schools: 10, teachers: 300, seed: 3).generate()
        let run = try PlannedRun(county, Policy(), in: scratch)
        guard case .plan(let plan) = run.outcome else { Issue.record("no plan"); return }
        let transfers = try Self.csvRows(run.out.appendingPathComponent(PlanFiles.transfers))
        let schools = try Self.csvRows(run.out.appendingPathComponent(PlanFiles.schools))
        #expect(transfers.count > 10)
        let book = run.out.appendingPathComponent(PlanWorkbook.file)
        #expect(try WorkbookReader(url: book).sheetNames == ["交流名单", "学校情况", "汇总", "可交流人员公示"])

        let list = try Self.sheet(book, "交流名单")
        #expect(list[0].prefix(3) == ["教师编号", "姓名", "学科"])
        #expect(list.count - 1 == transfers.count)
        for (row, csv) in zip(list.dropFirst(), transfers) {
            #expect(row[0] == csv["teacher_id"] && row[1] == csv["teacher_name"] && row[4] == csv["from_school_id"]
                    && row[6] == csv["to_school_id"])
            #expect(Double(row[8]) == Double(csv["distance_km"]!), "a distance is not the number of transfers.csv")
            #expect(!row[9].isEmpty && row[9].unicodeScalars.contains { $0.value >= 0x4E00 }, "a reason not in Chinese: \(row[9])")
        }
        let schoolSheet = try Self.sheet(book, "学校情况")
        #expect(schoolSheet.count - 1 == schools.count)
        for (row, csv) in zip(schoolSheet.dropFirst(), schools) {
            #expect(row[0] == csv["school_id"] && row[7] == csv["staff_after"] && row[11] == csv["out"] && row[12] == csv["in"])
        }
        let summary = try run.summary()
        let figures = Dictionary(try Self.sheet(book, "汇总").dropFirst().map { ($0[0], $0.count > 1 ? $0[1] : "") }, uniquingKeysWith: { a, _ in a })
        #expect(figures["交流人数"] == String(summary["movers"] as! Int))
        #expect(figures["学科缺口（交流后）"] == String(summary["unmet_need_after"] as! Int))
        #expect(figures["求解状态"]?.hasPrefix("最优") == true)

        // The public list: the rows of eligible.csv, with words instead of codes and never a private reason.
        let eligible = EligibilityList.csv(county, Policy())
        let publicRows = try Self.sheet(book, "可交流人员公示")
        #expect(publicRows.count == eligible.split(separator: "\n").count)
        #expect(publicRows.dropFirst().allSatisfy { ["是", "否"].contains($0[6]) })
        for code in Exemption.allCases.map(\.rawValue) {
            #expect(!publicRows.joined().contains(code), "a private exemption code is published")
        }

        // English on request: sheet names, headers, codes and reasons.
        let en = scratch.path("en")
        try PlanFiles.output(plan, to: en, language: .en, pages: false).commit()
        let enBook = en.appendingPathComponent(PlanWorkbook.file)
        #expect(try WorkbookReader(url: enBook).sheetNames == ["Transfers", "Schools", "Summary", "Public list"])
        let enList = try Self.sheet(enBook, "Transfers")
        for (row, csv) in zip(enList.dropFirst(), transfers) { #expect(row[9] == csv["reasons"]) }
    }

    @Test("a policy that cannot be met: the workbook holds the diagnosis and the public list")
    func diagnosis() throws {
        let scratch = Scratch()
        // Every eligible teacher is 100 km from the only other school: the quota cannot be met.
        var far = Tiny.school("B", km: 100)
        far.name = "远方小学"
        let county = County(schools: [Tiny.school("A"), far], teachers: Tiny.teachers(6, at: "A") + Tiny.teachers(6, at: "B", from: 10),
                            needs: [])
        let run = try PlannedRun(county, Policy(), in: scratch)
        guard case .cannotMeet(let d) = run.outcome else { Issue.record("expected no plan"); return }
        let book = run.out.appendingPathComponent(PlanWorkbook.file)
        #expect(try WorkbookReader(url: book).sheetNames == ["诊断", "可交流人员公示"])
        let rows = try Self.sheet(book, "诊断")
        #expect(rows.count - 1 == d.findings.count)
        #expect(rows[1][5] == d.findings[0].messageZH)
    }
}
