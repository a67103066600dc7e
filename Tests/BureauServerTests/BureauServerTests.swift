@testable import BureauServer
import CountyData
import Foundation
import RotationModel
import Testing

/// A scratch folder removed at the end of the test.
final class Scratch {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bureau-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> URL { url.appendingPathComponent(name) }
}

@Suite("The bureau's server")
struct BureauServerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `rotation` executable of this build (next to the test bundle, or .build/debug from the source tree).
    static var binary: URL {
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("rotation")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/rotation")
    }

    /// A Python that has selenium (installed by .ci/setup).
    static func python() -> String? {
        for candidate in ["python3", "/usr/bin/python3"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [candidate, "-c", "import selenium"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { continue }
            p.waitUntilExit()
            if p.terminationStatus == 0 { return candidate }
        }
        return nil
    }

    @Test("rotation serve on a loopback port, walked in headless Chromium as office, principal and planner (Tests/browser/bureau_year.py)")
    func browserYear() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "no rotation binary at \(Self.binary.path)")
        guard let python = Self.python() else {
            Issue.record("no Python with selenium on this machine: run `sh .ci/setup`, which installs it"); return
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
            Issue.record("no chromedriver on this machine: run `sh .ci/setup`, which installs chromium-driver"); return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, Self.root.appendingPathComponent("Tests/browser/bureau_year.py").path, Self.binary.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let failures = text.split(separator: "\n").filter { $0.hasPrefix("FAIL") }
        #expect(process.terminationStatus == 0 && failures.isEmpty, "\(failures.joined(separator: "\n"))\n\(text.suffix(4000))")
        #expect(text.contains("all checks passed"), "\(text.suffix(4000))")
    }

    @Test("a plan and its files are stored in one transaction: a failing file stores no plan and no audit line")
    func planStoredWhole() throws {
        let scratch = Scratch()
        let store = try BureauStore(path: scratch.path("bureau.sqlite").path)
        let county = try store.add(StoredCounty(id: nil, year: 2027, folder: "counties/x", source: "test", teachers: 1, schools: 1,
                                                imported: BureauStore.now(), importedBy: "office", publishedAt: nil), by: "office")
        let plan = StoredPlan(id: nil, countyID: county.id!, year: 2027, status: "optimal", movers: 3, previousID: nil,
                              created: BureauStore.now(), createdBy: "office", seconds: 1, adopted: false)
        // Two files of the same path break the primary key half-way through.
        #expect(throws: (any Error).self) {
            try store.add(plan, files: [("transfers.csv", Data("a".utf8)), ("transfers.csv", Data("b".utf8))], by: "office")
        }
        #expect(try store.plans(county: county.id!).isEmpty)
        #expect(try store.auditLog().allSatisfy { $0.action != "plan" })
        let stored = try store.add(plan, files: [("transfers.csv", Data("a".utf8)), ("schools/S1.html", Data("b".utf8))], by: "office")
        #expect(try store.file(plan: stored.id!, path: "schools/S1.html") == Data("b".utf8))
        // The database opens again (migrations are not run twice).
        _ = try BureauStore(path: scratch.path("bureau.sqlite").path)
    }

    @Test("passwords: bcrypt verifies the right one only; usernames, lengths and a principal's school are checked")
    func accounts() throws {
        let hash = Accounts.hash("right-password")
        #expect(hash.hasPrefix("$2"))
        #expect(Accounts.verify("right-password", hash))
        #expect(!Accounts.verify("wrong-password", hash))
        #expect(Accounts.problem(username: "a b", password: "long-enough", role: .office, schoolID: nil) != nil)
        #expect(Accounts.problem(username: "x", password: "short", role: .office, schoolID: nil) != nil)
        #expect(Accounts.problem(username: "x", password: String(repeating: "长", count: 30), role: .office, schoolID: nil) != nil)
        #expect(Accounts.problem(username: "x", password: "long-enough", role: .principal, schoolID: nil) != nil)
        #expect(Accounts.problem(username: "x", password: "long-enough", role: .planner, schoolID: "S1") != nil)
        #expect(Accounts.problem(username: "head.S1", password: "long-enough", role: .principal, schoolID: "S1") == nil)
        #expect(Set((0..<50).map { _ in Accounts.newPassword() }).count == 50)
        #expect(Accounts.token().count == 64)
    }

    @Test("login throttling: five failures lock a username, thirty an address; others go on")
    func throttle() async {
        let throttle = LoginThrottle()
        for _ in 0..<5 { await throttle.failed(["user:a", "client:1"]) }
        #expect(await !throttle.allowed(["user:a", "client:2"]))
        #expect(await throttle.allowed(["user:b", "client:1"]))
        for i in 0..<25 { await throttle.failed(["user:n\(i)", "client:1"]) }
        #expect(await !throttle.allowed(["user:b", "client:1"]))
        #expect(await throttle.allowed(["user:b", "client:2"]))
    }

    @Test("uploaded files get the dataset's names; anything else is refused with what is expected")
    func uploadNames() throws {
        #expect(try BureauServer.datasetNames(["Teachers.CSV", "schools.csv", "学科需求.csv", "政策.yml"])
                == ["teachers.csv", "schools.csv", "needs.csv", "policy.yaml"])
        #expect(try BureauServer.datasetNames(["县数据 2027.xlsx"]) == ["county.xlsx"])
        #expect(throws: Refusal.self) { try BureauServer.datasetNames(["photo.jpg"]) }
        #expect(throws: Refusal.self) { try BureauServer.datasetNames(["a.xlsx", "b.xlsx"]) }
        #expect(throws: Refusal.self) { try BureauServer.datasetNames([]) }
    }

    @Test("an import with errors stores nothing and names each problem by file, line and column")
    func importRefused() throws {
        let scratch = Scratch()
        let county = scratch.path("county")
        try CountyWriter.write(CountyGenerator(schools: 4, teachers: 60, seed: 3).generate(), policy: Policy(), to: county)
        let teachers = county.appendingPathComponent(DatasetFile.teachers)
        var lines = try String(contentsOf: teachers, encoding: .utf8).components(separatedBy: "\n")
        lines[2] = lines[2].replacingOccurrences(of: ",S00", with: ",Q77")
        try lines.joined(separator: "\n").write(to: teachers, atomically: true, encoding: .utf8)
        let workspace = try Workspace(folder: scratch.path("data"))
        let files = try [DatasetFile.schools, DatasetFile.teachers, DatasetFile.needs].map { ($0, try Data(contentsOf: county.appendingPathComponent($0))) }
        do {
            _ = try workspace.importFiles(files, uploaded: [DatasetFile.teachers: "教师名单.csv"], label: "test", by: "office")
            Issue.record("a county with a wrong school id was imported")
        } catch let refused as ImportRefused {
            let errors = refused.issues.filter { $0.severity == .error }
            #expect(errors.contains { $0.file == "教师名单.csv" && $0.line == 3 && $0.column == "school_id" }, "\(errors)")
        }
        #expect(try workspace.store.latestCounty() == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("data/incoming").path).isEmpty)
    }
}
