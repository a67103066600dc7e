import Foundation
import RotationModel

/// A county and its policy, read from a dataset folder, with the warnings found on the way.
public struct Dataset: Sendable {
    public var county: County
    public var policy: Policy
    public var warnings: [DataIssue]
    /// The folder the dataset was read from.
    public var folder: URL

    public init(county: County, policy: Policy, warnings: [DataIssue] = [], folder: URL) {
        self.county = county; self.policy = policy; self.warnings = warnings; self.folder = folder
    }

    /// Reads a dataset folder: `schools.csv`, `teachers.csv`, `needs.csv` and `policy.yaml` (or `policyFile`),
    /// then applies `overrides` (`key=value`). Throws ``InvalidDataset`` listing every error found.
    public static func load(folder: URL, policyFile: URL? = nil, overrides: [String] = []) throws -> Dataset {
        let report = DatasetReader.read(folder: folder, policyFile: policyFile, overrides: overrides)
        guard let county = report.county, let policy = report.policy, !report.issues.hasErrors else {
            throw InvalidDataset(report.issues)
        }
        return Dataset(county: county, policy: policy, warnings: report.issues.warnings, folder: folder)
    }
}

/// Everything reading a dataset found: the county and policy when they could be read, and all issues.
public struct DatasetReport: Sendable {
    public var county: County?
    public var policy: Policy?
    public var issues: DataIssues
}

public enum DatasetReader {
    /// The largest CSV file read (32 MiB): reading is bounded on any input.
    public static let maximumFileBytes = CSVTable.maximumBytes

    /// Reads the policy first (the planning year decides which birth years are plausible), then the county.
    public static func read(folder: URL, policyFile: URL? = nil, overrides: [String] = []) -> DatasetReport {
        var issues = DataIssues()
        var isDirectory: ObjCBool = false
        // A workbook may be given itself: its folder holds policy.yaml.
        var folder = folder, workbook: URL?
        if folder.pathExtension.lowercased() == "xlsx", FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
           !isDirectory.boolValue {
            workbook = folder
            folder = folder.deletingLastPathComponent()
        }
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            issues.error(folder.path, "not a dataset folder (expected a folder with schools.csv, teachers.csv, "
                         + "needs.csv and policy.yaml, or with county.xlsx and policy.yaml)",
                         zh: "不是数据集文件夹（应为含有 schools.csv、teachers.csv、needs.csv 和 policy.yaml 的文件夹，"
                             + "或含有 county.xlsx 和 policy.yaml 的文件夹）")
            return DatasetReport(county: nil, policy: nil, issues: issues)
        }
        var policy = Policy()
        let policyURL = policyFile ?? folder.appendingPathComponent(DatasetFile.policy)
        let policyName = policyFile?.path ?? DatasetFile.policy
        // Something at the path (a file, a folder, a link, even a broken or looping one) must be a readable
        // policy: only a policy.yaml that is not there at all means the defaults.
        let present = (try? FileManager.default.attributesOfItem(atPath: policyURL.path)) != nil
        var isFolder: ObjCBool = false
        if present, FileManager.default.fileExists(atPath: policyURL.path, isDirectory: &isFolder), !isFolder.boolValue,
           let data = FileManager.default.contents(atPath: policyURL.path) {
            if let text = String(data: data, encoding: .utf8) {
                PolicyReader.apply(yaml: text, file: policyName, to: &policy, issues: &issues)
            } else {
                issues.error(policyName, line: PolicyReader.firstLineNotUTF8(data), "the file is not UTF-8 text (save it as UTF-8)",
                             zh: "文件不是 UTF-8 编码的文本（请另存为 UTF-8 编码）")
            }
        } else if present || policyFile != nil {
            issues.error(policyName, isFolder.boolValue ? "a folder, not a policy file"
                         : "cannot read the policy file (missing, unreadable, or a link that leads nowhere)",
                         zh: isFolder.boolValue ? "这是一个文件夹，不是政策文件"
                         : "无法读取政策文件（文件不存在、无法读取，或是指向无效位置的链接）")
        } else {
            issues.warning(policyName, "no policy.yaml in the dataset: the default policy is used",
                           zh: "数据集中没有政策文件 policy.yaml：使用默认政策")
        }
        for o in overrides { PolicyReader.apply(override: o, to: &policy, issues: &issues) }
        PolicyReader.checkTogether(policy, file: overrides.isEmpty ? policyName : "\(policyName) / --set", issues: &issues)
        let county = CountyReader.read(folder: folder, workbook: workbook, policy: policy, issues: &issues)
        return DatasetReport(county: county, policy: issues.hasErrors ? nil : policy, issues: issues)
    }

    /// Reads a dataset given as file contents (for tests and tools that hold the files in memory); `pairs` is the
    /// text of `pairs.csv`, when there is one.
    public static func read(schools: String, teachers: String, needs: String?, pairs: String? = nil,
                            policy policyText: String? = nil, overrides: [String] = []) -> DatasetReport {
        var issues = DataIssues()
        var policy = Policy()
        if let policyText { PolicyReader.apply(yaml: policyText, file: DatasetFile.policy, to: &policy, issues: &issues) }
        for o in overrides { PolicyReader.apply(override: o, to: &policy, issues: &issues) }
        PolicyReader.checkTogether(policy, file: DatasetFile.policy, issues: &issues)
        let s = CSVTable.parse(Data(schools.utf8), name: DatasetFile.schools, issues: &issues)
        let t = CSVTable.parse(Data(teachers.utf8), name: DatasetFile.teachers, issues: &issues)
        let n = needs.flatMap { CSVTable.parse(Data($0.utf8), name: DatasetFile.needs, issues: &issues) }
        let p = pairs.flatMap { CSVTable.parse(Data($0.utf8), name: DatasetFile.pairs, issues: &issues) }
        let county = CountyReader.read(schools: s, teachers: t, needs: n, pairs: p, policy: policy, issues: &issues)
        return DatasetReport(county: county, policy: issues.hasErrors ? nil : policy, issues: issues)
    }
}
