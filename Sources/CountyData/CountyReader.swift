import Foundation
import RotationModel
import Spreadsheets

/// The file names of a county dataset folder.
public enum DatasetFile {
    public static let schools = "schools.csv"
    public static let teachers = "teachers.csv"
    public static let needs = "needs.csv"
    public static let policy = "policy.yaml"
    public static let objections = "objections.csv"
    /// Paired schools (结对学校), optional.
    public static let pairs = "pairs.csv"
    /// The county as one workbook, instead of the three CSV files: sheets 学校 / 教师 / 学科需求 (or schools /
    /// teachers / needs) and, optionally, 异议 (objections) and 结对 (pairs).
    public static let workbook = "county.xlsx"
}

/// Columns of each file (see docs/data-format.md).
enum Columns {
    static let schoolsRequired = ["id", "name", "level", "area", "strength", "students", "lat", "lon"]
    static let schoolsKnown = Set(schoolsRequired + ["students_primary", "students_junior", "staff_quota", "group"]
                                  + AuditIndicator.facilities.map(\.rawValue))
    static let teachersRequired = ["id", "name", "gender", "birth_year", "school_id", "subject", "degree", "years_at_school"]
    /// Optional columns may be left out of the header altogether (`backbone` and `title` then read as `none`).
    static let teachersKnown = Set(teachersRequired + ["backbone", "title", "level", "exempt", "partner_id", "home_lat",
                                                       "home_lon", "lock", "left_school_id", "left_year", "preferences",
                                                       "home_school_id", "term_end_year", "role", "learner", "retrain"])
    static let needsRequired = ["school_id", "subject", "required"]
    static let needsKnown = Set(needsRequired)
    static let objectionsRequired = ["teacher_id", "request", "decision"]
    static let objectionsKnown = Set(objectionsRequired + ["note"])
    static let pairsRequired = ["school_a", "school_b"]
    static let pairsKnown = Set(pairsRequired)
}

/// Reads the three CSV files of a county into a ``County``, checking every cell and every cross-reference.
enum CountyReader {
    static func read(folder: URL, workbook: URL? = nil, policy: Policy, issues: inout DataIssues) -> County? {
        let workbookURL = workbook ?? folder.appendingPathComponent(DatasetFile.workbook)
        if workbook != nil || FileManager.default.fileExists(atPath: workbookURL.path) {
            let csvs = [DatasetFile.schools, DatasetFile.teachers, DatasetFile.needs]
                .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
            if workbook == nil, !csvs.isEmpty {
                issues.error(DatasetFile.workbook, "the folder has both county.xlsx and \(csvs.joined(separator: ", ")): "
                             + "keep the workbook or the CSV files, not both",
                             zh: "文件夹中同时有 county.xlsx 和 \(csvs.joined(separator: "、"))：工作簿和 CSV 文件只能保留一种，"
                                 + "不能同时保留")
                return nil
            }
            return readWorkbook(workbookURL, folder: folder, policy: policy, issues: &issues)
        }
        let schoolsTable = CSVTable.read(folder.appendingPathComponent(DatasetFile.schools), name: DatasetFile.schools,
                                         issues: &issues)
        let teachersTable = CSVTable.read(folder.appendingPathComponent(DatasetFile.teachers),
                                          name: DatasetFile.teachers, issues: &issues)
        let needsURL = folder.appendingPathComponent(DatasetFile.needs)
        let needsTable: CSVTable?
        if FileManager.default.fileExists(atPath: needsURL.path) {
            needsTable = CSVTable.read(needsURL, name: DatasetFile.needs, issues: &issues)
        } else {
            issues.warning(DatasetFile.needs, "no needs.csv in the dataset: no subject shortages will be planned for",
                           zh: "数据集中没有 needs.csv：规划时将不考虑学科缺口")
            needsTable = nil
        }
        let objectionsURL = folder.appendingPathComponent(DatasetFile.objections)
        let objectionsTable = FileManager.default.fileExists(atPath: objectionsURL.path)
            ? CSVTable.read(objectionsURL, name: DatasetFile.objections, issues: &issues) : nil
        let pairsURL = folder.appendingPathComponent(DatasetFile.pairs)
        let pairsTable = FileManager.default.fileExists(atPath: pairsURL.path)
            ? CSVTable.read(pairsURL, name: DatasetFile.pairs, issues: &issues) : nil
        return read(schools: schoolsTable, teachers: teachersTable, needs: needsTable, objections: objectionsTable,
                    pairs: pairsTable, policy: policy, issues: &issues)
    }

    /// The sheets of `county.xlsx`, by the file each stands for: the Chinese name first, then the English.
    static let sheets: [(file: String, names: [String], required: Bool)] = [
        (DatasetFile.schools, ["学校", "schools"], true), (DatasetFile.teachers, ["教师", "teachers"], true),
        (DatasetFile.needs, ["学科需求", "needs"], false), (DatasetFile.objections, ["异议", "objections"], false),
        (DatasetFile.pairs, ["结对", "pairs"], false),
    ]

    /// A county given as one workbook: each sheet read as the CSV file it stands for, every problem then named
    /// by the workbook, the sheet and the row as Excel numbers it. `objections.csv` (`pairs.csv`) beside the workbook
    /// is read when the workbook has no objections (pairs) sheet; both is an error.
    private static func readWorkbook(_ url: URL, folder: URL, policy: Policy, issues: inout DataIssues) -> County? {
        let name = url.lastPathComponent
        var book: WorkbookReader
        do { book = try WorkbookReader(url: url) } catch {
            issues.error(name, "\(error)", zh: ChineseMessages.workbookProblem(error))
            return nil
        }
        var tables: [String: CSVTable] = [:]
        var found: [String: String] = [:]
        var local = DataIssues()
        for sheet in sheets {
            let present = sheet.names.filter { book.sheetNames.contains($0) }
            if present.count > 1 {
                issues.error(name, "the workbook has both sheets \(present.joined(separator: " and ")): keep one",
                             zh: "工作簿中同时有工作表 \(present.joined(separator: " 和 "))：请只保留一个")
                return nil
            }
            guard let sheetName = present.first else {
                if sheet.required {
                    issues.error(name, "the workbook has no sheet \(sheet.names.joined(separator: " or ")) "
                                 + "(its sheets: \(book.sheetNames.joined(separator: ", ")))",
                                 zh: "工作簿中没有工作表 \(sheet.names.joined(separator: " 或 "))"
                                     + "（现有工作表：\(book.sheetNames.joined(separator: "、"))）")
                } else if sheet.file == DatasetFile.needs {
                    issues.warning(name, "no sheet 学科需求 or needs in the workbook: no subject shortages will be planned for",
                                   zh: "工作簿中没有工作表 学科需求 或 needs：规划时将不考虑学科缺口")
                }
                continue
            }
            do {
                guard let read = try book.sheet(sheetName) else { continue }
                found[sheet.file] = sheetName
                if let table = CSVTable.make(sheet: read, name: sheet.file, issues: &local) { tables[sheet.file] = table }
            } catch {
                issues.error(name, "sheet \(sheetName): \(error)",
                             zh: "工作表 \(sheetName)：\(ChineseMessages.workbookProblem(error))")
                return nil
            }
        }
        if found[DatasetFile.schools] == nil || found[DatasetFile.teachers] == nil { return nil }
        // The optional registers: a sheet, or the CSV file beside the workbook, not both.
        var beside: [String: CSVTable] = [:]
        for (file, what, zh) in [(DatasetFile.objections, "objections", "异议记录"), (DatasetFile.pairs, "paired schools", "结对学校")] {
            let url = folder.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            if let sheetName = found[file] {
                issues.error(name, "both the workbook's sheet \(sheetName) and \(file) hold \(what): keep one",
                             zh: "工作簿的工作表 \(sheetName) 和 \(file) 中都有\(zh)：请只保留一处")
                return nil
            }
            beside[file] = CSVTable.read(url, name: file, issues: &issues)
        }
        let county = read(schools: tables[DatasetFile.schools], teachers: tables[DatasetFile.teachers],
                          needs: tables[DatasetFile.needs],
                          objections: tables[DatasetFile.objections] ?? beside[DatasetFile.objections],
                          pairs: tables[DatasetFile.pairs] ?? beside[DatasetFile.pairs], policy: policy, issues: &local)
        local.relabel(found, as: name)
        issues.append(contentsOf: local)
        return county
    }

    static func read(schools schoolsTable: CSVTable?, teachers teachersTable: CSVTable?, needs needsTable: CSVTable?,
                     objections objectionsTable: CSVTable? = nil, pairs pairsTable: CSVTable? = nil, policy: Policy,
                     issues: inout DataIssues) -> County? {
        let year = policy.year
        var schools: [School] = []
        // The ids of school rows with errors: one error where there is one problem, so the teachers and needs
        // that point at such a school are not each reported again (they are counted instead).
        var badSchools: [String: Int] = [:]
        if let t = schoolsTable, t.checkColumns(required: Columns.schoolsRequired, known: Columns.schoolsKnown,
                                                issues: &issues) {
            schools = readRows(t, what: "school", zh: "学校代码", id: \School.id, issues: &issues) { f in
                let school = readSchool(&f)
                if school == nil, let id = f.optionalText("id") { badSchools[id] = f.row.line }
                if let school, school.group == nil, policy.exchangeScope == "group" {
                    f.warning("group", nil, "no group: with exchange_scope: group the school is a group of its own, and its teachers can only stay",
                              zh: "未填写所属学区：交流范围为学区内（exchange_scope: group）时该校自成一个学区，其教师只能留任")
                }
                return school
            }.items
        }
        let schoolByID = Dictionary(uniqueKeysWithValues: schools.map { ($0.id, $0) })
        var notChecked: [String: Int] = [:]
        var notCheckedTeachers: Set<String> = []

        var teachers: [Teacher] = []
        var objections: [Objection] = []
        if let t = teachersTable, t.checkColumns(required: Columns.teachersRequired, known: Columns.teachersKnown,
                                                 issues: &issues) {
            let read = readRows(t, what: "teacher", zh: "教师编号", id: \Teacher.id, issues: &issues) { f in
                if let id = f.optionalText("school_id"), badSchools[id] != nil {
                    notChecked[id, default: 0] += 1
                    if let teacher = f.optionalText("id") { notCheckedTeachers.insert(teacher) }
                    return nil
                }
                return readTeacher(&f, schools: schoolByID, badSchools: Set(badSchools.keys), year: year,
                                   schoolsReadable: schoolsTable != nil)
            }
            teachers = read.items
            if let t = objectionsTable, t.checkColumns(required: Columns.objectionsRequired, known: Columns.objectionsKnown,
                                                       issues: &issues) {
                objections = applyObjections(t, to: &teachers, schools: schoolByID, issues: &issues)
            }
            checkPartners(teachers, lines: read.lines, schools: schoolByID, notChecked: notCheckedTeachers, issues: &issues)
            // `leave` keeps every rule, eligibility included: a teacher who is not eligible needs a lock to a school.
            for t in teachers where t.lock == .leave {
                let e = policy.eligibility(of: t)
                guard !e.isEligible else { continue }
                issues.error(DatasetFile.teachers, line: read.lines[t.id], column: "lock", value: "leave",
                             "the teacher is not eligible this year (\(e.rawValue)), and `leave` keeps the rules; to move "
                             + "them anyway, lock them to a school (its id)",
                             zh: "该教师今年不符合交流条件（\(ChineseMessages.eligibility(e))），而 `leave` 仍须遵守各项规则；"
                                 + "如仍要调动该教师，请将其人工确定到一所学校（填写学校代码）")
            }
        }
        for (id, n) in notChecked.sorted(by: { $0.key < $1.key }) {
            issues.warning(DatasetFile.teachers, column: "school_id", value: id,
                           "\(n) teacher\(n == 1 ? " was" : "s were") not checked: the row of this school in schools.csv "
                           + "(line \(badSchools[id]!)) has errors; fix it first",
                           zh: "有 \(n) 名教师未检查：schools.csv 中此学校所在的行（第 \(badSchools[id]!) 行）有错误，请先改正该行")
        }

        var needs: [SubjectNeed] = []
        if let t = needsTable, t.checkColumns(required: Columns.needsRequired, known: Columns.needsKnown,
                                              issues: &issues) {
            let taught = Set(teachers.flatMap(\.subjectOptions))
            var needLine: [String: Int] = [:]
            for row in t.rows {
                var f = Fields(t, row)
                let schoolID = f.text("school_id")
                if let schoolID, schoolByID[schoolID] == nil, schoolsTable != nil, badSchools[schoolID] == nil {
                    f.error("school_id", schoolID, "no school with this id in schools.csv", zh: "schools.csv 中没有此代码的学校")
                }
                let subject = f.text("subject")
                let required = f.int("required", in: 0...100_000, what: "a whole number ≥ 0", zh: "不小于 0 的整数")
                if let schoolID, let subject, let required, schoolByID[schoolID] != nil {
                    let key = schoolID + "\u{1}" + subject
                    if let first = needLine[key] {
                        f.error("subject", subject, "duplicate need for this school and subject (first on line \(first))",
                                zh: "此学校和学科的需求重复（首次出现在第 \(first) 行）")
                    } else {
                        needLine[key] = row.line
                        if !taught.contains(subject), teachersTable != nil, required > 0 {
                            f.warning("subject", subject, "no teacher in the county teaches this subject: the need "
                                      + "stays unmet and is counted",
                                      zh: "全县没有任教此学科的教师：该需求无法满足，计入学科缺口")
                        }
                        needs.append(SubjectNeed(schoolID: schoolID, subject: subject, required: required))
                    }
                }
                issues.append(contentsOf: f.issues)
            }
        }
        var pairs: [SchoolPair] = []
        if let t = pairsTable, t.checkColumns(required: Columns.pairsRequired, known: Columns.pairsKnown, issues: &issues) {
            pairs = readPairs(t, schools: schoolByID, badSchools: Set(badSchools.keys), schoolsReadable: schoolsTable != nil,
                              issues: &issues)
        }
        guard schoolsTable != nil, teachersTable != nil, !issues.hasErrors else { return nil }
        if schools.isEmpty { issues.error(DatasetFile.schools, "the file has no schools", zh: "文件中没有学校") }
        if teachers.isEmpty { issues.error(DatasetFile.teachers, "the file has no teachers", zh: "文件中没有教师") }
        return issues.hasErrors ? nil
            : County(schools: schools, teachers: teachers, needs: needs, objections: objections, pairs: pairs)
    }

    /// Reads every row of a table with `read`; a second row with an id already used is an error naming the
    /// line of the first (`what` names the item, `zh` its id in Chinese: `学校代码`). Returns the items and the line
    /// of each id.
    private static func readRows<T>(_ table: CSVTable, what: String, zh: String, id: KeyPath<T, String>, issues: inout DataIssues,
                                    read: (inout Fields) -> T?) -> (items: [T], lines: [String: Int]) {
        var items: [T] = []
        var lines: [String: Int] = [:]
        for row in table.rows {
            var f = Fields(table, row)
            if let item = read(&f) {
                let key = item[keyPath: id]
                if let first = lines[key] {
                    f.error("id", key, "duplicate \(what) id (first used on line \(first))",
                            zh: "\(zh)重复（首次出现在第 \(first) 行）")
                } else {
                    lines[key] = row.line
                    items.append(item)
                }
            }
            issues.append(contentsOf: f.issues)
        }
        return (items, lines)
    }

    private static func readSchool(_ f: inout Fields) -> School? {
        let id = f.text("id")
        let name = f.text("name")
        let level = f.code("level", SchoolLevel.self)
        let area = f.code("area", Area.self)
        let strength = f.code("strength", Strength.self)
        let students = f.int("students", in: 0...1_000_000, what: "a whole number of students ≥ 0", zh: "不小于 0 的学生人数（整数）")
        let lat = f.double("lat", in: -90...90, what: "a latitude in decimal degrees (-90 to 90)",
                           zh: "以十进制度数表示的纬度（-90 至 90）")
        let lon = f.double("lon", in: -180...180, what: "a longitude in decimal degrees (-180 to 180)",
                           zh: "以十进制度数表示的经度（-180 至 180）")
        let sp = f.optionalInt("students_primary", in: 0...1_000_000, what: "a whole number of students ≥ 0",
                               zh: "不小于 0 的学生人数（整数）")
        let sj = f.optionalInt("students_junior", in: 0...1_000_000, what: "a whole number of students ≥ 0",
                               zh: "不小于 0 的学生人数（整数）")
        let quota = f.optionalInt("staff_quota", in: 0...100_000, what: "a whole number ≥ 0 (编制 headcount)",
                                  zh: "不小于 0 的整数（编制数）")
        // Free text, trimmed; empty: the school is its own group.
        let group = f.optionalText("group")
        var facilities: [AuditIndicator: Double] = [:]
        var facilitiesReadable = true
        for indicator in AuditIndicator.facilities {
            switch f.optionalDouble(indicator.rawValue, in: 0...1e9, what: "a number ≥ 0 (\(indicator.chinese)), or nothing",
                                    zh: "不小于 0 的数（\(indicator.chinese)），或留空") {
            case .some(.some(let value)): facilities[indicator] = value
            case .some(.none): break
            case .none: facilitiesReadable = false
            }
        }
        guard let id, let name, let level, let area, let strength, let students, let lat, let lon,
              let sp, let sj, let quota, facilitiesReadable else { return nil }
        var studentsPrimary = sp, studentsJunior = sj
        if level != .nineYear, sp != nil || sj != nil {
            f.warning(sp != nil ? "students_primary" : "students_junior", nil,
                      "a split of enrolment is only used for a nine_year school; ignored",
                      zh: "分学段的在校生数只用于九年一贯制（nine_year）学校；已忽略")
            studentsPrimary = nil; studentsJunior = nil
        }
        if level == .nineYear {
            if (sp == nil) != (sj == nil) {
                f.error(sp == nil ? "students_primary" : "students_junior", nil,
                        "give both students_primary and students_junior, or neither",
                        zh: "students_primary 和 students_junior 应同时填写，或都不填")
                return nil
            }
            if let sp, let sj, sp + sj != students {
                f.warning("students", String(students),
                          "students_primary + students_junior = \(sp + sj) differs from students",
                          zh: "students_primary + students_junior = \(sp + sj)，与 students（在校生数）不一致")
            }
            if sp == nil {
                f.warning("students_primary", nil, "a nine_year school without the split of enrolment is left out "
                          + "of the balance figures (give students_primary and students_junior)",
                          zh: "未分学段填写在校生数的九年一贯制学校不计入均衡指标"
                              + "（请填写 students_primary 和 students_junior）")
            }
        }
        return School(id: id, name: name, level: level, area: area, strength: strength, students: students,
                      studentsPrimary: studentsPrimary, studentsJunior: studentsJunior,
                      location: Coordinate(latitude: lat, longitude: lon), staffQuota: quota, facilities: facilities,
                      group: group)
    }

    private static func readTeacher(_ f: inout Fields, schools: [String: School], badSchools: Set<String> = [], year: Int,
                                    schoolsReadable: Bool) -> Teacher? {
        let id = f.text("id")
        let name = f.text("name")
        let gender = f.code("gender", Gender.self)
        let birthYear = f.int("birth_year", in: (year - 100)...year,
                              what: "a birth year from \(year - 100) to \(year): an age of 0 to 100 in the planning year \(year) "
                                  + "(policy key year)",
                              zh: " \(year - 100) 至 \(year) 之间的出生年份：即在规划学年 \(year) 年龄为 0 至 100 岁"
                                  + "（政策键 year）")
        let schoolID = f.text("school_id")
        var school: School?
        if let schoolID {
            school = schools[schoolID]
            if school == nil, schoolsReadable {
                f.error("school_id", schoolID, "no school with this id in schools.csv", zh: "schools.csv 中没有此代码的学校")
            }
        }
        // Several subjects, the main one first (音乐;美术); and subjects the teacher may be retrained for.
        var subjects: [String]?
        if let raw = f.text("subject") {
            let parts = Self.list(raw)
            if parts.isEmpty || parts.count != Set(parts).count {
                f.error("subject", raw, "subjects separated by ';', each once and none empty (the first is the main subject)",
                        zh: "以 ; 分隔的学科，每科一次、不得为空（第一个为主教学科）")
            } else {
                subjects = parts
            }
        }
        let subject = subjects?.first
        let retrain = f.uniqueList("retrain", refusal: { p in
            subjects?.contains(p) == true
                ? ("the teacher already teaches this subject; it is not a retraining option", "该教师已任教此学科，不作为转岗学科") : nil
        }, twice: ("listed twice", "重复填写"))
        let backbone = f.code("backbone", BackboneLevel.self, default: BackboneLevel.none)
        let title = f.code("title", Title.self, default: Title.none)
        let role = f.code("role", Role.self, default: Role.teacher)
        let learner = f.yesNo("learner")
        let degree = f.code("degree", Degree.self)
        let years = f.int("years_at_school", in: 0...80, what: "a whole number of years ≥ 0", zh: "不小于 0 的整数年数")
        var exemption: Exemption?? = .some(nil)
        if f.optionalText("exempt") != nil { exemption = f.code("exempt", Exemption.self).map { .some($0) } }

        var level: TeachingLevel?
        if let raw = f.optionalText("level") {
            level = f.code("level", TeachingLevel.self)
            if let l = level, let s = school, !s.level.admits(l) {
                f.error("level", raw, "a \(l.rawValue) teacher cannot teach at \(s.id), a \(s.level.rawValue) school",
                        zh: "\(ChineseMessages.level(l.rawValue))教师不能在 \(s.id) 任教：\(s.id) 是\(ChineseMessages.school(s.level))")
                level = nil
            }
        } else if let s = school {
            switch s.level {
            case .primary: level = .primary
            case .junior: level = .junior
            case .nineYear:
                f.error("level", nil, "required at a nine_year school (\(s.id)): `primary` or `junior`",
                        zh: "在九年一贯制学校（\(s.id)）任教的教师必须填写任教学段：`primary`（小学）或 `junior`（初中）")
            }
        }

        var home: Coordinate??
        switch (f.optionalText("home_lat"), f.optionalText("home_lon")) {
        case (nil, nil): home = .some(nil)
        case (_?, _?):
            let lat = f.double("home_lat", in: -90...90, what: "a latitude in decimal degrees (-90 to 90)",
                               zh: "以十进制度数表示的纬度（-90 至 90）")
            let lon = f.double("home_lon", in: -180...180, what: "a longitude in decimal degrees (-180 to 180)",
                               zh: "以十进制度数表示的经度（-180 至 180）")
            if let lat, let lon { home = .some(Coordinate(latitude: lat, longitude: lon)) }
        case (nil, _?): f.error("home_lat", nil, "give both home_lat and home_lon, or neither",
                                zh: "home_lat 和 home_lon 应同时填写，或都不填")
        case (_?, nil): f.error("home_lon", nil, "give both home_lat and home_lon, or neither",
                                zh: "home_lat 和 home_lon 应同时填写，或都不填")
        }

        var lock: Lock?? = .some(nil)
        if let raw = f.optionalText("lock") {
            lock = parseLock(raw, column: "lock", schoolID: schoolID, level: level,
                             schools: schools, schoolsReadable: schoolsReadable, &f)
        }

        var leftSchoolID = f.optionalText("left_school_id")
        let leftYear = f.optionalInt("left_year", in: (year - 100)...year, what: "a year not after \(year)",
                                     zh: "不晚于 \(year) 年的年份")
        if let left = leftSchoolID, schools[left] == nil, schoolsReadable, !badSchools.contains(left) {
            f.warning("left_school_id", left, "no school with this id in schools.csv; the no-return rule ignores it",
                      zh: "schools.csv 中没有此代码的学校；回流限制规则忽略此项")
            leftSchoolID = nil
        }
        if leftSchoolID != nil, let ly = leftYear, ly == nil {
            f.warning("left_year", nil, "left_school_id is given without left_year; the no-return rule ignores it",
                      zh: "填写了 left_school_id（上次调出学校）但没有填写 left_year（上次调出年份）；回流限制规则忽略此项")
        }

        let preferences = f.uniqueList("preferences", refusal: { p in
            schools[p] == nil && schoolsReadable && !badSchools.contains(p)
                ? ("no school with this id in schools.csv; the wish is ignored", "schools.csv 中没有此代码的学校；此志愿已忽略") : nil
        }, twice: ("listed twice; the first rank is kept", "重复填写；保留靠前的志愿顺位"))
        let partner = f.optionalText("partner_id")

        // A term (支教/交流): the home school and the last school year of the term, both or neither.
        var homeSchoolID = f.optionalText("home_school_id")
        let termEnd = f.optionalInt("term_end_year", in: (year - 20)...(year + 20), what: "a school year within 20 years of \(year)",
                                    zh: "与 \(year) 相差不超过 20 年的学年")
        switch (homeSchoolID, termEnd) {
        case (_?, .some(nil)):
            f.error("term_end_year", nil, "home_school_id is given: give term_end_year too (the last school year of the term)",
                    zh: "填写了 home_school_id（人事关系学校），还须填写 term_end_year（交流期满学年）")
        case (nil, .some(_?)):
            f.error("home_school_id", nil, "term_end_year is given: give home_school_id too (the school the teacher belongs to)",
                    zh: "填写了 term_end_year（交流期满学年），还须填写 home_school_id（人事关系学校）")
        default: break
        }
        if let h = homeSchoolID {
            if let home = schools[h] {
                if let level, !home.level.admits(level) {
                    f.error("home_school_id", h, "the home school is a \(home.level.rawValue) school; the teacher teaches \(level.rawValue)",
                            zh: "人事关系学校是\(ChineseNames.chineseCodes[home.level.rawValue] ?? home.level.rawValue)学校，而该教师任教\(ChineseNames.chineseCodes[level.rawValue] ?? level.rawValue)")
                }
            } else if schoolsReadable, !badSchools.contains(h) {
                f.error("home_school_id", h, "no school with this id in schools.csv", zh: "schools.csv 中没有此代码的学校")
            }
            if h == schoolID { homeSchoolID = nil }
        }

        guard let id, let name, let gender, let birthYear, let schoolID, let subject, let backbone, let title,
              let degree, let years, let exemption, let level, let home, let lock, let leftYear else { return nil }
        if years > year - birthYear {
            f.warning("years_at_school", String(years), "more years at the school than the teacher's age",
                      zh: "本校连续任教年限超过了教师的年龄")
        }
        var teacher = Teacher(id: id, name: name, gender: gender, birthYear: birthYear, schoolID: schoolID, subject: subject,
                       level: level, backbone: backbone, title: title, degree: degree, yearsAtSchool: years,
                       exemption: exemption, partnerID: partner, home: home, lock: lock, leftSchoolID: leftSchoolID,
                       leftYear: leftSchoolID == nil ? nil : leftYear, preferences: preferences,
                       homeSchoolID: homeSchoolID, termEndYear: homeSchoolID == nil ? nil : termEnd ?? nil)
        teacher.role = role ?? .teacher
        teacher.learner = learner
        teacher.otherSubjects = Array((subjects ?? []).dropFirst())
        teacher.retrain = retrain
        return teacher
    }

    /// The register of objections: each accepted request replaces the teacher's lock; rejected ones are kept to be
    /// reported. A second accepted objection of one teacher is an error naming the first.
    private static func applyObjections(_ table: CSVTable, to teachers: inout [Teacher], schools: [String: School],
                                        issues: inout DataIssues) -> [Objection] {
        var index: [String: Int] = [:]
        for (i, t) in teachers.enumerated() { index[t.id] = i }
        var accepted: [String: Int] = [:]
        var objections: [Objection] = []
        for row in table.rows {
            var f = Fields(table, row)
            let teacherID = f.text("teacher_id"), raw = f.text("request")
            let decision = f.code("decision", Objection.Decision.self)
            let note = f.optionalText("note")
            guard let teacherID, let raw, let decision else { issues.append(contentsOf: f.issues); continue }
            guard let i = index[teacherID] else {
                f.error("teacher_id", teacherID, "no teacher with this id in teachers.csv", zh: "teachers.csv 中没有此编号的教师")
                issues.append(contentsOf: f.issues); continue
            }
            let teacher = teachers[i]
            if let request = parseLock(raw, column: "request", schoolID: teacher.schoolID, level: teacher.level,
                                       schools: schools, schoolsReadable: true, &f), let lock = request {
                objections.append(Objection(teacherID: teacherID, request: lock, decision: decision, note: note))
                if decision == .accepted {
                    if let first = accepted[teacherID] {
                        f.error("teacher_id", teacherID, "a second accepted objection for this teacher (first on line \(first))",
                                zh: "该教师有第二条被采纳的异议（第一条在第 \(first) 行）")
                    } else {
                        accepted[teacherID] = row.line
                        teachers[i].lock = lock
                    }
                }
            }
            issues.append(contentsOf: f.issues)
        }
        return objections
    }

    /// The items of a list in a cell, separated by `;` (or the Chinese `；` and `、`), trimmed, empty ones left out.
    static func list(_ raw: String) -> [String] {
        raw.split { ";；、".contains($0) }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A lock as the office writes it (`stay`/留任, a school id, `leave`, `not:ID;ID…`, `only:ID;ID…`), in the
    /// lock column or as an objection's request; `.some(nil)` is no lock, `nil` an error recorded in `f`.
    static func parseLock(_ raw: String, column: String, schoolID: String?, level: TeachingLevel?, schools: [String: School],
                          schoolsReadable: Bool, _ f: inout Fields) -> Lock?? {
        let lower = raw.lowercased()
        if lower == "stay" || ChineseNames.codes[raw] == "stay" { return .some(.stay) }
        if lower == "leave" { return .some(.leave) }
        if lower.hasPrefix("not:") || lower.hasPrefix("only:") {
            // Lists are separated by ; (or the Chinese ； and 、).
            let ids = list(String(raw.drop { $0 != ":" }.dropFirst()))
            let unknown = ids.filter { schools[$0] == nil }
            if ids.isEmpty || (!unknown.isEmpty && schoolsReadable) {
                f.error(column, raw, ids.isEmpty ? "expected school ids after the colon, such as not:S003;S007"
                        : "no school with the id \(unknown.joined(separator: ", ")) in schools.csv",
                        zh: ids.isEmpty ? "冒号后应填写学校代码，例如 not:S003;S007"
                        : "schools.csv 中没有代码为 \(unknown.joined(separator: "、")) 的学校")
                return nil
            }
            return .some(lower.hasPrefix("not:") ? .notTo(ids) : .onlyTo(ids))
        }
        if let target = schools[raw] {
            if raw == schoolID {
                f.warning(column, raw, "a lock to the teacher's own school; read as `stay`",
                          zh: "人工确定的是该教师的现任学校；按 `stay`（留任）处理")
                return .some(.stay)
            }
            if let l = level, !target.level.admits(l) {
                f.error(column, raw, "the lock sends a \(l.rawValue) teacher to \(raw), a \(target.level.rawValue) "
                        + "school; a lock may break other rules but never the level rule",
                        zh: "人工确定把一名\(ChineseMessages.level(l.rawValue))教师调往 \(raw)，而 \(raw) 是"
                            + "\(ChineseMessages.school(target.level))；人工确定可以突破其他规则，但不能违反学段规则")
                return nil
            }
            return .some(.moveTo(schoolID: raw))
        }
        f.error(column, raw, "expected `stay`, `leave`, `not:ID;ID…`, `only:ID;ID…` or the id of a school in schools.csv",
                zh: "应为 `stay`（留任）、`leave`、`not:ID;ID…`、`only:ID;ID…` 或 schools.csv 中某所学校的代码")
        return nil
    }

    /// The paired schools, in file order. Errors: an unknown school, a school paired with itself, a pair listed
    /// twice (in either order: the first line named), two schools without a level in common (a nine-year school
    /// shares one with any school). A school whose row in schools.csv has errors is not reported again.
    private static func readPairs(_ table: CSVTable, schools: [String: School], badSchools: Set<String>, schoolsReadable: Bool,
                                  issues: inout DataIssues) -> [SchoolPair] {
        var pairs: [SchoolPair] = []
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            var f = Fields(table, row)
            defer { issues.append(contentsOf: f.issues) }
            let a = f.text("school_a"), b = f.text("school_b")
            var known = true
            for (column, id) in [("school_a", a), ("school_b", b)] {
                guard let id else { known = false; continue }
                if schools[id] == nil {
                    known = false
                    if schoolsReadable, !badSchools.contains(id) {
                        f.error(column, id, "no school with this id in schools.csv", zh: "schools.csv 中没有此代码的学校")
                    }
                }
            }
            guard let a, let b, known, let sa = schools[a], let sb = schools[b] else { continue }
            if a == b {
                f.error("school_b", b, "a school cannot be paired with itself", zh: "学校不能与自身结对")
                continue
            }
            let key = min(a, b) + "\u{1}" + max(a, b)
            if let first = firstLine[key] {
                f.error("school_b", b, "the pair \(a)–\(b) is listed twice (first on line \(first))",
                        zh: "结对 \(a)–\(b) 重复（首次出现在第 \(first) 行）")
                continue
            }
            firstLine[key] = row.line
            if sa.level != sb.level, sa.level != .nineYear, sb.level != .nineYear {
                f.error("school_b", b, "\(a) is a \(sa.level.rawValue) school and \(b) a \(sb.level.rawValue) school: paired "
                        + "schools must share a level (a nine_year school shares one with any school)",
                        zh: "\(a) 是\(ChineseMessages.school(sa.level))，\(b) 是\(ChineseMessages.school(sb.level))："
                            + "结对学校须有共同的学段（九年一贯制学校与任何学校都有共同学段）")
                continue
            }
            pairs.append(SchoolPair(a, b))
        }
        return pairs
    }

    private static func checkPartners(_ teachers: [Teacher], lines: [String: Int], schools: [String: School],
                                      notChecked: Set<String> = [], issues: inout DataIssues) {
        let byID = Dictionary(uniqueKeysWithValues: teachers.map { ($0.id, $0) })
        for t in teachers {
            guard let p = t.partnerID else { continue }
            let line = lines[t.id]
            if p == t.id {
                issues.error(DatasetFile.teachers, line: line, column: "partner_id", value: p,
                             "a teacher cannot be their own partner", zh: "教师的配偶不能是其本人")
            } else if let partner = byID[p] {
                if partner.partnerID != t.id {
                    issues.error(DatasetFile.teachers, line: line, column: "partner_id", value: p,
                                 "the partner must point back: \(p) has partner_id "
                                 + (partner.partnerID.map { "\"\($0)\"" } ?? "empty") + ", expected \"\(t.id)\"",
                                 zh: "配偶关系必须双向填写：\(p) 的 partner_id（配偶编号）"
                                     + (partner.partnerID.map { "为 \"\($0)\"" } ?? "为空") + "，应为 \"\(t.id)\"")
                }
            } else if !notChecked.contains(p) {
                issues.error(DatasetFile.teachers, line: line, column: "partner_id", value: p,
                             "no teacher with this id in teachers.csv", zh: "teachers.csv 中没有此编号的教师")
            }
        }
    }
}
