import CountyData
import Foundation
import PropertyBased
import RotationModel
import Testing

let schoolsCSV = """
id,name,level,area,strength,students,students_primary,students_junior,lat,lon,staff_quota
S1,"石桥小学, 东校区",primary,rural,weak,300,,,30.00,117.00,16
S2,城关第一中学,junior,urban,strong,1200,,,30.05,117.02,
S3,"The ""Bridge"" School",nine_year,town,ordinary,600,400,200,30.02,117.05,40

"""

let teachersCSV = """
id,name,gender,birth_year,school_id,subject,level,backbone,title,degree,years_at_school,exempt,partner_id,home_lat,home_lon,lock,left_school_id,left_year,preferences
T1,"王, 芳",F,1985,S1,音乐,,county,first,bachelor,8,,T2,,,,,,S3;S2
T2,李强,M,1983,S2,数学,,none,senior,master,10,,T1,30.01,117.01,,,,
T3,Zhang Wei,M,1990,S3,英语,junior,none,second,bachelor,7,illness,,,,,,,
T4,陈静,F,1992,S3,体育,primary,city,first,associate,2,,,,,stay,S1,2025,

"""

let needsCSV = """
school_id,subject,required
S1,音乐,2
S3,体育,1

"""

func read(schools: String = schoolsCSV, teachers: String = teachersCSV, needs: String? = needsCSV,
          policy: String? = nil, overrides: [String] = []) -> DatasetReport {
    DatasetReader.read(schools: schools, teachers: teachers, needs: needs, policy: policy, overrides: overrides)
}

func errors(_ r: DatasetReport) -> [DataIssue] { r.issues.errors }

@Suite("Reading a county")
struct ReaderTests {
    @Test("a clean dataset: quoted commas and quotes, Chinese text, optional columns")
    func clean() throws {
        let r = read()
        #expect(errors(r) == [])
        let county = try #require(r.county)
        #expect(county.schools.map(\.name) == ["石桥小学, 东校区", "城关第一中学", "The \"Bridge\" School"])
        #expect(county.teacher("T1")?.name == "王, 芳")
        #expect(county.teacher("T1")?.level == .primary)
        #expect(county.teacher("T1")?.preferences == ["S3", "S2"])
        #expect(county.teacher("T4")?.lock == .stay)
        #expect(county.teacher("T3")?.exemption == .illness)
        #expect(county.school("S3")?.studentsJunior == 200)
    }

    @Test("a byte-order mark and CRLF line endings, with a quoted name spanning two lines")
    func bomAndCRLF() throws {
        let crlf = "\u{FEFF}" + teachersCSV.replacingOccurrences(of: "\n", with: "\r\n")
            .replacingOccurrences(of: "Zhang Wei", with: "\"Zhang\r\nWei\"")
            .replacingOccurrences(of: "T4,陈静,F,1992", with: "T4,陈静,X,1992")
        let r = read(schools: "\u{FEFF}" + schoolsCSV.replacingOccurrences(of: "\n", with: "\r\n"), teachers: crlf)
        // The name spanning two lines moves the later rows down by one line.
        #expect(errors(r).map { "\($0.file):\($0.line ?? 0):\($0.column ?? "")" } == ["teachers.csv:6:gender"])
        #expect(errors(r).first?.value == "X")
    }

    @Test("each kind of error, with its exact place")
    func errorsWithPlaces() throws {
        let schools = schoolsCSV + "S1,重复,primary,rural,weak,100,,,30,117,\nS4,新校,middle,rural,weak,-5,,,95,117,\n"
        let teachers = teachersCSV
            .replacingOccurrences(of: "T4,陈静,F,1992,S3", with: "T4,陈静,F,1992,S9")
            .replacingOccurrences(of: ",T1,30.01", with: ",T3,30.01")
            + "T5,赵六,M,19x0,S1,数学,,none,none,bachelor,3,,,,,S2,,,\nT1,重名,F,1980,S1,数学,,none,none,bachelor,3,,,,,,,,\n"
        let needs = needsCSV + "S1,化学,1\nS1,音乐,1\n"
        let r = read(schools: schools, teachers: teachers, needs: needs)
        let found = r.issues.all.map { "\($0.severity.rawValue) \($0.file):\($0.line ?? 0) \($0.column ?? "-") \($0.value ?? "-")" }
        let expected = [
            "error schools.csv:5 id S1",                 // duplicate school id
            "error schools.csv:6 level middle",          // bad code
            "error schools.csv:6 students -5",           // bad number
            "error schools.csv:6 lat 95",                // out of range
            "error teachers.csv:5 school_id S9",         // unknown school
            "error teachers.csv:6 birth_year 19x0",      // bad number
            "error teachers.csv:6 lock S2",              // lock to a school of the wrong level
            "error teachers.csv:7 id T1",                // duplicate teacher id
            "error teachers.csv:2 partner_id T2",        // T2 points to T3, not back to T1
            "error teachers.csv:3 partner_id T3",        // T3 does not point back
            "warning needs.csv:4 subject 化学",          // nobody teaches it
            "error needs.csv:5 subject 音乐",            // duplicate need
        ]
        for e in expected { #expect(found.contains(e), "missing: \(e)\nfound: \(found)") }
        #expect(r.county == nil)
    }

    @Test("missing and unknown columns, ragged rows, an empty file, not UTF-8")
    func structure() throws {
        let r1 = read(schools: schoolsCSV.replacingOccurrences(of: ",strength,", with: ",strong,"))
        #expect(r1.issues.all.contains { $0.severity == .error && $0.file == "schools.csv" && $0.line == 1 && $0.column == "strength" })
        #expect(r1.issues.all.contains { $0.severity == .warning && $0.column == "strong" })
        let r2 = read(needs: needsCSV + "S1,美术\n")
        #expect(r2.issues.errors.contains { $0.file == "needs.csv" && $0.line == 4 && $0.message.contains("3") })
        let r3 = read(needs: "")
        #expect(r3.issues.errors.contains { $0.file == "needs.csv" && $0.message.contains("empty") })
        var issues = DataIssues()
        _ = DatasetReader.read(schools: schoolsCSV, teachers: teachersCSV, needs: nil)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-latin1-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(schoolsCSV.utf8).write(to: folder.appendingPathComponent("schools.csv"))
        try (Data(teachersCSV.prefix(200).utf8) + Data([0xB0, 0xA1]) + Data("\n".utf8)).write(to: folder.appendingPathComponent("teachers.csv"))
        let r4 = DatasetReader.read(folder: folder)
        let badLine = teachersCSV.prefix(200).count { $0 == "\n" } + 1
        #expect(r4.issues.errors.contains { $0.file == "teachers.csv" && $0.message.contains("not UTF-8") && $0.line == badLine })
        issues.warning("x", "y", zh: "乙")
        #expect(issues.warnings.count == 1)
    }

    @Test("policy.yaml: defaults, partial nested maps, unknown keys, bad values, --set overrides")
    func policy() throws {
        let yaml = """
        year: 2028
        rotation_rate: 0.07
        retirement_age: {F: 58}
        weights:
          balance: 50
        colour: blue
        max_turnover: 1.5
        """
        let r = read(policy: yaml, overrides: ["couple_max_km=12.5", "weights.moves=3", "solver.time_limit_s=10"])
        #expect(r.issues.all.contains { $0.severity == .warning && $0.column == "colour" && $0.line == 6 })
        #expect(r.issues.errors.contains { $0.column == "max_turnover" && $0.line == 7 && $0.value == "1.5" })
        let ok = read(policy: yaml.replacingOccurrences(of: "max_turnover: 1.5", with: ""),
                      overrides: ["couple_max_km=12.5", "weights.moves=3", "retirement_age.M=63"])
        let p = try #require(ok.policy)
        #expect(p.year == 2028)
        #expect(p.rotationRate.ceilTimes(100) == 7)
        #expect(p.retirementAge[.female] == 58 && p.retirementAge[.male] == 63)
        #expect(p.weights.balance == 50 && p.weights.moves == 3 && p.weights.shortage == 1000)
        #expect(p.coupleMaxKm == 12.5)
        let bad = read(overrides: ["rotation_rate=fast", "no_such_key=1", "nonsense"])
        #expect(bad.issues.errors.count == 3)
        let broken = read(policy: "year: [2027\n")
        #expect(broken.issues.errors.first?.message.contains("not valid YAML") == true)
    }

    @Test("--set refuses keys with spaces or empty parts, anchors and tags, and an empty subject list")
    func overridesHardened() {
        for bad in ["weights..balance=1", " rotation_rate =0.2", "=1", "year=&a 2027", "year=*a", "year=!!str 2027",
                    "pe_arts_subjects=[]", "audit.standards.primary.degree=4.12345"] {
            let r = read(overrides: [bad])
            #expect(r.issues.errors.count == 1, "\(bad)")
            #expect(r.policy == nil, "\(bad)")
        }
        #expect(read(overrides: ["audit.standards.junior.degree=5.5", "pe_arts_subjects=[体育]"]).issues.errors.isEmpty)
    }

    @Test("one error where there is one problem: a bad school row is not reported again for its teachers, needs and partners")
    func oneErrorPerProblem() {
        let schools = schoolsCSV.replacingOccurrences(of: "primary,rural,weak", with: "middle,rural,weak")
        let r = read(schools: schools)
        #expect(r.issues.errors.count == 1)
        #expect(r.issues.errors.first.map { ($0.file, $0.line, $0.column) } ?? ("", nil, nil) == ("schools.csv", 2, "level"))
        #expect(r.issues.warnings.contains { $0.value == "S1" && $0.message.contains("1 teacher was not checked") })
    }

    @Test("optional columns may be left out of the header: backbone and title then read as none")
    func optionalColumnsMayBeAbsent() throws {
        let header = "id,name,gender,birth_year,school_id,subject,degree,years_at_school\n"
        let r = read(teachers: header + "T1,王芳,F,1985,S1,音乐,bachelor,8\nT2,李强,M,1983,S2,数学,master,10\n", needs: nil)
        #expect(r.issues.errors.isEmpty)
        let county = try #require(r.county)
        #expect(county.teachers.allSatisfy { $0.backbone == .none && $0.title == .none })
    }

    @Test("locks leave, not: and only: are read; an unknown school or leave on a teacher who is not eligible is an error")
    func objectionLocks() throws {
        // T1 (eligible) leave, T2 (eligible) not: S1, T3 (exempt) only: S1；S2.
        let teachers = teachersCSV
            .replacingOccurrences(of: ",T2,,,,,,S3;S2", with: ",T2,,,leave,,,S3;S2")
            .replacingOccurrences(of: "30.01,117.01,,,,", with: "30.01,117.01,not:S1,,,")
            .replacingOccurrences(of: "illness,,,,,,,", with: "illness,,,,only:S1；S2,,,")
        let r = read(teachers: teachers)
        let county = try #require(r.county, "\(r.issues.errors)")
        #expect(county.teacher("T1")?.lock == .leave)
        #expect(county.teacher("T2")?.lock == .notTo(["S1"]))
        #expect(county.teacher("T3")?.lock == .onlyTo(["S1", "S2"]))
        let unknown = read(teachers: teachers.replacingOccurrences(of: "not:S1", with: "not:S9"))
        #expect(unknown.issues.errors.contains { $0.column == "lock" && $0.message.contains("S9") })
        // T4 has 2 years at the school: not eligible, so `leave` is an input error that says what to do.
        let notEligible = read(teachers: teachersCSV.replacingOccurrences(of: ",stay,S1,2025,", with: ",leave,S1,2025,"))
        #expect(notEligible.issues.errors.contains { $0.column == "lock" && $0.line == 5 && $0.message.contains("lock them to a school") })
    }

    @Test("objections.csv: an accepted request replaces the teacher's lock, a rejected one is kept to report; errors name the cell")
    func objectionsRegister() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-obj-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try schoolsCSV.write(to: folder.appendingPathComponent("schools.csv"), atomically: true, encoding: .utf8)
        try teachersCSV.write(to: folder.appendingPathComponent("teachers.csv"), atomically: true, encoding: .utf8)
        try needsCSV.write(to: folder.appendingPathComponent("needs.csv"), atomically: true, encoding: .utf8)
        let register = folder.appendingPathComponent("objections.csv")
        try "教师编号,申请,决定,备注\nT1,not:S2,采纳,\nT2,leave,rejected,家庭原因\n".write(to: register, atomically: true, encoding: .utf8)
        let r = DatasetReader.read(folder: folder)
        let county = try #require(r.county, "\(r.issues.errors)")
        #expect(county.teacher("T1")?.lock == .notTo(["S2"]))
        #expect(county.teacher("T2")?.lock == nil)
        #expect(county.objections.map(\.decision) == [.accepted, .rejected])
        try "teacher_id,request,decision\nT9,stay,accepted\nT1,S9,accepted\nT1,stay,maybe\n".write(to: register, atomically: true, encoding: .utf8)
        let bad = DatasetReader.read(folder: folder)
        #expect(bad.issues.errors.contains { $0.file == "objections.csv" && $0.line == 2 && $0.column == "teacher_id" })
        #expect(bad.issues.errors.contains { $0.file == "objections.csv" && $0.line == 3 && $0.column == "request" })
        #expect(bad.issues.errors.contains { $0.file == "objections.csv" && $0.line == 4 && $0.column == "decision" })
    }

    @Test("a file of countless bad rows: a few hundred listed, the rest counted; a file beyond the size limit is refused")
    func boundedReading() throws {
        var rows = "id,name,gender,birth_year,school_id,subject,backbone,title,degree,years_at_school\n"
        for _ in 0..<2_000 { rows += "T9,x,y\n" }
        let r = read(teachers: rows)
        #expect(r.issues.all.count <= DataIssues.listed * 2)
        #expect(r.issues.errorCount >= 2_000)
        #expect(r.issues.unlistedSummary.first?.contains("teachers.csv") == true)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-big-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try schoolsCSV.write(to: folder.appendingPathComponent("schools.csv"), atomically: true, encoding: .utf8)
        try needsCSV.write(to: folder.appendingPathComponent("needs.csv"), atomically: true, encoding: .utf8)
        try Data(count: DatasetReader.maximumFileBytes + 1).write(to: folder.appendingPathComponent("teachers.csv"))
        let big = DatasetReader.read(folder: folder)
        #expect(big.policy == nil)
        #expect(big.issues.errors.contains { $0.file == "teachers.csv" && $0.message.contains("at most 32 MiB") })
    }

    @Test("policy.yaml: a key given twice is reported at its second line, naming the first")
    func duplicateKey() {
        let top = read(policy: "rotation_rate: 0.2\nyear: 2027\nrotation_rate: 0.3\n")
        #expect(top.issues.errors.count == 1)
        #expect(top.issues.errors.first.map { ($0.column, $0.line) } ?? (nil, nil) == ("rotation_rate", 3))
        #expect(top.issues.errors.first?.message.contains("first on line 1") == true)
        #expect(top.issues.errors.first?.message.contains("year: 2027") == false)   // not the whole file
        let nested = read(policy: "weights:\n  balance: 5\n  moves: 2\n  balance: 6\n")
        #expect(nested.issues.errors.first.map { ($0.column, $0.line) } ?? (nil, nil) == ("balance", 4))
        #expect(nested.issues.errors.first?.message.contains("first on line 2") == true)
    }

    @Test("policy.yaml that exists but cannot be read is an error, never the default policy; one that is absent is a warning")
    func unreadablePolicy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-policy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try schoolsCSV.write(to: folder.appendingPathComponent("schools.csv"), atomically: true, encoding: .utf8)
        try teachersCSV.write(to: folder.appendingPathComponent("teachers.csv"), atomically: true, encoding: .utf8)
        try needsCSV.write(to: folder.appendingPathComponent("needs.csv"), atomically: true, encoding: .utf8)
        let policy = folder.appendingPathComponent("policy.yaml")
        #expect(DatasetReader.read(folder: folder).issues.warnings.contains { $0.file == "policy.yaml" })
        #expect(DatasetReader.read(folder: folder).policy != nil)
        try FileManager.default.createDirectory(at: policy, withIntermediateDirectories: true)
        #expect(DatasetReader.read(folder: folder).policy == nil)
        try FileManager.default.removeItem(at: policy)
        try FileManager.default.createSymbolicLink(atPath: policy.path, withDestinationPath: policy.path)   // a loop
        #expect(DatasetReader.read(folder: folder).policy == nil)
        try FileManager.default.removeItem(at: policy)
        try Data([0x79, 0x65, 0x61, 0x72, 0x3A, 0x20, 0x32, 0x30, 0x32, 0x37, 0x0A, 0xFF, 0xFE]).write(to: policy)
        let notUTF8 = DatasetReader.read(folder: folder)
        #expect(notUTF8.policy == nil)
        #expect(notUTF8.issues.errors.contains { $0.file == "policy.yaml" && $0.line == 2 })
    }

    @Test("exact decimal quotas: 10% of 30 is 3, 0.07 × 100 = 7, 0.29 × 100 = 29")
    func quotas() {
        #expect(Rate(decimal: "0.1")!.ceilTimes(30) == 3)
        #expect(Rate(decimal: "0.07")!.ceilTimes(100) == 7)
        #expect(Rate(decimal: "0.14")!.floorTimes(50) == 7)
        #expect(Rate(decimal: "0.29")!.floorTimes(100) == 29)
        #expect(Rate(decimal: "15%")!.ceilTimes(20) == 3)
        #expect(Rate(decimal: "1e-1") == nil)
    }

    @Test("eligibility: lock, exemption, retirement, tenure, in that order")
    func eligibility() throws {
        let county = try #require(read().county)
        let p = Policy()
        #expect(p.eligibility(of: county.teacher("T1")!) == .eligible)
        #expect(p.eligibility(of: county.teacher("T3")!) == .exempt)
        #expect(p.eligibility(of: county.teacher("T4")!) == .lockedStay)
        var old = county.teacher("T2")!
        old.birthYear = p.year - 55   // 60 − 5
        #expect(p.eligibility(of: old) == .retirement)
        old.birthYear = p.year - 54
        old.yearsAtSchool = 5
        #expect(p.eligibility(of: old) == .tenure)
    }
}

/// The four files of the fuzz tests: schools, teachers, needs and a policy.
let fuzzFiles = [schoolsCSV, teachersCSV, needsCSV, "year: 2027\nweights: {balance: 5}\nrotation_rate: 0.1\n"]

/// One of ``fuzzFiles`` with `edits` random deletions, insertions and replacements from `alphabet`, read.
func readMutated(_ which: Int, edits: Int, rng: inout SplitMix64, alphabet: [Character]) -> (text: String, report: DatasetReport) {
    var chars = Array(fuzzFiles[which])
    for _ in 0..<edits {
        let i = Int(rng.next() % UInt64(max(1, chars.count)))
        switch rng.next() % 3 {
        case 0: if !chars.isEmpty { chars.remove(at: min(i, chars.count - 1)) }
        case 1: chars.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: min(i, chars.count))
        default: if !chars.isEmpty { chars[min(i, chars.count - 1)] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        }
    }
    let text = String(chars)
    switch which {
    case 0: return (text, read(schools: text))
    case 1: return (text, read(teachers: text))
    case 2: return (text, read(needs: text))
    default: return (text, read(policy: text))
    }
}

@Suite("No input crashes the reader")
struct FuzzTests {
    @Test("mutated CSV and YAML give clean errors")
    func mutations() async {
        let alphabet = Array(",\"\n\r;:{}[]-.0123456789abcXYZ石\u{FEFF}\t #'")
        await propertyCheck(count: 300, input: Gen.int(in: 0...3), Gen.int(in: 0...10_000), Gen.int(in: 1...12)) { which, seed, edits in
            var rng = SplitMix64(seed: UInt64(seed))
            let r = readMutated(which, edits: edits, rng: &rng, alphabet: alphabet).report
            // Either a county, or errors that say where.
            #expect(r.county != nil || r.issues.hasErrors)
            for e in r.issues.all { #expect(!e.message.isEmpty && !e.file.isEmpty) }
        }
    }

    @Test("the generator's counties read back without errors")
    func generated() throws {
        let county = CountyGenerator(schools: 20, teachers: 700, seed: 3).generate()
        let r = DatasetReader.read(schools: CountyWriter.schoolsCSV(county), teachers: CountyWriter.teachersCSV(county),
                                   needs: CountyWriter.needsCSV(county), policy: CountyWriter.policyYAML(Policy()))
        #expect(r.issues.errors == [])
        #expect(r.county?.teachers == county.teachers.map { t in var t = t; t.home = t.home.map { roundTrip($0) }; return t })
    }

    func roundTrip(_ c: Coordinate) -> Coordinate {
        Coordinate(latitude: Double(String(format: "%.6f", c.latitude))!, longitude: Double(String(format: "%.6f", c.longitude))!)
    }
}

@Suite("Chinese column names and codes")
struct ChineseInputTests {
    /// The Chinese names of docs/data-format.md, written out here independently of the reader's table.
    static let headers: [String: String] = [
        "id": "学校代码", "name": "学校名称", "level": "学段", "area": "城乡类别", "strength": "办学水平", "students": "在校生数",
        "students_primary": "小学学生数", "students_junior": "初中学生数", "lat": "纬度", "lon": "经度", "staff_quota": "编制数",
        "rooms_m2_per_student": "生均教学及辅助用房面积", "sports_m2_per_student": "生均体育运动场馆面积",
        "equipment_yuan_per_student": "生均教学仪器设备值", "multimedia_per_100": "每百名学生拥有网络多媒体教室数",
    ]
    static let teacherHeaders: [String: String] = [
        "id": "教师编号", "name": "姓名", "gender": "性别", "birth_year": "出生年份", "school_id": "现任教学校", "subject": "任教学科",
        "level": "任教学段", "backbone": "骨干教师", "title": "职称", "degree": "学历", "years_at_school": "本校连续任教年限",
        "exempt": "免于交流", "partner_id": "配偶编号", "home_lat": "住址纬度", "home_lon": "住址经度", "lock": "人工确定",
        "left_school_id": "上次调出学校", "left_year": "上次调出年份", "preferences": "意向学校",
    ]
    static let needHeaders = ["school_id": "学校代码", "subject": "学科", "required": "需求人数"]
    static let codes: [String: String] = [
        "primary": "小学", "junior": "初中", "nine_year": "九年一贯制", "urban": "城区", "town": "镇区", "rural": "乡村",
        "strong": "优质校", "ordinary": "普通校", "weak": "薄弱校", "M": "男", "F": "女", "none": "无", "county": "县级",
        "city": "市级", "province": "省级", "secondary": "中专", "associate": "专科", "bachelor": "本科", "master": "硕士",
        "doctor": "博士", "second": "二级", "first": "一级", "senior": "高级", "stay": "留任",
    ]
    static let codeColumns: Set<String> = ["level", "area", "strength", "gender", "backbone", "title", "degree", "lock"]

    /// A CSV text with Chinese headers and codes (cells are plain here: the generator writes no quotes).
    static func chinese(_ text: String, _ headers: [String: String]) -> String {
        var lines = text.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        lines[0] = header.map { headers[$0] ?? $0 }
        for r in 1..<lines.count {
            lines[r] = lines[r].enumerated().map { i, v in codeColumns.contains(header[i]) ? (codes[v] ?? v) : v }
        }
        return lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    @Test("a whole county written with Chinese headers and codes reads as the same county")
    func wholeCounty() throws {
        let county = CountyGenerator(schools: 12, teachers: 300, seed: 5).generate()
        let english = DatasetReader.read(schools: CountyWriter.schoolsCSV(county), teachers: CountyWriter.teachersCSV(county),
                                         needs: CountyWriter.needsCSV(county))
        let zh = DatasetReader.read(schools: Self.chinese(CountyWriter.schoolsCSV(county), Self.headers),
                                    teachers: Self.chinese(CountyWriter.teachersCSV(county), Self.teacherHeaders),
                                    needs: Self.chinese(CountyWriter.needsCSV(county), Self.needHeaders))
        #expect(zh.issues.errors.isEmpty, "\(zh.issues.errors.prefix(3))")
        #expect(try #require(zh.county).teachers == english.county!.teachers)
        #expect(zh.county!.schools == english.county!.schools)
        #expect(zh.county!.needs == english.county!.needs)
    }

    @Test("one column given in both languages is an error naming both")
    func bothNames() {
        let r = read(schools: schoolsCSV.replacingOccurrences(of: "staff_quota\n", with: "编制数\n")
            .replacingOccurrences(of: ",16\n", with: ",16\n").replacingOccurrences(of: "id,name,level", with: "id,学校名称,name,level"),
                     teachers: teachersCSV)
        #expect(r.issues.errors.contains { $0.message.contains("学校名称") && $0.message.contains("name") })
    }
}

@Suite("Several subjects and retraining options (R14)")
struct SubjectListTests {
    @Test("subject lists the main subject first, separated by ; ； or 、; retrain lists subjects the teacher does not teach")
    func lists() throws {
        let teachers = """
        id,name,gender,birth_year,school_id,subject,level,backbone,title,degree,years_at_school,exempt,partner_id,home_lat,home_lon,lock,left_school_id,left_year,preferences,retrain
        T1,"王, 芳",F,1985,S1,音乐；美术,,county,first,bachelor,8,,T2,,,,,,S3;S2,英语
        T2,李强,M,1983,S2,数学、科学;体育,,none,senior,master,10,,T1,30.01,117.01,,,,,
        T3,Zhang Wei,M,1990,S3,英语,junior,none,second,bachelor,7,illness,,,,,,,,
        T4,陈静,F,1992,S3,体育,primary,city,first,associate,2,,,,,stay,S1,2025,,体育;美术;美术

        """
        let r = read(teachers: teachers)
        #expect(errors(r).isEmpty, "\(errors(r))")
        let county = try #require(r.county)
        #expect(county.teachers[0].subject == "音乐" && county.teachers[0].otherSubjects == ["美术"] && county.teachers[0].retrain == ["英语"])
        #expect(county.teachers[1].subjects == ["数学", "科学", "体育"])
        // T4 already teaches 体育, and lists 美术 twice: two warnings, 美术 kept once.
        #expect(county.teachers[3].retrain == ["美术"])
        #expect(r.issues.warnings.filter { $0.column == "retrain" && $0.line == 5 }.count == 2, "\(r.issues.warnings)")
        // Written and read again: the same teachers.
        let again = read(teachers: CountyWriter.teachersCSV(county))
        #expect(again.county?.teachers == county.teachers)
    }

    @Test("a subject listed twice is an error naming the line, the column and the value")
    func duplicate() {
        let r = read(teachers: teachersCSV.replacingOccurrences(of: ",S2,数学,,none", with: ",S2,数学;数学,,none"))
        #expect(errors(r).contains { $0.line == 3 && $0.column == "subject" && $0.value == "数学;数学" }, "\(errors(r))")
    }

    @Test("the generator's --subjects and --quotas: the same teachers otherwise, some with several subjects, quotas over and under")
    func generator() {
        let base = CountyGenerator(schools: 12, teachers: 300, seed: 5).generate()
        let more = CountyGenerator.withQuotas(CountyGenerator.withSubjects(base, seed: 5), seed: 5)
        #expect(more.teachers.map(\.id) == base.teachers.map(\.id) && more.teachers.map(\.subject) == base.teachers.map(\.subject))
        #expect(more.teachers.count { !$0.otherSubjects.isEmpty } > 20 && more.teachers.count { !$0.retrain.isEmpty } > 10)
        #expect(more.teachers.allSatisfy { Set($0.subjectOptions).count == $0.subjectOptions.count })
        let staff = Dictionary(grouping: more.teachers, by: \.schoolID).mapValues(\.count)
        #expect(more.schools.contains { $0.staffQuota! > staff[$0.id]! } && more.schools.contains { $0.staffQuota! < staff[$0.id]! })
    }
}
