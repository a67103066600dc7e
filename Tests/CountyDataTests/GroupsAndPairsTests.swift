import CountyData
import Foundation
import RotationModel
import Spreadsheets
import Testing

/// School groups (the `group` column of schools.csv) and paired schools (pairs.csv, or the sheet 结对).
@Suite("School groups and paired schools")
struct GroupsAndPairsTests {
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-pairs-\(UUID().uuidString)")
        init() { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        func write(_ name: String, data: Data) throws { try data.write(to: url.appendingPathComponent(name)) }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) }
        func data(_ name: String) throws -> Data { try Data(contentsOf: url.appendingPathComponent(name)) }
    }

    static let created = Workbook.created(year: 2026)

    /// Four schools: two primary (S1 urban strong, S2 rural weak), a junior (S3) and a nine-year school (S4);
    /// groups with a blank (S3: no group) and a value with spaces around it (S2).
    static let groupedSchools = """
    id,name,level,area,strength,students,lat,lon,group
    S1,城关第一小学,primary,urban,strong,800,31.00,117.00,第1学区
    S2,石桥小学,primary,rural,weak,120,31.10,117.10, 第1学区 \u{3000}
    S3,城关第一中学,junior,urban,strong,900,31.00,117.01,
    S4,河口九年一贯制学校,nine_year,rural,weak,300,31.20,117.20,"东部教育集团, 二部"

    """

    static let teachers = """
    id,name,gender,birth_year,school_id,subject,level,degree,years_at_school
    T1,王芳,F,1985,S1,语文,,bachelor,8
    T2,李强,M,1983,S2,数学,,bachelor,9
    T3,张伟,M,1980,S3,英语,,bachelor,10
    T4,陈静,F,1990,S4,体育,junior,bachelor,7

    """

    static func chinese(_ csv: String, groupHeader: String = "所属学区") -> String {
        csv.replacingOccurrences(of: "id,name,level,area,strength,students,lat,lon,group",
                                 with: "学校代码,学校名称,学段,城乡类别,办学水平,在校生数,纬度,经度,\(groupHeader)")
    }

    static func read(schools: String = groupedSchools, pairs: String? = nil) -> DatasetReport {
        DatasetReader.read(schools: schools, teachers: teachers, needs: "school_id,subject,required\n", pairs: pairs)
    }

    // MARK: Groups

    @Test("group is read trimmed (blank: no group) under group, 所属学区 or 学区, and written back identically")
    func groupsReadAndWritten() throws {
        let english = Self.read()
        let county = try #require(english.county, "\(english.issues.errors)")
        #expect(county.schools.map(\.group) == ["第1学区", "第1学区", nil, "东部教育集团, 二部"])
        #expect(!english.issues.warnings.contains { $0.column == "group" })
        let written = CountyWriter.schoolsCSV(county)
        #expect(written.split(separator: "\n").first?.hasSuffix(",group") == true)
        for header in ["所属学区", "学区"] {
            let r = Self.read(schools: Self.chinese(Self.groupedSchools, groupHeader: header))
            let zh = try #require(r.county, "\(r.issues.errors)")
            #expect(zh.schools == county.schools)
            #expect(CountyWriter.schoolsCSV(zh) == written)
        }
        // What the writer wrote reads back as the same schools and writes the same bytes again.
        let again = try #require(Self.read(schools: String(written.dropFirst())).county)
        #expect(again.schools == county.schools)
        #expect(CountyWriter.schoolsCSV(again) == written)
        // Both Chinese names at once is one column given twice.
        let both = Self.read(schools: Self.groupedSchools.replacingOccurrences(of: ",group\n", with: ",所属学区,学区\n")
            .replacingOccurrences(of: "第1学区\n", with: "第1学区,第1学区\n"))
        #expect(both.issues.errors.contains { $0.line == 1 && $0.column == "group" && $0.message.contains("given twice") })
    }

    @Test("a county without groups writes exactly the schools.csv it wrote before: no group column")
    func noGroupsSameBytes() throws {
        // The schools of ReaderTests, made without the feature (no group anywhere), and the bytes written before it.
        let county = try #require(DatasetReader.read(schools: schoolsCSV, teachers: teachersCSV, needs: needsCSV).county)
        #expect(county.schools.allSatisfy { $0.group == nil })
        let before = "\u{FEFF}id,name,level,area,strength,students,students_primary,students_junior,lat,lon,staff_quota\n"
            + "S1,\"石桥小学, 东校区\",primary,rural,weak,300,,,30.000000,117.000000,16\n"
            + "S2,城关第一中学,junior,urban,strong,1200,,,30.050000,117.020000,\n"
            + "S3,\"The \"\"Bridge\"\" School\",nine_year,town,ordinary,600,400,200,30.020000,117.050000,40\n"
        #expect(CountyWriter.schoolsCSV(county) == before)
        // A generated county: groups 0 and pairs 0 are the county as it always was, and no pairs.csv is written.
        let plain = CountyGenerator(schools: 12, teachers: 200, seed: 7).generate()
        let explicit = CountyGenerator(schools: 12, teachers: 200, seed: 7, groups: 0, pairs: 0).generate()
        #expect(plain.schools.allSatisfy { $0.group == nil } && plain.pairs.isEmpty)
        #expect(plain.schools == explicit.schools && plain.teachers == explicit.teachers)
        #expect(!CountyWriter.schoolsCSV(plain).contains("group"))
        let folder = Folder()
        try CountyWriter.write(plain, policy: Policy(), to: folder.url)
        #expect(!folder.exists(DatasetFile.pairs))
        let book = try Self.sheetNames(CountyWriter.workbook(plain, created: Self.created))
        #expect(book == ["学校", "教师", "学科需求"])
    }

    // MARK: Pairs

    @Test("pairs.csv is read in file order under English or Chinese headers (结对学校甲/乙 or 学校甲/乙)")
    func pairsFromCSV() throws {
        for header in ["school_a,school_b", "结对学校甲,结对学校乙", "学校甲,学校乙"] {
            // Two primary schools, a nine-year school with a junior and with a primary school.
            let r = Self.read(pairs: "\(header)\nS1,S2\nS4,S3\n S1 , S4 \n")
            let county = try #require(r.county, "\(header): \(r.issues.errors)")
            #expect(county.pairs == [SchoolPair("S1", "S2"), SchoolPair("S4", "S3"), SchoolPair("S1", "S4")])
            #expect(county.arePaired("S3", "S4"))
        }
        // From a dataset folder, with the other files.
        let folder = Folder()
        try folder.write(DatasetFile.schools, Self.groupedSchools)
        try folder.write(DatasetFile.teachers, Self.teachers)
        try folder.write(DatasetFile.needs, "school_id,subject,required\n")
        try folder.write(DatasetFile.pairs, "结对学校甲,结对学校乙\nS3,S4\n")
        let r = DatasetReader.read(folder: folder.url)
        #expect(r.county?.pairs == [SchoolPair("S3", "S4")], "\(r.issues.errors)")
        // No pairs.csv: no pairs, and nothing said.
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent(DatasetFile.pairs))
        let none = DatasetReader.read(folder: folder.url)
        #expect(none.county?.pairs == [])
        #expect(!none.issues.all.contains { $0.file == DatasetFile.pairs })
    }

    @Test("each error of pairs.csv names its line, column and value, in English and Chinese")
    func pairErrors() throws {
        let r = Self.read(pairs: """
        school_a,school_b
        S1,S2
        S9,S2
        S1,S1
        S2,S1
        S1,S3
        S3,S4
        S4,
        x,y,z

        """)
        #expect(r.county == nil)
        let errors = r.issues.errors
        func error(_ line: Int) throws -> DataIssue {
            let found = errors.filter { $0.file == DatasetFile.pairs && $0.line == line }
            #expect(found.count == 1, "line \(line): \(found)")
            return try #require(found.first)
        }
        let unknown = try error(3)
        #expect(unknown.column == "school_a" && unknown.value == "S9" && unknown.message == "no school with this id in schools.csv")
        #expect(unknown.chinese == "schools.csv 中没有此代码的学校")
        #expect(unknown.text("zh").contains("列 school_a（结对学校甲）"))
        let selfPair = try error(4)
        #expect(selfPair.column == "school_b" && selfPair.value == "S1" && selfPair.message.contains("paired with itself"))
        #expect(selfPair.chinese == "学校不能与自身结对")
        let twice = try error(5)
        #expect(twice.column == "school_b" && twice.value == "S1" && twice.message.contains("listed twice (first on line 2)"))
        #expect(twice.chinese?.contains("首次出现在第 2 行") == true)
        let levels = try error(6)
        #expect(levels.column == "school_b" && levels.value == "S3")
        #expect(levels.message.contains("S1 is a primary school and S3 a junior school"))
        #expect(levels.chinese?.contains("S1 是小学，S3 是初中") == true)
        #expect(levels.text("zh").hasPrefix("错误：pairs.csv 第 6 行：列 school_b（结对学校乙）：值 \"S3\"："))
        #expect(!errors.contains { $0.file == DatasetFile.pairs && $0.line == 7 })   // a nine-year school shares a level
        let blank = try error(8)
        #expect(blank.column == "school_b" && blank.value == nil && blank.chinese == "此项必填，不能为空")
        #expect(try error(9).message.contains("fields but the header has 2"))
        #expect(errors.filter { $0.file == DatasetFile.pairs }.count == 6)
        #expect(errors.allSatisfy { $0.chinese != nil })

        // A missing column; an unknown one is a warning.
        let columns = Self.read(pairs: "school_a,partner\nS1,S2\n")
        #expect(columns.issues.errors.contains { $0.file == DatasetFile.pairs && $0.line == 1 && $0.column == "school_b" })
        #expect(columns.issues.warnings.contains { $0.file == DatasetFile.pairs && $0.column == "partner" })
    }

    @Test("a pair naming a school whose row has errors is not reported again")
    func badSchoolNotReportedAgain() throws {
        let schools = Self.groupedSchools.replacingOccurrences(of: "S3,城关第一中学,junior", with: "S3,城关第一中学,大学")
        let r = Self.read(schools: schools, pairs: "school_a,school_b\nS4,S3\nS3,S9\n")
        #expect(r.issues.errors.contains { $0.file == DatasetFile.schools && $0.line == 4 && $0.column == "level" })
        let pairErrors = r.issues.errors.filter { $0.file == DatasetFile.pairs }
        #expect(pairErrors.count == 1)
        #expect(pairErrors.first?.line == 3 && pairErrors.first?.value == "S9")
    }

    @Test("pairs in a workbook: sheet 结对 (or pairs), errors located in the sheet; the sheet and pairs.csv both is an error")
    func pairsFromWorkbook() throws {
        let county = try #require(Self.read(pairs: "school_a,school_b\nS2,S1\nS3,S4\n").county)
        #expect(county.pairs.count == 2)
        for chinese in [true, false] {
            let folder = Folder()
            let data = try CountyWriter.workbook(county, chinese: chinese, created: Self.created)
            #expect(try Self.sheetNames(data).last == (chinese ? "结对" : "pairs"))
            try folder.write(DatasetFile.workbook, data: data)
            let r = DatasetReader.read(folder: folder.url)
            let read = try #require(r.county, "\(r.issues.errors)")
            #expect(read.pairs == county.pairs)
            #expect(read.schools == county.schools)
            // A pairs.csv beside a workbook with pairs: keep one.
            try folder.write(DatasetFile.pairs, "school_a,school_b\nS1,S2\n")
            let both = DatasetReader.read(folder: folder.url)
            #expect(both.county == nil)
            let sheet = chinese ? "结对" : "pairs"
            #expect(both.issues.errors.contains {
                $0.file == DatasetFile.workbook && $0.message.contains("sheet \(sheet) and pairs.csv")
                    && $0.chinese?.contains("工作表 \(sheet) 和 pairs.csv") == true
            })
        }
        // A workbook without the sheet reads pairs.csv beside it.
        let plain = Folder()
        let noPairs = County(schools: county.schools, teachers: county.teachers, needs: county.needs)
        try plain.write(DatasetFile.workbook, data: try CountyWriter.workbook(noPairs, created: Self.created))
        try plain.write(DatasetFile.pairs, "结对学校甲,结对学校乙\nS1,S2\n")
        #expect(DatasetReader.read(folder: plain.url).county?.pairs == [SchoolPair("S1", "S2")])

        // A hand-made sheet 结对 with the short Chinese headers and an unknown school: the error names the sheet.
        let bad = Folder()
        let base = try WorkbookReaderSheets.sheets(of: CountyWriter.workbook(noPairs, created: Self.created))
        let pairs = Sheet(name: "结对", header: ["学校甲", "学校乙"], rows: [[.text("S1"), .text("S2")], [.text("S1"), .text("S8")]])
        try bad.write(DatasetFile.workbook, data: try WorkbookWriter.data(base + [pairs], created: Self.created))
        let r = DatasetReader.read(folder: bad.url)
        let error = try #require(r.issues.errors.first)
        #expect(r.issues.errors.count == 1)
        #expect(error.file == DatasetFile.workbook && error.sheet == "结对" && error.line == 3 && error.column == "school_b")
        #expect(error.value == "S8" && error.message == "no school with this id in sheet 学校")
        #expect(error.chinese == "工作表 学校 中没有此代码的学校")
        #expect(error.text("zh").contains("列 school_b（结对学校乙）"))
    }

    // MARK: The generator

    @Test("a generated county with groups and pairs: groups by geography, pairs by the rules, read back equal from files and workbook")
    func generatedRoundTrip() throws {
        let generator = CountyGenerator(schools: 40, teachers: 900, seed: 3, groups: 5, pairs: 6)
        let county = generator.generate()
        // Deterministic, and the teachers are those of the county without groups and pairs.
        let again = generator.generate()
        #expect(again.schools == county.schools && again.pairs == county.pairs)
        let plain = CountyGenerator(schools: 40, teachers: 900, seed: 3).generate()
        #expect(plain.teachers == county.teachers && plain.needs == county.needs)
        #expect(plain.schools.map { var s = $0; s.group = "x"; return s } == county.schools.map { var s = $0; s.group = "x"; return s })

        // Five groups of 8, west to east.
        let groups = Dictionary(grouping: county.schools, by: { $0.group ?? "" })
        #expect(Set(groups.keys) == Set((1...5).map { "第\($0)学区" }))
        #expect(groups.values.allSatisfy { $0.count == 8 })
        for g in 1..<5 {
            let east = groups["第\(g)学区"]!.map(\.location.longitude).max()!
            let west = groups["第\(g + 1)学区"]!.map(\.location.longitude).min()!
            #expect(east <= west)
        }

        // Six pairs: a strong or urban school (not weak, not rural) with a weak or rural one of a shared level,
        // each school in one pair at most.
        #expect(county.pairs.count == 6)
        let ids = county.pairs.flatMap { [$0.a, $0.b] }
        #expect(Set(ids).count == ids.count)
        for p in county.pairs {
            let a = try #require(county.school(p.a)), b = try #require(county.school(p.b))
            #expect((a.strength == .strong || a.area == .urban) && a.strength != .weak && a.area != .rural)
            #expect(b.strength == .weak || b.area == .rural)
            #expect(a.level == b.level || a.level == .nineYear || b.level == .nineYear)
        }

        // Written as files and as a workbook, read back equal (coordinates as written: six decimals).
        let expected = Self.asWritten(county)
        for workbook in [false, true] {
            let folder = Folder()
            try CountyWriter.write(county, policy: Policy(), to: folder.url, workbook: workbook)
            #expect(folder.exists(DatasetFile.pairs) == !workbook)
            let r = DatasetReader.read(folder: folder.url)
            let read = try #require(r.county, "\(r.issues.errors.prefix(3))")
            #expect(read.schools == expected.schools)
            #expect(read.teachers == expected.teachers)
            #expect(read.needs == county.needs)
            #expect(read.pairs == county.pairs)
            if !workbook {
                #expect(try folder.data(DatasetFile.schools) == Data(CountyWriter.schoolsCSV(county).utf8))
                #expect(try folder.data(DatasetFile.pairs) == Data(CountyWriter.pairsCSV(county).utf8))
                #expect(CountyWriter.pairsCSV(county).hasPrefix("\u{FEFF}school_a,school_b\n"))
            }
        }
    }

    @Test("groups and pairs of small and odd counties: more groups than schools, no school to pair, pairs kept")
    func generatorEdges() throws {
        let county = CountyGenerator(schools: 3, teachers: 30, seed: 1).generate()
        let many = CountyGenerator.grouped(county, into: 10)
        #expect(Set(many.schools.compactMap(\.group)).count == 3)
        #expect(CountyGenerator.grouped(county, into: 0).schools == county.schools)
        #expect(CountyGenerator.paired(county, count: 0).pairs.isEmpty)
        // Only strong urban primary schools: nobody to help, no pair.
        let strong = County(schools: county.schools.map { var s = $0; s.area = .urban; s.strength = .strong; s.level = .primary; return s },
                            teachers: [], needs: [])
        #expect(CountyGenerator.paired(strong, count: 2).pairs.isEmpty)
        // A school already paired is not paired again; the new pairs follow the old.
        let big = CountyGenerator(schools: 30, teachers: 400, seed: 2).generate()
        let first = CountyGenerator.paired(big, count: 1)
        let more = CountyGenerator.paired(first, count: 3)
        #expect(more.pairs.first == first.pairs.first)
        let ids = more.pairs.flatMap { [$0.a, $0.b] }
        #expect(Set(ids).count == ids.count)
    }

    /// The county as the writer writes it: coordinates to six decimals.
    static func asWritten(_ county: County) -> County {
        func six(_ d: Double) -> Double { Double(String(format: "%.6f", (d * 1_000_000).rounded() / 1_000_000))! }
        func six(_ c: Coordinate) -> Coordinate { Coordinate(latitude: six(c.latitude), longitude: six(c.longitude)) }
        let schools = county.schools.map { s in var s = s; s.location = six(s.location); return s }
        let teachers = county.teachers.map { t in var t = t; t.home = t.home.map(six); return t }
        return County(schools: schools, teachers: teachers, needs: county.needs, objections: county.objections, pairs: county.pairs)
    }

    static func sheetNames(_ data: Data) throws -> [String] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-book-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try data.write(to: url)
        return try WorkbookReader(url: url).sheetNames
    }
}

/// The sheets of a workbook as sheets to write again (every cell as text, but empty ones).
enum WorkbookReaderSheets {
    static func sheets(of data: Data) throws -> [Sheet] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-book-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try data.write(to: url)
        var book = try WorkbookReader(url: url)
        return try book.sheetNames.compactMap { name in
            guard let sheet = try book.sheet(name), let header = sheet.rows.first else { return nil }
            return Sheet(name: name, header: header.cells,
                         rows: sheet.rows.dropFirst().map { $0.cells.map { $0.isEmpty ? .empty : .text($0) } })
        }
    }
}
