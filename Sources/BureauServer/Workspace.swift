import CountyData
import Foundation
import Ledger
import OutputFiles
import RotationModel
import YearCycle

/// Why an import was refused: every data problem, by file or sheet, row and column (as `rotation validate`).
public struct ImportRefused: Error, Sendable {
    public var issues: [DataIssue]
    public var unlisted: (en: [String], zh: [String])
}

/// The data folder of a server: `bureau.sqlite` (the store), `ledger.sqlite` (the ledger of adopted plans, as
/// `rotation adopt` writes it) and `counties/<n>/` (each imported county as a CSV dataset folder).
public struct Workspace: Sendable {
    public let folder: URL
    public let store: BureauStore
    let cache = DatasetCache()

    public init(folder: URL) throws {
        self.folder = folder.standardizedFileURL
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try BureauStore(path: folder.appendingPathComponent(BureauStore.file).path)
    }

    public var ledgerPath: String { folder.appendingPathComponent("ledger.sqlite").path }
    func url(_ county: StoredCounty) -> URL { folder.appendingPathComponent(county.folder) }

    /// Imports a county from a dataset folder (CSV files or `county.xlsx`, with its policy.yaml): read through the
    /// same checks as `rotation validate`, then stored as a CSV dataset folder of the server's own (never the
    /// folder given) and recorded. Refused with every problem when the data has errors.
    /// Returns the stored county and the warnings found on the way (shown to the office).
    public func importCounty(from source: URL, name: String, by user: String) throws -> (county: StoredCounty, warnings: [DataIssue]) {
        let dataset: Dataset
        do { dataset = try Dataset.load(folder: source) } catch let invalid as InvalidDataset {
            throw ImportRefused(issues: invalid.issues, unlisted: (invalid.unlisted, invalid.unlistedChinese))
        }
        return (try store(dataset.county, policy: dataset.policy, source: name, by: user, action: "import"), dataset.warnings)
    }

    /// The files an upload may carry: a county's CSV files or its workbook, and its policy and registers.
    public static let uploadable = [DatasetFile.schools, DatasetFile.teachers, DatasetFile.needs, DatasetFile.pairs,
                                    DatasetFile.objections, DatasetFile.policy, DatasetFile.workbook]

    /// Imports uploaded files (the three CSV files, or county.xlsx, with policy.yaml, pairs.csv and objections.csv
    /// when given), through the same checks as a folder. Without a policy.yaml the latest county's policy is used
    /// (the defaults before any). `files` are named as the dataset names them (``uploadable``); errors name them as
    /// the user did (`uploaded`: dataset name → the user's file name).
    public func importFiles(_ files: [(name: String, data: Data)], uploaded: [String: String] = [:], label: String,
                            by user: String) throws -> (county: StoredCounty, warnings: [DataIssue]) {
        let staging = folder.appendingPathComponent("incoming").appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        for file in files { try file.data.write(to: staging.appendingPathComponent(file.name)) }
        if !files.contains(where: { $0.name == DatasetFile.policy }), let latest = try store.latestCounty() {
            try? FileManager.default.copyItem(at: url(latest).appendingPathComponent(DatasetFile.policy),
                                              to: staging.appendingPathComponent(DatasetFile.policy))
        }
        // Issues name the uploaded file as the user named it, not the staging folder.
        func renamed(_ issues: [DataIssue]) -> [DataIssue] {
            issues.map { issue in
                var issue = issue, file = issue.file
                if file.hasPrefix(staging.path) {
                    file = String(file.dropFirst(staging.path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                }
                issue.file = uploaded[file] ?? file
                return issue
            }
        }
        do {
            let imported = try importCounty(from: staging, name: label, by: user)
            return (imported.county, renamed(imported.warnings))
        } catch var refused as ImportRefused {
            refused.issues = renamed(refused.issues)
            throw refused
        }
    }

    func store(_ county: County, policy: Policy, source: String, by user: String, action: String) throws -> StoredCounty {
        let relative = "counties/" + UUID().uuidString.lowercased()
        try CountyWriter.write(county, policy: policy, to: folder.appendingPathComponent(relative))
        let record = StoredCounty(id: nil, year: policy.year, folder: relative, source: source, teachers: county.teachers.count,
                                  schools: county.schools.count, imported: BureauStore.now(), importedBy: user, publishedAt: nil)
        return try store.add(record, by: user, action: action)
    }

    /// The county as the planner reads it: its folder with the office's decided objections as `objections.csv`
    /// (in a scratch folder, removed by `done`), and the ledger's past schools for the no-return rule.
    /// `deciding`: an objection with the decision about to be stored, read as if it were (to check it first).
    func dataset(_ county: StoredCounty, overrides: [String] = [], deciding: StoredObjection? = nil) throws -> (dataset: Dataset, done: @Sendable () -> Void) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bureau-\(UUID().uuidString)")
        let done: @Sendable () -> Void = { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.copyItem(at: url(county), to: scratch)
            let decided = try store.objections(county: county.id!).map { $0.id == deciding?.id ? deciding! : $0 }.filter { $0.decision != nil }
            if !decided.isEmpty {
                let rows = decided.map { [$0.teacherID, $0.request, $0.decision!, $0.note] }
                try Data(CSVText.make(header: ["teacher_id", "request", "decision", "note"], rows: rows, forSpreadsheets: false).utf8)
                    .write(to: scratch.appendingPathComponent(DatasetFile.objections))
            }
            var data = try Dataset.load(folder: scratch, overrides: overrides)
            if FileManager.default.fileExists(atPath: ledgerPath) {
                data.county = try Adoption.withPastSchools(data.county, from: try Ledger(path: ledgerPath))
            }
            return (data, done)
        } catch { done(); throw error }
    }
}

extension Workspace {
    /// The county as the pages show it (read through ``dataset(_:overrides:)``), kept while neither its decided
    /// objections nor the ledger change: a page view does not read 3,000 teachers again. Its `folder` is gone;
    /// work that needs the files (planning, adopting) calls ``dataset(_:overrides:)``.
    func view(_ county: StoredCounty) throws -> Dataset {
        let decided = try store.objections(county: county.id!).filter { $0.decision != nil }.map { "\($0.id!)\($0.decision!)" }
        let ledger = (try? FileManager.default.attributesOfItem(atPath: ledgerPath)).map { "\($0[.size] ?? 0)-\($0[.modificationDate] ?? 0)" }
        let key = "\(county.id!)|\(decided.joined(separator: ","))|\(ledger ?? "")"
        if let kept = cache.get(key) { return kept }
        let (data, done) = try dataset(county)
        done()
        cache.put(key, data)
        return data
    }

    /// The school ids of a stored county.
    public func schoolIDs(_ county: StoredCounty) throws -> Set<String> {
        Set(try view(county).county.schools.map(\.id))
    }
}

/// The last few counties read for pages (bounded: four entries).
final class DatasetCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(key: String, data: Dataset)] = []

    func get(_ key: String) -> Dataset? { lock.withLock { entries.first { $0.key == key }?.data } }
    func put(_ key: String, _ data: Dataset) {
        lock.withLock {
            entries.removeAll { $0.key == key }
            entries.insert((key, data), at: 0)
            if entries.count > 4 { entries.removeLast() }
        }
    }
}
