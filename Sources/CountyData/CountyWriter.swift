import OutputFiles
import Foundation
import RotationModel
import Spreadsheets

/// Writes a ``County`` and a policy in the dataset format that ``DatasetReader`` reads.
public enum CountyWriter {
    public static func schoolsCSV(_ county: County) -> String {
        let t = schoolsTable(county)
        return CSVText.make(header: t.header, rows: t.rows, forSpreadsheets: false)
    }

    static func schoolsTable(_ county: County) -> (header: [String], rows: [[String]]) {
        // Facility columns only when some school has them, so that a county without them reads as before.
        let facilities = AuditIndicator.facilities.filter { f in county.schools.contains { $0.facilities[f] != nil } }
        // The group column only when some school is in a group, likewise.
        let groups = county.schools.contains { $0.group != nil }
        let header = ["id", "name", "level", "area", "strength", "students", "students_primary", "students_junior",
                      "lat", "lon", "staff_quota"] + facilities.map(\.rawValue) + (groups ? ["group"] : [])
        let rows = county.schools.map { s -> [String] in
            let base: [String] = [s.id, s.name, s.level.rawValue, s.area.rawValue, s.strength.rawValue, String(s.students),
                                  s.studentsPrimary.map(String.init) ?? "", s.studentsJunior.map(String.init) ?? "",
                                  coordinate(s.location.latitude), coordinate(s.location.longitude),
                                  s.staffQuota.map(String.init) ?? ""]
            let extra: [String] = facilities.map { f in s.facilities[f].map(PolicyKey.number) ?? "" }
            return base + extra + (groups ? [s.group ?? ""] : [])
        }
        return (header, rows)
    }

    public static func teachersCSV(_ county: County) -> String {
        let t = teachersTable(county)
        return CSVText.make(header: t.header, rows: t.rows, forSpreadsheets: false)
    }

    static func teachersTable(_ county: County) -> (header: [String], rows: [[String]]) {
        // The term columns only when some teacher serves a term, so that a county without terms reads as before.
        let terms = county.teachers.contains { $0.homeSchoolID != nil }
        // The role column only when some teacher leads (校长, 副校长, 中层干部).
        let roles = county.teachers.contains { $0.role.isLeader }
        let learners = county.teachers.contains { $0.learner }
        // The retrain column only when some teacher may be retrained (转岗).
        let retrain = county.teachers.contains { !$0.retrain.isEmpty }
        let header = ["id", "name", "gender", "birth_year", "school_id", "subject", "level", "backbone", "title", "degree",
                      "years_at_school", "exempt", "partner_id", "home_lat", "home_lon", "lock", "left_school_id",
                      "left_year", "preferences"] + (terms ? ["home_school_id", "term_end_year"] : []) + (roles ? ["role"] : [])
                      + (learners ? ["learner"] : []) + (retrain ? ["retrain"] : [])
        let rows = county.teachers.map { t -> [String] in
            let lock = t.lock?.text ?? ""
            var row: [String] = [t.id, t.name, t.gender.rawValue, String(t.birthYear), t.schoolID, t.subjects.joined(separator: ";"),
                                 t.level.rawValue]
            row += [t.backbone.rawValue, t.title.rawValue, t.degree.rawValue, String(t.yearsAtSchool)]
            row += [t.exemption?.rawValue ?? "", t.partnerID ?? ""]
            row += [t.home.map { coordinate($0.latitude) } ?? "", t.home.map { coordinate($0.longitude) } ?? ""]
            row += [lock, t.leftSchoolID ?? "", t.leftYear.map(String.init) ?? "", t.preferences.joined(separator: ";")]
            if terms { row += [t.homeSchoolID ?? "", t.termEndYear.map(String.init) ?? ""] }
            if roles { row.append(t.role.rawValue) }
            if learners { row.append(t.learner ? "yes" : "") }
            if retrain { row.append(t.retrain.joined(separator: ";")) }
            return row
        }
        return (header, rows)
    }

    public static func needsCSV(_ county: County) -> String {
        let t = needsTable(county)
        return CSVText.make(header: t.header, rows: t.rows, forSpreadsheets: false)
    }

    static func needsTable(_ county: County) -> (header: [String], rows: [[String]]) {
        (["school_id", "subject", "required"], county.needs.map { [$0.schoolID, $0.subject, String($0.required)] })
    }

    public static func pairsCSV(_ county: County) -> String {
        let t = pairsTable(county)
        return CSVText.make(header: t.header, rows: t.rows, forSpreadsheets: false)
    }

    static func pairsTable(_ county: County) -> (header: [String], rows: [[String]]) {
        (["school_a", "school_b"], county.pairs.map { [$0.a, $0.b] })
    }

    /// The county as one workbook, `county.xlsx`, in the office's own words: sheets 学校, 教师 and 学科需求 (and 结对
    /// when the county has paired schools) with the Chinese column names and codes of docs/data-format.md (or the
    /// English ones with `chinese: false`), counts and coordinates as numbers.
    public static func workbook(_ county: County, chinese: Bool = true, created: Date) throws -> Data {
        let numeric = Set<String>(["students", "students_primary", "students_junior", "lat", "lon", "staff_quota", "birth_year",
                                    "years_at_school", "home_lat", "home_lon", "left_year", "required"])
            .union(AuditIndicator.facilities.map(\.rawValue)).union(["term_end_year"])
        let codeColumns: Set<String> = ["level", "area", "strength", "gender", "backbone", "title", "degree", "lock", "role"]
        let codeNames = Dictionary(ChineseNames.codes.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        func sheet(_ file: String, _ names: (zh: String, en: String), _ table: (header: [String], rows: [[String]])) -> Sheet {
            let columnNames = ChineseNames.chineseColumns[file] ?? [:]
            let rows = table.rows.map { row in
                row.enumerated().map { i, value -> Cell in
                    let column = table.header[i]
                    if value.isEmpty { return .empty }
                    if numeric.contains(column), let d = Double(value) {
                        return .number(d, decimals: value.split(separator: ".").dropFirst().first?.count ?? 0)
                    }
                    if chinese, codeColumns.contains(column) {
                        if value == "none", column == "backbone" || column == "title" { return .text(ChineseNames.none) }
                        return .text(codeNames[value] ?? value)
                    }
                    return .text(value)
                }
            }
            return Sheet(name: chinese ? names.zh : names.en,
                         header: chinese ? table.header.map { columnNames[$0] ?? $0 } : table.header, rows: rows)
        }
        return try WorkbookWriter.data([
            sheet(DatasetFile.schools, ("学校", "schools"), schoolsTable(county)),
            sheet(DatasetFile.teachers, ("教师", "teachers"), teachersTable(county)),
            sheet(DatasetFile.needs, ("学科需求", "needs"), needsTable(county)),
        ] + (county.pairs.isEmpty ? [] : [sheet(DatasetFile.pairs, ("结对", "pairs"), pairsTable(county))]), created: created)
    }

    /// A policy file with a comment on every key, holding the values of `policy`: one line per key of
    /// ``Policy/keys``, nested keys under their mapping.
    public static func policyYAML(_ p: Policy) -> String {
        var lines = ["# Rotation policy for one school year. Every key is optional; the values below are the defaults",
                     "# unless the county changed them. Keys and meanings: docs/data-format.md."]
        var open: [Substring] = []   // the mappings the previous key was in
        func line(_ text: String, _ key: PolicyKey) -> String {
            let comment = "# \(key.chinese): \(key.doc)" + (key.usedBy.isEmpty ? "" : " (\(key.usedBy.joined(separator: ", ")))")
            return text.padding(toLength: max(text.count + 1, 30), withPad: " ", startingAt: 0) + comment
        }
        for key in Policy.keys {
            let parts = key.name.split(separator: ".")
            let groups = Array(parts.dropLast())
            var common = 0
            while common < min(groups.count, open.count) && groups[common] == open[common] { common += 1 }
            for depth in common..<groups.count {
                lines.append(String(repeating: "  ", count: depth) + "\(groups[depth]):")
            }
            open = groups
            lines.append(line(String(repeating: "  ", count: groups.count) + "\(parts.last!): \(key.text(in: p))", key))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The key table of docs/data-format.md, made from ``Policy/keys`` (a test keeps the two the same).
    public static func policyKeysMarkdown() -> String {
        let defaults = Policy()
        var lines = ["| key | 中文 | value | default | meaning | read by |", "|---|---|---|---|---|---|"]
        for key in Policy.keys {
            let usedBy = key.usedBy.isEmpty ? "" : key.usedBy.joined(separator: ", ")
            lines.append("| `\(key.name)` | \(key.chinese) | \(key.allowed) | `\(key.text(in: defaults))` | \(key.doc) | \(usedBy) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes a dataset folder atomically: the three CSV files (and `pairs.csv` when the county has paired schools),
    /// or `county.xlsx` when `workbook`.
    public static func write(_ county: County, policy: Policy, to folder: URL, workbook: Bool = false) throws {
        try dataset(county, policy: policy, to: folder, workbook: workbook).commit()
    }

    /// The files of a dataset folder, not yet written (a simulation puts one inside each year's folder).
    public static func dataset(_ county: County, policy: Policy, to folder: URL, workbook: Bool = false) throws -> OutputDirectory {
        var out = OutputDirectory(folder)
        out.isDataset = true
        if workbook {
            out.add(DatasetFile.workbook, data: try self.workbook(county, created: Workbook.created(year: policy.year)))
        } else {
            out.add(DatasetFile.schools, schoolsCSV(county))
            out.add(DatasetFile.teachers, teachersCSV(county))
            out.add(DatasetFile.needs, needsCSV(county))
            if !county.pairs.isEmpty { out.add(DatasetFile.pairs, pairsCSV(county)) }
        }
        out.add(DatasetFile.policy, policyYAML(policy))
        return out
    }

    static func coordinate(_ d: Double) -> String {
        let scaled = (d * 1_000_000).rounded() / 1_000_000
        return String(format: "%.6f", scaled)
    }
}
