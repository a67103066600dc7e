import CountyData
import Foundation
import RotationModel
import Spreadsheets
import Testing
import ZIPFoundation

/// A county given as one workbook, `county.xlsx`, read with the same checks as the CSV files.
@Suite("A county as one workbook (county.xlsx)")
struct WorkbookInputTests {
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-xlsx-\(UUID().uuidString)")
        init() { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func write(_ name: String, _ data: Data) throws { try data.write(to: url.appendingPathComponent(name)) }
    }

    static let created = Workbook.created(year: 2026)

    /// A folder whose county.xlsx has a teachers sheet that unpacks to one byte more than the limit (a zip bomb).
    static func zipBomb(_ county: County) throws -> Folder {
        let bomb = Folder()
        let bombURL = bomb.url.appendingPathComponent(DatasetFile.workbook)
        try CountyWriter.workbook(county, created: created).write(to: bombURL)
        let archive = try Archive(url: bombURL, accessMode: .update)
        try archive.remove(try #require(archive["xl/worksheets/sheet2.xml"]))
        let size = Workbook.maximumPartBytes + 1
        let zeros = Data(count: 1 << 20)
        try archive.addEntry(with: "xl/worksheets/sheet2.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate) { position, chunk in
            zeros.prefix(min(chunk, size - Int(position)))
        }
        return bomb
    }

    /// A workbook's sheets with three bad cells: a level 大学 (学校, row 3), an unknown school S9 (教师, row 3) and
    /// a birth year in words (教师, row 4).
    static let badSchools = Sheet(name: "学校", header: ["学校代码", "学校名称", "学段", "城乡类别", "办学水平", "在校生数", "纬度", "经度"], rows: [
        [.text("S1"), .text("一小"), .text("小学"), .text("城区"), .text("优质校"), .integer(800), .number(30, decimals: 2), .number(117, decimals: 2)],
        [.text("S2"), .text("二小"), .text("大学"), .text("乡村"), .text("薄弱校"), .integer(200), .number(30.1, decimals: 2), .number(117.1, decimals: 2)],
    ])
    static let badTeachers = Sheet(name: "教师", header: ["教师编号", "姓名", "性别", "出生年份", "现任教学校", "任教学科", "学历", "本校连续任教年限"], rows: [
        [.text("T1"), .text("王芳"), .text("女"), .integer(1985), .text("S1"), .text("语文"), .text("本科"), .integer(8)],
        [.text("T2"), .text("李强"), .text("男"), .integer(1983), .text("S9"), .text("数学"), .text("本科"), .integer(9)],
        [.text("T3"), .text("张伟"), .text("男"), .text("一九九零"), .text("S1"), .text("数学"), .text("本科"), .integer(9)],
    ])

    @Test("a whole county in a workbook with Chinese sheets, headers and codes reads as the same county as its CSV files")
    func wholeCounty() throws {
        let county = CountyGenerator(schools: 12, teachers: 300, seed: 5).generate()
        let csv = DatasetReader.read(schools: CountyWriter.schoolsCSV(county), teachers: CountyWriter.teachersCSV(county),
                                     needs: CountyWriter.needsCSV(county))
        for chinese in [true, false] {
            let folder = Folder()
            try folder.write(DatasetFile.workbook, try CountyWriter.workbook(county, chinese: chinese, created: Self.created))
            let report = DatasetReader.read(folder: folder.url)
            #expect(report.issues.errors.isEmpty, "\(report.issues.errors.prefix(3))")
            let read = try #require(report.county)
            #expect(read.teachers == csv.county!.teachers)
            #expect(read.schools == csv.county!.schools)
            #expect(read.needs == csv.county!.needs)
            // The workbook may also be named itself.
            let direct = DatasetReader.read(folder: folder.url.appendingPathComponent(DatasetFile.workbook))
            #expect(direct.county?.teachers == csv.county!.teachers)
        }
    }

    @Test("errors name the workbook, the sheet and the row as Excel numbers it; file names in messages become sheet names")
    func errorsNameSheetAndRow() throws {
        let (schools, teachers) = (Self.badSchools, Self.badTeachers)
        let folder = Folder()
        try folder.write(DatasetFile.workbook, try WorkbookWriter.data([schools, teachers], created: Self.created))
        let report = DatasetReader.read(folder: folder.url)
        let errors = report.issues.errors
        #expect(report.county == nil)
        let level = try #require(errors.first { $0.column == "level" })
        #expect(level.file == "county.xlsx" && level.sheet == "学校" && level.line == 3 && level.value == "大学")
        #expect(level.description.hasPrefix("error: county.xlsx, sheet 学校, row 3: column level"))
        let school = try #require(errors.first { $0.column == "school_id" })
        #expect(school.sheet == "教师" && school.line == 3 && school.value == "S9")
        #expect(school.message.contains("sheet 学校") && !school.message.contains("schools.csv"))
        let birth = try #require(errors.first { $0.column == "birth_year" })
        #expect(birth.sheet == "教师" && birth.line == 4 && birth.value == "一九九零")
        // No needs sheet: a warning naming the workbook.
        #expect(report.issues.warnings.contains { $0.file == "county.xlsx" && $0.message.contains("学科需求") })
    }

    @Test("not a workbook, a missing sheet, both a workbook and CSV files, a part that unpacks too large: clean errors")
    func badWorkbooks() throws {
        let notZip = Folder()
        try notZip.write(DatasetFile.workbook, Data("学校代码,学校名称\n".utf8))
        #expect(DatasetReader.read(folder: notZip.url).issues.errors.contains { $0.file == "county.xlsx" && $0.message.contains("not an .xlsx workbook") })

        let county = CountyGenerator(schools: 3, teachers: 20, seed: 1).generate()
        let both = Folder()
        try both.write(DatasetFile.workbook, try CountyWriter.workbook(county, created: Self.created))
        try both.write(DatasetFile.teachers, Data(CountyWriter.teachersCSV(county).utf8))
        #expect(DatasetReader.read(folder: both.url).issues.errors.contains { $0.message.contains("not both") })

        let noTeachers = Folder()
        try noTeachers.write(DatasetFile.workbook, try WorkbookWriter.data([Sheet(name: "学校", header: ["学校代码"], rows: [])], created: Self.created))
        #expect(DatasetReader.read(folder: noTeachers.url).issues.errors.contains { $0.message.contains("no sheet 教师 or teachers") })

        // A zip bomb: a sheet that unpacks to more than the limit is refused before it is unpacked.
        let bomb = try WorkbookInputTests.zipBomb(county)
        let errors = DatasetReader.read(folder: bomb.url).issues.errors
        #expect(errors.contains { $0.file == "county.xlsx" && $0.message.contains("MiB") }, "\(errors)")
    }

    @Test("cells as Excel stores them: shortest numbers, rich and inline text, sparse rows")
    func cellValues() throws {
        let sheet = Sheet(name: "x", header: ["a", "b", "c"], rows: [
            [.number(0.15, decimals: 2), .integer(2015), .text("=HYPERLINK(\"http://x\",\"点我\")")],
            [.empty, .text("  spaced  "), .number(-3.5, decimals: 1)],
        ])
        let folder = Folder()
        try folder.write("book.xlsx", try WorkbookWriter.data([sheet], created: Self.created))
        var reader = try WorkbookReader(url: folder.url.appendingPathComponent("book.xlsx"))
        let read = try #require(try reader.sheet("x"))
        #expect(read.rows.map(\.number) == [1, 2, 3])
        #expect(read.rows[1].cells == ["0.15", "2015", "=HYPERLINK(\"http://x\",\"点我\")"])
        #expect(read.rows[2].cells == ["", "  spaced  ", "-3.5"])
    }
}
