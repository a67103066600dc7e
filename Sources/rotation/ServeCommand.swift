import ArgumentParser
import BureauServer
import CountyData
import Foundation
import Ledger
import PlanReports

/// `rotation serve`: the bureau's planner in a browser (docs/server.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the planner to the bureau's browsers: accounts, the office's year in pages, principals' pages.",
        discussion: """
        Its state is in DIR (bureau.sqlite, ledger.sqlite, counties/). The first start creates the account `office` and \
        prints its password once. Listens on --host only (loopback by default; put nginx in front for TLS: docs/server.md).
        """)

    @Option(help: "The server's data folder (created when missing).") var data: String
    @Option(help: "A county dataset folder (or county.xlsx's folder) to import at start, unless it is the one imported last.")
    var county: String?
    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port, printed).") var port: Int = 8080
    @Option(help: "The language of the terminal: zh or en.") var lang: ReportLanguage = .zh

    func run() async throws {
        let zh = lang == .zh
        let workspace: Workspace
        do { workspace = try Workspace(folder: URL(fileURLWithPath: data)) } catch {
            warn(zh ? "无法打开数据文件夹 \(data)：\(error)" : "cannot open the data folder \(data): \(error)"); throw Exit.badInput
        }
        let server = BureauServer(workspace: workspace, host: host, port: port, planner: .glpk)
        if let county { try importAtStart(county, workspace) }
        if let first = try server.firstAccount() {
            say(zh ? "已创建人事科账号 \(first.username)，一次性密码：\(first.password)（只显示这一次，请登录后用“账号”页另建个人账号）"
                  : "Created the office account \(first.username); its one-time password: \(first.password) (shown only now)")
        }
        let host = self.host
        try await server.run { port in
            say(zh ? "正在服务：http://\(host):\(port)/（Ctrl-C 停止）" : "Serving http://\(host):\(port)/ (Ctrl-C stops)")
        }
    }

    /// Imports the county given with --county, unless the last import came from the same files.
    func importAtStart(_ folder: String, _ workspace: Workspace) throws {
        let url = URL(fileURLWithPath: folder)
        let fingerprint = DatasetOptions.fingerprint(of: url, files: [DatasetFile.schools, DatasetFile.teachers, DatasetFile.needs, DatasetFile.pairs,
                                                                     DatasetFile.objections, DatasetFile.workbook, DatasetFile.policy])
        let source = "\(url.lastPathComponent) (\(fingerprint))"
        if try workspace.store.latestCounty()?.source == source { return }
        do {
            let (c, warnings) = try workspace.importCounty(from: url, name: source, by: "rotation serve")
            for issue in warnings { warn("  " + issue.text(lang.rawValue)) }
            say(lang == .zh ? "已导入县数据 \(folder)：\(c.year) 学年，教师 \(c.teachers) 名，学校 \(c.schools) 所"
                  : "Imported \(folder): \(c.year), \(c.teachers) teachers, \(c.schools) schools")
        } catch let refused as ImportRefused {
            for issue in refused.issues { warn("  " + issue.text(lang.rawValue)) }
            for line in (lang == .zh ? refused.unlisted.zh : refused.unlisted.en) { warn("  \(line)") }
            warn(lang == .zh ? "\(folder) 有错误，未导入。" : "\(folder) has errors; nothing was imported.")
            throw Exit.badInput
        }
    }
}

/// `rotation users add`: an account of the server, its password read from standard input.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manages the server's accounts.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adds an account (or sets its password, role and school); the password is read from standard input.")
        @Option(help: "The server's data folder.") var data: String
        @Option(help: "The username (letters, digits, '.', '_', '-').") var username: String
        @Option(help: "office, planner or principal.") var role: String
        @Option(help: "A principal's school id.") var school: String?
        @Option(help: "The language of the terminal: zh or en.") var lang: ReportLanguage = .zh

        func run() throws {
            let zh = lang == .zh
            guard let role = Role(rawValue: role) else {
                warn(zh ? "角色应为 office、planner 或 principal：\(self.role)" : "the role is office, planner or principal, not \(self.role)")
                throw Exit.badInput
            }
            let password = (readLine(strippingNewline: true) ?? "")
            if let problem = Accounts.problem(username: username, password: password, role: role, schoolID: school) {
                warn(zh ? problem.zh : problem.en); throw Exit.badInput
            }
            let workspace = try Workspace(folder: URL(fileURLWithPath: data))
            if let school, let county = try workspace.store.latestCounty() {
                let known = try workspace.schoolIDs(county)
                guard known.contains(school) else {
                    warn(zh ? "当前县数据中没有学校 \(school)" : "no school \(school) in the current county"); throw Exit.badInput
                }
            }
            try workspace.store.save(Account(username: username, role: role, schoolID: school, passwordHash: Accounts.hash(password),
                                             created: BureauStore.now()), by: "rotation users add")
            print(zh ? "已保存账号 \(username)（\(role.chinese)\(school.map { "，学校 \($0)" } ?? "")）" : "Saved the account \(username) (\(role.rawValue)\(school.map { ", school \($0)" } ?? ""))")
        }
    }
}

/// A line on standard output at once (a server's lines are read by whoever started it, often through a pipe).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
