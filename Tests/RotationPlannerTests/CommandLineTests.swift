import Foundation
import Testing

/// The tool as a personnel office runs it: the `rotation` binary that `swift build` made, on a county given as
/// one workbook with Chinese headers, in Chinese by default and in English on request.
@Suite("The command line, end to end")
struct CommandLineTests {
    /// The `rotation` executable next to this test bundle (the package's build folder).
    static var binary: URL {
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("rotation")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        // From the source tree: .build/debug/rotation.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/rotation")
    }

    @discardableResult
    static func run(_ arguments: [String], in folder: URL, executable: URL? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// English words that must not appear in a Chinese terminal (the fixed sentences of the tool).
    static let englishWords = ["Movers", "Teachers:", "Written", "eligible", "Unmet", "scenarios planned", "movers;", "stays at",
                               "County at a glance", "error(s)", "warning"]

    /// Runs the binary on a pseudo-terminal (util-linux's `script`), as a person at a terminal would: standard output and
    /// standard error together, as they appear.
    static func runOnTerminal(_ arguments: [String], in folder: URL) throws -> String {
        let command = ([binary.path] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
        let r = try run(["-qec", command, "/dev/null"], in: folder, executable: URL(fileURLWithPath: "/usr/bin/script"))
        return r.out
    }

    @Test("progress: on a terminal a line in the user's words (Chinese by default), updated in place; nothing on a pipe or with --quiet")
    func progressLine() throws {
        let scratch = Scratch()
        let dir = scratch.url
        try Self.run(["generate", "--schools", "12", "--teachers", "500", "--seed", "7", "--out", "county"], in: dir)
        let shown = try Self.runOnTerminal(["plan", "county", "--out", "p1", "--no-pages"], in: dir)
        let lines = shown.components(separatedBy: "\r").map { $0.replacingOccurrences(of: "\u{1B}[K", with: "") }
        let progress = lines.filter { $0.hasPrefix("规划交流方案 · ") }
        #expect(progress.contains { $0.contains("建立模型") } && progress.contains { $0.contains("当前最好方案：") }, "\(lines)")
        #expect(progress.allSatisfy { !$0.contains("e+") && !$0.contains("1797") && !$0.contains { $0.isASCII && $0.isLetter } }, "\(progress)")
        #expect(shown.contains("学年交流方案"), "the summary follows the progress line")
        let english = try Self.runOnTerminal(["plan", "county", "--out", "p2", "--no-pages", "--lang", "en"], in: dir)
        #expect(english.contains("planning · best plan so far: ") && !english.contains("规划交流方案"), "\(english)")
        let quiet = try Self.runOnTerminal(["plan", "county", "--out", "p3", "--no-pages", "--quiet"], in: dir)
        #expect(!quiet.contains("规划交流方案") && !quiet.contains("学年交流方案"), "\(quiet)")
        let compare = try Self.runOnTerminal(["compare", "county", "--scenario", "base", "--scenario", "r20:rotation_rate=0.2", "--out", "cmp"], in: dir)
        #expect(compare.contains("个方案 · ") && compare.contains("规划交流方案"), "\(compare)")
        // A county over the cap of candidate moves: exit 4 at once, in Chinese, with what would help.
        let tooLarge = try Self.run(["plan", "county", "--out", "p5", "--set", "solver.max_candidate_moves=10"], in: dir)
        #expect(tooLarge.status == 4 && tooLarge.err.contains("超过上限 solver.max_candidate_moves") && tooLarge.err.contains("max_commute_km"), "\(tooLarge)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("p5").path))
        // On a pipe (as in CI): nothing on standard error.
        for arguments in [["plan", "county", "--out", "p4", "--no-pages"],
                          ["compare", "county", "--scenario", "base", "--scenario", "r20:rotation_rate=0.2", "--out", "cmp2"],
                          ["sweep", "county", "--vary", "rotation_rate=0.1:0.2:0.1", "--out", "sw"]] {
            let piped = try Self.run(arguments, in: dir)
            #expect(piped.status == 0 && piped.err.isEmpty, "\(arguments): \(piped.err)")
        }
    }

    @Test("generate a workbook county, validate, publish, plan, re-plan after objections, compare, diff and explain: Chinese by default, English on request")
    func officeYear() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "no rotation binary at \(Self.binary.path)")
        let scratch = Scratch()
        let dir = scratch.url
        try Self.run(["generate", "--schools", "12", "--teachers", "500", "--seed", "7", "--out", "county", "--workbook"], in: dir)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("county/county.xlsx").path))

        let validate = try Self.run(["validate", "county"], in: dir)
        #expect(validate.status == 0 && validate.out.contains("全县概况") && validate.out.contains("数据可以用于规划"), "\(validate)")
        let publish = try Self.run(["publish", "county", "--out", "public"], in: dir)
        #expect(publish.status == 0 && publish.out.contains("可交流人员公示"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("public/eligible.xlsx").path))

        let plan = try Self.run(["plan", "county", "--out", "v1", "--no-pages"], in: dir)
        #expect(plan.status == 0, "\(plan.err)")
        #expect(plan.out.contains("学年交流方案") && plan.out.contains("学科缺口") && plan.out.contains("v1/transfers.xlsx"))
        for word in Self.englishWords { #expect(!plan.out.contains(word), "English in the Chinese summary: \(word)") }
        let english = try Self.run(["plan", "county", "--out", "v1en", "--no-pages", "--lang", "en"], in: dir)
        #expect(english.out.contains("Movers:") && !english.out.contains("学年交流方案"))

        // Two movers object to moving; the office accepts one and rejects the other, and re-plans.
        let transfers = try String(contentsOf: dir.appendingPathComponent("v1/transfers.csv"), encoding: .utf8)
        let movers = transfers.split(separator: "\n").dropFirst().prefix(2).map { String($0.split(separator: ",")[0]) }
        try "教师编号,申请,决定,备注\n\(movers[0]),留任,采纳,照顾老人\n\(movers[1]),留任,不采纳,\n"
            .write(to: dir.appendingPathComponent("county/objections.csv"), atomically: true, encoding: .utf8)
        let replan = try Self.run(["plan", "county", "--previous", "v1", "--out", "v2", "--no-pages"], in: dir)
        #expect(replan.status == 0, "\(replan.err)")
        #expect(replan.out.contains("与原方案（v1）相比") && replan.out.contains("已证明为最少") && replan.out.contains("本人异议已采纳（stay）"),
                "\(replan.out)")
        let overwrite = try Self.run(["plan", "county", "--previous", "v1", "--out", "v1"], in: dir)
        #expect(overwrite.status == 2, "the previous plan is an input: --out may not replace it")

        let diff = try Self.run(["diff", "v1", "v2"], in: dir)
        #expect(diff.status == 0 && diff.out.contains("名教师去向不同") && diff.out.contains("本人异议已采纳"), "\(diff.out)")
        let compare = try Self.run(["compare", "county", "--scenario", "base", "--scenario", "r20:rotation_rate=0.2", "--out", "cmp"], in: dir)
        #expect(compare.status == 0 && compare.out.contains("交流人数") && compare.out.contains("未满足学科需求"))
        #expect(!compare.out.contains("schools_meeting_floor_after"), "figure keys instead of words")
        let explain = try Self.run(["explain", "county", "--teacher", movers[0]], in: dir)
        #expect(explain.out.contains("留任") || explain.out.contains("调往"), "\(explain.out)")

        // Adopt the re-plan: next year's county validates; adopting the same year again is refused; history lists it.
        let adopt = try Self.run(["adopt", "v2", "--county", "county", "--out", "county2028"], in: dir)
        #expect(adopt.status == 0 && adopt.out.contains("已采用 2027 学年方案"), "\(adopt.out)\(adopt.err)")
        let next = try Self.run(["validate", "county2028"], in: dir)
        #expect(next.status == 0 && next.out.contains("2028 学年"), "\(next.out)")
        let again = try Self.run(["adopt", "v2", "--county", "county", "--out", "again"], in: dir)
        #expect(again.status == 2 && again.err.contains("每个学年只能采用一次"), "\(again.err)")
        let moved = try String(contentsOf: dir.appendingPathComponent("v2/transfers.csv"), encoding: .utf8).split(separator: "\n")[1].split(separator: ",")[0]
        let history = try Self.run(["history", "--ledger", "ledger.sqlite", "--teacher", String(moved)], in: dir)
        #expect(history.status == 0 && history.out.contains("1 次交流") && history.out.contains("2027"), "\(history.out)")
        let plan2028 = try Self.run(["plan", "county2028", "--ledger", "ledger.sqlite", "--out", "v2028", "--no-pages"], in: dir)
        #expect(plan2028.status == 0 && plan2028.out.contains("2028 学年交流方案"), "\(plan2028.err)")

        // Chinese tables line up by display width: every row of the comparison is as wide as its header.
        let table = compare.out.split(separator: "\n").prefix(5).map(String.init)
        let widths = table.map { line in line.unicodeScalars.reduce(0) { $0 + (($1.value >= 0x1100 && $1.properties.isIdeographic) || (0xFF00...0xFF60).contains($1.value) ? 2 : 1) } }
        #expect(Set(widths).count == 1, "rows of different display widths: \(widths)\n\(table.joined(separator: "\n"))")
    }
}
