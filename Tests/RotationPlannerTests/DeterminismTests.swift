import CountyData
import Foundation
import OutputFiles
import PlanReports
import RotationModel
import RotationPlanner
import Spreadsheets
import Testing
import ZIPFoundation

@Suite("Outputs")
struct OutputTests {
    @Test("the same input gives byte-identical files (timing fields aside)")
    func determinism() throws {
        let scratch = Scratch()
        let county = CountyGenerator(schools: 10, teachers: 300, seed: 5).generate()
        var policy = Policy()
        policy.solver.gap = 0
        let a = try PlannedRun(county, policy, in: scratch, name: "a")
        let b = try PlannedRun(county, policy, in: scratch, name: "b")
        guard case .plan = a.outcome else { Issue.record("no plan"); return }
        for file in [PlanFiles.transfers, PlanFiles.schools, PlanFiles.summary] {
            var x = try String(contentsOf: a.out.appendingPathComponent(file), encoding: .utf8)
            var y = try String(contentsOf: b.out.appendingPathComponent(file), encoding: .utf8)
            if file == PlanFiles.summary {
                x = x.split(separator: "\n").filter { !$0.contains("_seconds") }.joined(separator: "\n")
                y = y.split(separator: "\n").filter { !$0.contains("_seconds") }.joined(separator: "\n")
            }
            #expect(x == y, "\(file) differs between runs")
        }
        #expect(try Data(contentsOf: a.out.appendingPathComponent(PlanWorkbook.file))
                == Data(contentsOf: b.out.appendingPathComponent(PlanWorkbook.file)), "transfers.xlsx differs between runs")
        #expect(try String(contentsOf: a.out.appendingPathComponent(PlanFiles.transfers), encoding: .utf8).split(separator: "\n").count > 5)
    }

    @Test("every mover has a reason; reasons name the quota")
    func reasons() throws {
        let scratch = Scratch()
        let run = try PlannedRun(CountyGenerator(schools: 8, teachers: 250, seed: 9).generate(), Policy(), in: scratch)
        guard case .plan(let plan) = run.outcome else { Issue.record("no plan"); return }
        for t in plan.movers { #expect(!plan.reasons(for: t).isEmpty) }
        #expect(plan.movers.contains { plan.reasons(for: $0).contains { $0.en.hasPrefix("school quota:") } })
    }

    @Test("a plan never replaces the dataset or a folder it did not write")
    func refusesInputs() throws {
        let scratch = Scratch()
        let folder = scratch.path("county")
        try CountyWriter.write(CountyGenerator(schools: 3, teachers: 40, seed: 1).generate(), policy: Policy(), to: folder)
        #expect(throws: OutputDirectory.Failure.self) { try OutputDirectory(folder).check(protecting: [folder]) }
        #expect(throws: OutputDirectory.Failure.self) { try OutputDirectory(scratch.url).check(protecting: [folder]) }
        let other = scratch.path("mine")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: other.appendingPathComponent("notes.txt"))
        #expect(throws: OutputDirectory.Failure.self) { try OutputDirectory(other).check(protecting: [folder]) }
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("notes.txt").path))
    }
}

@Suite("Output files, hardened")
struct OutputHardeningTests {
    @Test("school ids of any length the reader accepts plan and get their pages (300 ASCII letters, 28 Chinese characters)")
    func longIDs() throws {
        let long = String(repeating: "S", count: 300), chinese = String(repeating: "校", count: 28)
        var policy = Tiny.permissive
        policy.rotationRate = Rate(decimal: "0.2")!
        let county = County(schools: [Tiny.school(long), Tiny.school(chinese, km: 2)],
                            teachers: Tiny.teachers(5, at: long) + Tiny.teachers(5, at: chinese), needs: [])
        let scratch = Scratch()
        let run = try PlannedRun(county, policy, in: scratch)
        guard case .plan = run.outcome else { Issue.record("no plan"); return }
        for id in [long, chinese] {
            let name = HTMLReport.fileName(for: id)
            #expect(name.utf8.count <= 255)
            #expect(FileManager.default.fileExists(atPath: run.out.appendingPathComponent("schools/" + name).path))
        }
        #expect(HTMLReport.fileName(for: long) != HTMLReport.fileName(for: long + "T"))
    }

    @Test("a write that fails says why in the system's words, not 'NSCocoaErrorDomain error 512'")
    func writeFailureInWords() throws {
        let scratch = Scratch()
        let file = scratch.path("a-file")
        try Data("x".utf8).write(to: file)
        var out = OutputDirectory(file.appendingPathComponent("plan"))
        out.add("transfers.csv", "a\n")
        #expect {
            try out.commit()
        } throws: { error in
            let text = "\(error)"
            return text.contains("already exists") && text.contains("a-file") && !text.contains("512") && !text.contains("NSCocoa")
        }
    }
}

@Suite("Replacing a plan folder")
struct FolderSwapTests {
    @Test("a reader polling the folder while it is replaced again and again never finds it missing or incomplete")
    func atomicForReaders() async throws {
        let scratch = Scratch()
        let destination = scratch.path("plan")
        func write(_ k: Int) throws {
            var out = OutputDirectory(destination)
            out.add("transfers.csv", "run \(k)\n")
            out.add("summary.json", "{\"run\": \(k)}\n")
            try out.commit()
        }
        try write(0)
        let stop = Flag()
        let reader = Task.detached { () -> Int in
            var misses = 0
            while !stop.isSet {
                let t = FileManager.default.contents(atPath: destination.appendingPathComponent("transfers.csv").path)
                let s = FileManager.default.contents(atPath: destination.appendingPathComponent("summary.json").path)
                if t == nil || s == nil { misses += 1 }
            }
            return misses
        }
        for k in 1...200 { try write(k) }
        stop.set()
        #expect(await reader.value == 0)
        let content = try String(contentsOf: destination.appendingPathComponent("transfers.csv"), encoding: .utf8)
        #expect(content == "run 200\n")
    }

    @Test("the hidden folders of a run that died are cleared by the next; a running one's are left")
    func staleStagingCleared() throws {
        let scratch = Scratch()
        let destination = scratch.path("plan")
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let stale = scratch.path(".plan.tmp-\(dead.processIdentifier)"), old = scratch.path(".plan.old-\(dead.processIdentifier)")
        let alive = scratch.path(".plan.tmp-1")   // init: never dead
        for url in [stale, old, alive] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        var out = OutputDirectory(destination)
        out.add("transfers.csv", "x\n")
        try out.commit()
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(!FileManager.default.fileExists(atPath: old.path))
        #expect(FileManager.default.fileExists(atPath: alive.path))
    }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

@Suite("CSV for spreadsheets")
struct SpreadsheetSafetyTests {
    @Test("a name that looks like a formula is written as text in every CSV a plan writes; numbers stay numbers; a byte-order mark leads")
    func noFormulasFromNames() throws {
        var policy = Tiny.permissive
        policy.rotationRate = Rate(decimal: "0.5")!
        var teachers = Tiny.teachers(4, at: "A") + Tiny.teachers(4, at: "B", years: 1)
        let formulas = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+2", "-2+3", "@SUM(A1)", "\tTab"]
        for (k, name) in formulas.enumerated() where k < 4 { teachers[k].name = name }
        let county = County(schools: [Tiny.school("A"), Tiny.school("B", km: 2)], teachers: teachers, needs: [])
        let scratch = Scratch()
        let run = try PlannedRun(county, policy, in: scratch)
        guard case .plan = run.outcome else { Issue.record("no plan"); return }
        let bytes = try Data(contentsOf: run.out.appendingPathComponent(PlanFiles.transfers))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes, as: UTF8.self)
        for name in formulas.prefix(4) {
            #expect(!text.contains("," + name) && !text.contains("\n" + name), "\(name) written as it is")
        }
        #expect(text.contains("'=HYPERLINK"))
        #expect(CSVText.safeCell("-3.5") == "-3.5" && CSVText.safeCell("-x") == "'-x" && CSVText.safeCell("a=b") == "a=b")
        let schools = try Data(contentsOf: run.out.appendingPathComponent(PlanFiles.schools))
        #expect(Array(schools.prefix(12)) == [0xEF, 0xBB, 0xBF] + Array("school_id".utf8))
        // The workbook: the names read back exactly as written, from cells stored as text; no sheet has a formula.
        let book = run.out.appendingPathComponent(PlanWorkbook.file)
        var reader = try WorkbookReader(url: book)
        let list = try #require(try reader.sheet("可交流人员公示"))
        let names = Set(list.rows.dropFirst().map { $0.cells[3] })
        for name in formulas.prefix(4) { #expect(names.contains(name), "\(name) not read back as written") }
        let archive = try Archive(url: book, accessMode: .read)
        for entry in archive where entry.path.hasPrefix("xl/worksheets/") {
            var xml = Data()
            _ = try archive.extract(entry) { xml.append($0) }
            let text = String(decoding: xml, as: UTF8.self)
            #expect(!text.contains("<f>") && !text.contains("<f "), "\(entry.path) holds a formula")
        }
    }
}
