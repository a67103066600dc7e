import CountyData
import Foundation
import RotationModel
import Spreadsheets
import Testing
import ZIPFoundation

/// Every problem found while reading a dataset is also said in Chinese (`rotation validate --lang zh`).
@Suite("Data problems in Chinese")
struct ChineseMessagesTests {
    typealias Folder = WorkbookInputTests.Folder
    static let created = Workbook.created(year: 2026)

    /// English words of a sentence, none of which a Chinese message should hold (codes, keys, file names and
    /// values may stay as they are; they are not among these).
    static let englishWords: Set<String> = [
        "expected", "required", "must", "cannot", "should", "missing", "unknown", "duplicate", "ignored", "given",
        "found", "give", "keep", "the", "is", "are", "was", "were", "with", "and", "or", "of", "no", "be", "it",
    ]

    /// The English sentence words in `text`, once the names a message lists are taken out: the file's own
    /// header (`（现有列：…）`) and the policy keys (`可用的键：…`, such as keep_headcount).
    static func english(in text: String) -> [String] {
        var text = text
        if let start = text.range(of: "（现有列："), let end = text.range(of: "）", range: start.upperBound..<text.endIndex) {
            text.removeSubrange(start.lowerBound..<end.upperBound)
        }
        if let start = text.range(of: "可用的键：") { text.removeSubrange(start.lowerBound...) }
        // Paths are data, not words (a temporary folder's name may hold "be" or "as").
        text = text.split(separator: " ", omittingEmptySubsequences: false).map { $0.contains("/") ? "" : String($0) }.joined(separator: " ")
        text = text.split(separator: "：", omittingEmptySubsequences: false).map { $0.contains("/") ? "" : String($0) }.joined(separator: "：")
        return text.split { !($0.isASCII && $0.isLetter) }.map { $0.lowercased() }.filter(englishWords.contains)
    }

    static func hasCJK(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// Checks that every issue has a Chinese message, in Chinese, and that `text("en")` is the description.
    static func expectChinese(_ issues: [DataIssue], _ source: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for issue in issues {
            #expect(issue.text("en") == issue.description, sourceLocation: sourceLocation)
            guard let zh = issue.chinese else {
                Issue.record("no Chinese for \(issue) (\(source))", sourceLocation: sourceLocation)
                continue
            }
            #expect(hasCJK(zh), "\(zh) (\(source))", sourceLocation: sourceLocation)
            #expect(english(in: zh).isEmpty, "English words \(english(in: zh)) in \(zh) (\(source))", sourceLocation: sourceLocation)
            let line = issue.text("zh")
            #expect(line.hasPrefix(issue.severity == .error ? "错误：" : "警告：") && line.hasSuffix(zh),
                    "\(line)", sourceLocation: sourceLocation)
        }
    }

    static func write(_ folder: Folder, schools: String? = schoolsCSV, teachers: String? = teachersCSV,
                      needs: String? = needsCSV, policy: String? = nil, objections: String? = nil) throws {
        for (name, text) in [("schools.csv", schools), ("teachers.csv", teachers), ("needs.csv", needs),
                             ("policy.yaml", policy), ("objections.csv", objections)] {
            if let text { try folder.write(name, Data(text.utf8)) }
        }
    }

    // MARK: (a) every problem has its Chinese

    /// Bad datasets given as text, each reaching problems of one or more kinds.
    static var badTexts: [(String, DatasetReport)] {
        var out: [(String, DatasetReport)] = []
        func add(_ name: String, _ r: DatasetReport) { out.append((name, r)) }
        // Bad codes, numbers, ranges, unknown schools, duplicate ids, partners, needs (ReaderTests.errorsWithPlaces).
        add("places", read(
            schools: schoolsCSV + "S1,重复,primary,rural,weak,100,,,30,117,\nS4,新校,middle,rural,weak,-5,,,95,117,\n",
            teachers: teachersCSV.replacingOccurrences(of: "T4,陈静,F,1992,S3", with: "T4,陈静,F,1992,S9")
                .replacingOccurrences(of: ",T1,30.01", with: ",T3,30.01")
                + "T5,赵六,M,19x0,S1,数学,,none,none,bachelor,3,,,,,S2,,,\nT1,重名,F,1980,S1,数学,,none,none,bachelor,3,,,,,,,,\n",
            needs: needsCSV + "S1,化学,1\nS1,音乐,1\nS9,语文,1\nS2,数学,x\n,数学,\n"))
        // Missing and unknown columns, a ragged row, an empty file, an empty row, a column given twice.
        add("missing column", read(schools: schoolsCSV.replacingOccurrences(of: ",strength,", with: ",strong,")))
        add("ragged", read(needs: needsCSV + "S1,美术\n,,\n"))
        add("empty", read(needs: ""))
        add("twice", read(schools: schoolsCSV.replacingOccurrences(of: "id,name,level", with: "id,name,name,level")
            .replacingOccurrences(of: "S1,\"石", with: "S1,x,\"石").replacingOccurrences(of: "S2,城", with: "S2,x,城")
            .replacingOccurrences(of: "S3,\"The", with: "S3,x,\"The")))
        add("both names", read(schools: schoolsCSV.replacingOccurrences(of: "id,name,level", with: "id,学校名称,name,level")))
        // Empty cells: text, code, whole number, decimal.
        add("empty cells", read(teachers: teachersCSV.replacingOccurrences(of: "T2,李强,M,1983", with: "T2,,,")
            .replacingOccurrences(of: "T3,Zhang Wei,M,1990,S3,英语,junior,none,second,bachelor,7", with: "T3,Zhang Wei,M,1990,S3,英语,junior,none,second,,")))
        add("empty school cells", read(schools: schoolsCSV.replacingOccurrences(of: "300,,,30.00,117.00,16", with: ",,,,117.00,x")))
        // Enrolment split, facilities, a nine-year school's split.
        let facilities = "id,name,level,area,strength,students,students_primary,students_junior,lat,lon,rooms_m2_per_student\n"
            + "S1,一小,primary,rural,weak,300,100,,30,117,\nS2,二中,junior,urban,strong,1200,,,30.05,117.02,x\n"
            + "S3,三校,nine_year,town,ordinary,600,400,,30.02,117.05,\nS4,四校,nine_year,town,ordinary,600,400,100,30.02,117.05,\n"
            + "S5,五校,nine_year,town,ordinary,600,,,30.02,117.05,\n"
        add("split", read(schools: facilities, teachers: "id,name,gender,birth_year,school_id,subject,degree,years_at_school\n", needs: nil))
        // No schools, no teachers.
        add("no schools", read(schools: "id,name,level,area,strength,students,lat,lon\n",
                               teachers: "id,name,gender,birth_year,school_id,subject,degree,years_at_school\n", needs: nil))
        // Teachers: level, home, left school, wishes, years, exemption, locks, partners.
        let teachers = teachersCSV
            .replacingOccurrences(of: "T3,Zhang Wei,M,1990,S3,英语,junior", with: "T3,Zhang Wei,M,1990,S3,英语,")
            .replacingOccurrences(of: "T1,\"王, 芳\",F,1985,S1,音乐,,", with: "T1,\"王, 芳\",F,1985,S1,音乐,junior,")
            .replacingOccurrences(of: "S3;S2", with: "S9;S2;S2")
            .replacingOccurrences(of: "T2,李强,M,1983,S2,数学,,none,senior,master,10,,T1,30.01,117.01,,,,",
                                  with: "T2,李强,M,1983,S2,数学,,none,senior,master,60,sick,T2,30.01,,S2,S9,,")
            .replacingOccurrences(of: ",stay,S1,2025,", with: ",S1,S1,20x5,")
            + "T6,孙七,F,1980,S1,语文,,none,none,bachelor,3,,T9,x,117,not:,S2,,\n"
            + "T7,周八,F,1980,S1,语文,,none,none,bachelor,3,,,,,not:S9,,,\n"
            + "T8,吴九,F,1980,S1,语文,,none,none,bachelor,3,,,30,,S1,,,\n"
            + "T9,郑十,F,1980,S1,语文,,none,none,bachelor,3,,,,,somewhere,,,\n"
            + "T10,钱一,F,1980,S1,语文,,none,none,bachelor,3,,,,,leave,,,\n"
            + "T11,冯二,F,1980,S1,语文,,none,none,bachelor,3,,T11,,,,,,\n"
            + "T12,陈三,F,1980,S1,语文,,none,none,bachelor,60,,,,,,,,\n"
        add("teachers", read(teachers: teachers))
        // A bad school row: its teachers are counted, not checked.
        add("not checked", read(schools: schoolsCSV.replacingOccurrences(of: "primary,rural,weak", with: "middle,rural,weak")))
        // A teacher to whom nobody points back; the birth year named by the policy year.
        add("policy year", read(policy: "year: 1950\n"))
        // policy.yaml: unknown key, bad values of every type, a mapping expected, a key twice, not a mapping,
        // broken YAML, a key that is not text.
        add("policy values", read(policy: """
            year: x
            colour: blue
            max_commute_km: -1
            rotation_rate: fast
            keep_headcount: maybe
            pe_arts_subjects: []
            weights: 5
            retirement_age: {F: [1]}
            audit: {standards: {primary: {degree: 4.12345}}}
            """))
        add("subjects", read(policy: "pe_arts_subjects: [体育, \"\"]\n"))
        add("key twice", read(policy: "rotation_rate: 0.2\nyear: 2027\nrotation_rate: 0.3\n"))
        add("not a mapping", read(policy: "- a\n- b\n"))
        add("broken", read(policy: "year: [2027\n"))
        add("broken 2", read(policy: "a: b: c\n"))
        add("broken 3", read(policy: "year: \"2027\n"))
        add("tab", read(policy: "weights:\n\tbalance: 5\n"))
        add("key not text", read(policy: "[a, b]: 1\n"))
        // --set.
        add("--set", read(overrides: ["nonsense", "weights..balance=1", "year=&a 2027", "year=[", "no_such_key=1",
                                      "rotation_rate=fast", "weights=3", "pe_arts_subjects=[]"]))
        return out
    }

    @Test("every problem of a bad dataset given as text has a Chinese message, in Chinese")
    func everyTextProblem() {
        var kinds: Set<String> = []
        for (name, r) in Self.badTexts {
            #expect(!r.issues.all.isEmpty, "\(name)")
            Self.expectChinese(r.issues.all, name)
            for issue in r.issues.all { kinds.insert(issue.message) }
        }
        // Many kinds of problem, not a few.
        #expect(kinds.count > 60, "\(kinds.count)")
    }

    @Test("every problem of a bad dataset folder has a Chinese message: files, encodings, policy, objections")
    func everyFolderProblem() throws {
        var reports: [(String, DatasetReport)] = []
        // Not a folder.
        reports.append(("no folder", DatasetReader.read(folder: URL(fileURLWithPath: "/nonexistent/rotation-\(UUID())"))))
        // No schools.csv, no needs.csv, no policy.yaml.
        let missing = Folder()
        try Self.write(missing, schools: nil, needs: nil)
        reports.append(("missing", DatasetReader.read(folder: missing.url)))
        // teachers.csv not UTF-8; policy.yaml not UTF-8.
        let latin = Folder()
        try Self.write(latin, teachers: nil)
        try latin.write("teachers.csv", Data(teachersCSV.prefix(200).utf8) + Data([0xB0, 0xA1]) + Data("\n".utf8))
        try latin.write("policy.yaml", Data([0x79, 0x65, 0x61, 0x72, 0x3A, 0x20, 0x32, 0x30, 0x32, 0x37, 0x0A, 0xFF, 0xFE]))
        reports.append(("not UTF-8", DatasetReader.read(folder: latin.url)))
        // policy.yaml a folder; a --policy file that is not there.
        let policyFolder = Folder()
        try Self.write(policyFolder)
        try FileManager.default.createDirectory(at: policyFolder.url.appendingPathComponent("policy.yaml"), withIntermediateDirectories: true)
        reports.append(("policy folder", DatasetReader.read(folder: policyFolder.url)))
        reports.append(("--policy", DatasetReader.read(folder: missing.url, policyFile: missing.url.appendingPathComponent("none.yaml"))))
        // A file beyond the size limit.
        let big = Folder()
        try Self.write(big, teachers: nil)
        try big.write("teachers.csv", Data(count: DatasetReader.maximumFileBytes + 1))
        reports.append(("too big", DatasetReader.read(folder: big.url)))
        // objections.csv: unknown teacher, bad request, bad decision, a second accepted objection, a lock to the
        // teacher's own school, a request of the wrong level.
        let objections = Folder()
        try Self.write(objections, objections: "teacher_id,request,decision\nT9,stay,accepted\nT1,S9,accepted\nT1,stay,maybe\n"
                       + "T2,stay,accepted\nT2,not:S1,accepted\nT3,S3,rejected\nT1,S2,accepted\n,,\n")
        reports.append(("objections", DatasetReader.read(folder: objections.url)))
        for (name, r) in reports {
            #expect(!r.issues.all.isEmpty, "\(name)")
            Self.expectChinese(r.issues.all, name)
        }
    }

    @Test("every problem of a bad workbook has a Chinese message, with sheet names for file names")
    func everyWorkbookProblem() throws {
        let (schools, teachers) = (WorkbookInputTests.badSchools, WorkbookInputTests.badTeachers)
        var reports: [(String, DatasetReport)] = []
        let bad = Folder()
        try bad.write(DatasetFile.workbook, try WorkbookWriter.data([schools, teachers], created: Self.created))
        let badReport = DatasetReader.read(folder: bad.url)
        reports.append(("bad cells", badReport))
        let unknown = try #require(badReport.issues.errors.first { $0.column == "school_id" })
        #expect(unknown.chinese?.contains("工作表 学校") == true && unknown.chinese?.contains("schools.csv") == false)

        let notZip = Folder()
        try notZip.write(DatasetFile.workbook, Data("学校代码,学校名称\n".utf8))
        reports.append(("not a zip", DatasetReader.read(folder: notZip.url)))
        let county = CountyGenerator(schools: 3, teachers: 20, seed: 1).generate()
        let both = Folder()
        try both.write(DatasetFile.workbook, try CountyWriter.workbook(county, created: Self.created))
        try both.write(DatasetFile.teachers, Data(CountyWriter.teachersCSV(county).utf8))
        reports.append(("both", DatasetReader.read(folder: both.url)))
        let noTeachers = Folder()
        try noTeachers.write(DatasetFile.workbook, try WorkbookWriter.data([Sheet(name: "学校", header: ["学校代码"], rows: [])], created: Self.created))
        reports.append(("no teachers", DatasetReader.read(folder: noTeachers.url)))
        let twoSchools = Folder()
        try twoSchools.write(DatasetFile.workbook, try WorkbookWriter.data([schools, Sheet(name: "schools", header: ["id"], rows: []), teachers],
                                                                         created: Self.created))
        reports.append(("two school sheets", DatasetReader.read(folder: twoSchools.url)))
        let objections = Folder()
        try objections.write(DatasetFile.workbook, try WorkbookWriter.data(
            [schools, teachers, Sheet(name: "异议", header: ["教师编号", "申请", "决定"], rows: [])], created: Self.created))
        try objections.write(DatasetFile.objections, Data("teacher_id,request,decision\n".utf8))
        reports.append(("objections twice", DatasetReader.read(folder: objections.url)))

        // A file beyond the size limit; a zip without the workbook's parts; a workbook part that is not XML.
        let big = Folder()
        try big.write(DatasetFile.workbook, Data(count: Workbook.maximumBytes + 1))
        reports.append(("too big", DatasetReader.read(folder: big.url)))
        let empty = Folder()
        let emptyURL = empty.url.appendingPathComponent(DatasetFile.workbook)
        let emptyZip = try Archive(url: emptyURL, accessMode: .create)
        let note = Data("x".utf8)
        try emptyZip.addEntry(with: "readme.txt", type: .file, uncompressedSize: Int64(note.count)) { position, size in
            note.subdata(in: Int(position)..<Int(position) + size)
        }
        reports.append(("no parts", DatasetReader.read(folder: empty.url)))
        let damaged = Folder()
        let damagedURL = damaged.url.appendingPathComponent(DatasetFile.workbook)
        try CountyWriter.workbook(county, created: Self.created).write(to: damagedURL)
        let damagedZip = try Archive(url: damagedURL, accessMode: .update)
        try damagedZip.remove(try #require(damagedZip["xl/workbook.xml"]))
        let garbage = Data("<workbook><sheets><sheet".utf8)
        try damagedZip.addEntry(with: "xl/workbook.xml", type: .file, uncompressedSize: Int64(garbage.count)) { position, size in
            garbage.subdata(in: Int(position)..<Int(position) + size)
        }
        reports.append(("damaged", DatasetReader.read(folder: damaged.url)))

        // A sheet that unpacks beyond the limit.
        let bomb = try WorkbookInputTests.zipBomb(county)
        let bombReport = DatasetReader.read(folder: bomb.url)
        reports.append(("bomb", bombReport))
        #expect(bombReport.issues.errors.contains { $0.chinese?.contains("解压后") == true }, "\(bombReport.issues.errors)")

        for (name, r) in reports {
            #expect(!r.issues.all.isEmpty, "\(name)")
            Self.expectChinese(r.issues.all, name)
        }
    }

    @Test("mutated CSV and YAML (as the fuzz tests make them): every problem has its Chinese")
    func mutations() {
        let alphabet = Array(",\"\n\r;:{}[]-.0123456789abcXYZ石\u{FEFF}\t #'&*!?|>%@`")
        var rng = SplitMix64(seed: 20_260_101)
        for round in 0..<1_200 {
            let which = Int(rng.next() % 4), edits = 1 + Int(rng.next() % 12)
            let (text, r) = readMutated(which, edits: edits, rng: &rng, alphabet: alphabet)
            Self.expectChinese(r.issues.all, "round \(round): \(text.debugDescription)")
        }
    }

    // MARK: (b) exact lines

    @Test("a CSV problem in Chinese: place, column with its Chinese name, value, sentence")
    func csvLine() throws {
        let r = read(teachers: teachersCSV.replacingOccurrences(of: "T4,陈静,F,1992,S3", with: "T4,陈静,F,1992,S099"))
        let issue = try #require(r.issues.errors.first { $0.column == "school_id" })
        #expect(issue.text("zh") == "错误：teachers.csv 第 5 行：列 school_id（现任教学校）：值 \"S099\"：schools.csv 中没有此代码的学校")
        #expect(issue.text("en") == "error: teachers.csv:5: column school_id: value \"S099\": no school with this id in schools.csv")

        let code = read(schools: schoolsCSV.replacingOccurrences(of: "primary,rural,weak", with: "primary,rural,poor"))
        let strength = try #require(code.issues.errors.first)
        #expect(strength.text("zh") == "错误：schools.csv 第 2 行：列 strength（办学水平）：值 \"poor\"："
                + "应为以下代码之一：`weak`（薄弱校）、`ordinary`（普通校）、`strong`（优质校）")

        let warning = try #require(read(needs: needsCSV + "S1,化学,1\n").issues.warnings.first { $0.column == "subject" })
        #expect(warning.text("zh") == "警告：needs.csv 第 4 行：列 subject（学科）：值 \"化学\"：全县没有任教此学科的教师：该需求无法满足，计入学科缺口")
    }

    @Test("a policy problem in Chinese names the key with its Chinese name")
    func policyLine() throws {
        let set = try #require(read(overrides: ["rotation_rate=fast"]).issues.errors.first)
        #expect(set.text("zh") == "错误：--set 第 1 行：键 rotation_rate（交流比例）：值 \"fast\"：应为 0 至 1 之间的小数比例，例如 0.15（或 15%）")
        let file = try #require(read(policy: "year: 2027\nweights: [1]\n").issues.errors.first)
        #expect(file.text("zh").hasPrefix("错误：policy.yaml 第 2 行：键 weights：应为映射，例如 {shortage: "), "\(file.text("zh"))")
        // A value that is not a scalar is named as what it is.
        let mapping = try #require(read(policy: "pe_arts_subjects: {a: 1}\n").issues.errors.first)
        #expect(mapping.text("zh") == "错误：policy.yaml 第 1 行：键 pe_arts_subjects（体艺学科）：值 \"（映射）\"："
                + "应为至少含一个学科的列表，例如 [体育, 音乐, 美术]")
        #expect(mapping.description.contains("value \"(a mapping)\""))
        // A key of a nested mapping, with its Chinese name, and the line of the first.
        let twice = try #require(read(policy: "weights:\n  balance: 5\n  balance: 6\n").issues.errors.first)
        #expect(twice.text("zh") == "错误：policy.yaml 第 3 行：键 balance：此键重复出现（首次出现在第 2 行）")
    }

    @Test("a workbook problem in Chinese: the workbook, the sheet, the Excel row, the column named as that sheet names it")
    func workbookLine() throws {
        let schools = Sheet(name: "学校", header: ["学校代码", "学校名称", "学段", "城乡类别", "办学水平", "在校生数", "纬度", "经度"], rows: [
            [.text("S1"), .text("一小"), .text("小学"), .text("城区"), .text("优质校"), .integer(800), .number(30, decimals: 2), .number(117, decimals: 2)],
            [.text("S2"), .text("二小"), .text("大学"), .text("乡村"), .text("薄弱校"), .integer(200), .number(30.1, decimals: 2), .number(117.1, decimals: 2)],
        ])
        let teachers = Sheet(name: "教师", header: ["教师编号", "姓名", "性别", "出生年份", "现任教学校", "任教学科", "学历", "本校连续任教年限"], rows: [
            [.text("T1"), .text("王芳"), .text("女"), .integer(1985), .text("S1"), .text("语文"), .text("本科"), .integer(8)],
            [.text("T2"), .text("李强"), .text("男"), .integer(1983), .text("S9"), .text("数学"), .text("本科"), .integer(9)],
        ])
        let folder = Folder()
        try folder.write(DatasetFile.workbook, try WorkbookWriter.data([schools, teachers], created: Self.created))
        let errors = DatasetReader.read(folder: folder.url).issues.errors
        let school = try #require(errors.first { $0.column == "school_id" })
        #expect(school.text("zh") == "错误：county.xlsx 工作表 教师 第 3 行：列 school_id（现任教学校）：值 \"S9\"：工作表 学校 中没有此代码的学校")
        #expect(school.text("en") == "error: county.xlsx, sheet 教师, row 3: column school_id: value \"S9\": no school with this id in sheet 学校")
        // level is 学段 on the schools' sheet (and 任教学段 on the teachers').
        let level = try #require(errors.first { $0.column == "level" })
        #expect(level.text("zh") == "错误：county.xlsx 工作表 学校 第 3 行：列 level（学段）：值 \"大学\"："
                + "应为以下代码之一：`primary`（小学）、`junior`（初中）、`nine_year`（九年一贯制）")
    }

    // MARK: (c) English unchanged; counts, InvalidDataset, Codable

    @Test("text(\"en\") is the description; problems past the listed ones are counted in Chinese too")
    func englishAndCounts() throws {
        var rows = "id,name,gender,birth_year,school_id,subject,backbone,title,degree,years_at_school\n"
        for _ in 0..<2_000 { rows += "T9,x,y\n" }
        let r = read(teachers: rows)
        for issue in r.issues.all { #expect(issue.text("en") == issue.description) }
        let unlisted = r.issues.errorCount - r.issues.errors.count
        #expect(r.issues.unlistedSummary("en") == r.issues.unlistedSummary)
        #expect(r.issues.unlistedSummary("zh") == ["…… 另有 \(unlisted) 个错误（teachers.csv \(unlisted)）"])

        let invalid = InvalidDataset(r.issues)
        #expect(invalid.text("en") == invalid.description)
        let zh = invalid.text("zh")
        #expect(zh.hasPrefix("数据集中有 \(r.issues.errorCount) 个错误：\n  错误：teachers.csv 第 2 行："))
        #expect(zh.hasSuffix("\n  …… 另有 \(unlisted) 个错误（teachers.csv \(unlisted)）"))
        #expect(zh.split(separator: "\n").count == invalid.description.split(separator: "\n").count)

        // A single error made elsewhere, with or without its Chinese.
        let one = InvalidDataset("--vary", value: "x", "expected KEY=FROM:TO:STEP", zh: "格式应为 键=起:止:步长")
        #expect(one.text("zh") == "数据集中有 1 个错误：\n  错误：--vary：值 \"x\"：格式应为 键=起:止:步长")
        #expect(InvalidDataset("--vary", "why").text("zh") == "数据集中有 1 个错误：\n  错误：--vary：why")
    }

    @Test("a workbook's problems past the listed ones are counted by its sheet, in Chinese as 工作表")
    func workbookCounts() throws {
        let schools = Sheet(name: "学校", header: ["学校代码", "学校名称", "学段", "城乡类别", "办学水平", "在校生数", "纬度", "经度"], rows: [
            [.text("S1"), .text("一小"), .text("小学"), .text("城区"), .text("优质校"), .integer(800), .number(30, decimals: 2), .number(117, decimals: 2)],
        ])
        let teachers = Sheet(name: "教师", header: ["教师编号", "姓名", "性别", "出生年份", "现任教学校", "任教学科", "学历", "本校连续任教年限"],
                             rows: (0..<400).map { i in [.text("T\(i)"), .text("某"), .text("未知"), .integer(1985), .text("S1"), .text("语文"), .text("本科"), .integer(8)] })
        let folder = Folder()
        try folder.write(DatasetFile.workbook, try WorkbookWriter.data([schools, teachers], created: Self.created))
        let r = DatasetReader.read(folder: folder.url)
        #expect(r.issues.unlistedSummary == ["… and 100 more errors (county.xlsx (教师) 100)"])
        #expect(r.issues.unlistedSummary("zh") == ["…… 另有 100 个错误（county.xlsx 工作表 教师 100）"])
        Self.expectChinese(r.issues.all, "workbook counts")
    }

    @Test("Codable: the Chinese travels with the issue, and an issue without it still decodes")
    func codable() throws {
        let issue = DataIssue(.warning, file: "needs.csv", line: 3, column: "subject", value: "化学", "no teacher", zh: "没有教师")
        let decoded = try JSONDecoder().decode(DataIssue.self, from: JSONEncoder().encode(issue))
        #expect(decoded == issue)
        let old = Data(#"{"severity":"error","file":"teachers.csv","line":5,"message":"a value is required"}"#.utf8)
        let read = try JSONDecoder().decode(DataIssue.self, from: old)
        #expect(read.chinese == nil && read.text("zh") == "错误：teachers.csv 第 5 行：a value is required")
    }
}
