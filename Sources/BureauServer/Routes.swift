import CountyData
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import PlanReports
import PolicyWhatIf
import RotationModel
import Spreadsheets
import YearCycle

extension BureauServer {
    static let sessionLifetime: TimeInterval = 8 * 3600

    func routes(_ router: Router<BureauContext>) {
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/login") { _, context -> Response in
            if context.account != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
            return page(words(context)["login"]!, "login", [:], context)
        }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context -> Response in
            _ = try await form(request, context)
            if let s = context.session {
                try workspace.store.endSession(s.token)
                try workspace.store.log(s.username, "logout", "")
            }
            var response = Response(status: .seeOther, headers: [.location: "/login"])
            response.setCookie(sessionCookie("", request, maxAge: 0))
            return response
        }
        router.get("/") { _, context in try home(context) }
        router.get("/index.html") { _, _ in Response(status: .seeOther, headers: [.location: "/"]) }

        // The office's year.
        router.post("/import") { request, context in try await importUpload(request, context) }
        router.get("/eligible") { _, context in try eligible(context) }
        router.get("/eligible.xlsx") { _, context in try eligibleFile(context, workbook: true) }
        router.get("/eligible.csv") { _, context in try eligibleFile(context, workbook: false) }
        router.post("/publish") { request, context -> Response in
            let account = try require(context, .office)
            _ = try await form(request, context)
            let county = try currentCounty()
            try workspace.store.markPublished(county.id!, by: account.username)
            return Response(status: .seeOther, headers: [.location: "/eligible"])
        }
        router.post("/plan") { request, context in try await startPlan(request, context, replan: false) }
        router.post("/replan") { request, context in try await startPlan(request, context, replan: true) }
        router.get("/jobs/:id") { _, context in try jobPage(context) }
        router.get("/jobs/:id/events") { _, context in try jobEvents(context) }
        router.get("/jobs/:id/page") { _, context -> Response in
            _ = try require(context, .office, .planner)
            guard let page = try job(context).page else { throw Refusal.notFound }
            return html(page)
        }
        router.post("/jobs/:id/cancel") { request, context -> Response in
            let account = try require(context, .office, .planner)
            _ = try await form(request, context)
            let job = try job(context)
            guard account.role == .office || job.startedBy == account.username else { throw Refusal.forbidden }
            if job.cancel() { try workspace.store.log(account.username, "cancel", "job \(job.id) (\(job.kind.rawValue))") }
            return Response(status: .seeOther, headers: [.location: "/jobs/\(job.id)"])
        }
        router.get("/plans/:id/**") { request, context in try planFile(request, context) }
        router.post("/adopt") { request, context in try await adopt(request, context) }
        router.get("/objections") { _, context in try objectionsPage(context) }
        router.post("/objections") { request, context in try await addObjection(request, context) }
        router.post("/objections/:id/decide") { request, context in try await decideObjection(request, context) }
        router.get("/compare") { _, context -> Response in
            _ = try require(context, .office, .planner)
            return page(words(context)["compare"]!, "compare", ["scenarios": "base\nrate15:rotation_rate=0.15"], context)
        }
        router.post("/compare") { request, context in try await compare(request, context) }
        router.get("/history") { request, context in try history(request, context) }
        router.get("/schools/:id") { _, context in try schoolPage(context) }
        router.get("/audit") { request, context -> Response in
            _ = try require(context, .office)
            let w = words(context)
            let before = request.uri.queryParameters.get("before", as: Int64.self)
            let entries = try workspace.store.auditLog(before: before)
            let rows = entries.map { ["cells": [$0.at, $0.username, $0.action, $0.detail]] }
            var values: [String: Any] = ["tableID": "audit", "header": [w["at"]!, w["username"]!, w["action"]!, w["detail"]!], "rows": rows]
            if entries.count == BureauStore.auditPage, let last = entries.last?.id {
                values["links"] = ["items": [["href": "/audit?before=\(last)", "label": w["older"]!]]]
            }
            return page(w["audit"]!, "table", values, context)
        }
        router.get("/users") { _, context in try usersPage(context) }
        router.post("/users") { request, context in try await addUser(request, context) }
    }

    // MARK: Access

    /// The logged-in account, or the login page.
    func account(_ context: BureauContext) throws -> Account {
        guard let a = context.account else { throw Refusal.login }
        return a
    }

    /// The logged-in account if its role is one of `roles`; 403 otherwise (whatever the URL).
    func require(_ context: BureauContext, _ roles: Role...) throws -> Account {
        let a = try account(context)
        guard roles.contains(a.role) else { throw Refusal.forbidden }
        return a
    }

    /// A form's fields, after checking its CSRF token against the session's (403 when it differs).
    func form(_ request: Request, _ context: BureauContext) async throws -> [String: String] {
        let fields = try await formFields(request, limit: 1 << 20)
        guard let session = context.session, fields["csrf"] == session.csrf else { throw Refusal.forbidden }
        return fields
    }

    /// The fields of an `application/x-www-form-urlencoded` body (the first of a repeated name); a body larger than
    /// `limit` or not valid percent-encoded UTF-8 is a bad request.
    func formFields(_ request: Request, limit: Int) async throws -> [String: String] {
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch {
            throw Refusal.badRequest(en: "the form is too large", zh: "表单内容过大")
        }
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.formDecoded(parts[0]), let value = Self.formDecoded(parts.count > 1 ? parts[1] : "") else {
                throw Refusal.badRequest(en: "the form could not be read", zh: "无法读取表单")
            }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    /// A school id as one segment of a path.
    static func pathEncoded(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? id
    }

    static func formDecoded(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The session cookie: HTTP-only, SameSite=Strict, and Secure whenever the request came over TLS (the proxy's
    /// `X-Forwarded-Proto: https`); a plain-HTTP loopback connection gets it without Secure, which a client
    /// would not send back.
    func sessionCookie(_ token: String, _ request: Request, maxAge: Int) -> Cookie {
        let tls = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
        return Cookie(name: SessionLoader.cookie, value: token, maxAge: maxAge, path: "/", secure: tls, httpOnly: true, sameSite: .strict)
    }

    func login(_ request: Request, _ context: BureauContext) async throws -> Response {
        let fields = try await formFields(request, limit: 1 << 12)
        let w = words(context)
        let username = fields["username"] ?? "", password = fields["password"] ?? ""
        // Nothing longer than an account can have is looked up, counted or logged.
        guard username.count <= 64, password.utf8.count <= 72 else {
            return page(w["login"]!, "login", ["error": w["login_failed"]!], context, status: .unauthorized)
        }
        let client = context.clientAddress(request)
        let keys = ["user:" + username, "client:" + client]
        switch await throttle.attempt(keys) {
        case .allowed: break
        case .refused(let first):
            if first { try? workspace.store.log(username, "login refused", "too many failures from \(client)") }
            return page(w["login"]!, "login", ["error": w["login_throttled"]!], context, status: .tooManyRequests)
        }
        let account = try workspace.store.account(username)
        // bcrypt on NIO's thread pool (0.2 s of work), and for unknown names too: the time tells nothing.
        let verified = try await Accounts.verifyOffThread(password, account?.passwordHash ?? Accounts.dummyHash)
        guard let account, verified else {
            try? workspace.store.log(username, "login failed", "from \(client)")
            return page(w["login"]!, "login", ["error": w["login_failed"]!], context, status: .unauthorized)
        }
        await throttle.succeeded(keys)
        let session = try workspace.store.newSession(for: account.username, lifetime: Self.sessionLifetime)
        try workspace.store.log(account.username, "login", "from \(client)")
        var response = Response(status: .seeOther, headers: [.location: "/"])
        response.setCookie(sessionCookie(session.token, request, maxAge: Int(Self.sessionLifetime)))
        return response
    }

    // MARK: Home

    func currentCounty() throws -> StoredCounty {
        guard let c = try workspace.store.latestCounty() else { throw Refusal.badRequest(en: "import a county first", zh: "请先导入县数据") }
        return c
    }

    /// The latest plan of a county that has a transfer list (not a diagnosis).
    func latestList(_ county: StoredCounty) throws -> StoredPlan? {
        try workspace.store.plans(county: county.id!).first { $0.status != "cannot meet" }
    }

    func home(_ context: BureauContext) throws -> Response {
        let a = try account(context)
        if a.role == .principal { return Response(status: .seeOther, headers: [.location: "/schools/" + Self.pathEncoded(a.schoolID ?? "")]) }
        let w = words(context), zh = context.language == .zh
        var values: [String: Any] = [:]
        let county = try workspace.store.latestCounty()
        if let county {
            var card: [String: Any] = ["year": county.year, "teachers": county.teachers, "schools": county.schools, "source": county.source,
                                       "imported": county.imported]
            if let published = county.publishedAt { card["publishedAt"] = published }
            values["county"] = card
            let plans = try workspace.store.plans(county: county.id!)
            values["hasPlans"] = !plans.isEmpty
            values["plans"] = plans.map { p -> [String: Any] in
                let list = p.status != "cannot meet"
                var downloads: [[String: String]] = []
                if a.role == .office {
                    let names = list ? [PlanFiles.transfers, PlanFiles.schools, PlanFiles.summary, PlanWorkbook.file] + (p.previousID != nil ? [PlanFiles.changes] : [])
                        : [PlanFiles.diagnosisJSON, PlanWorkbook.file]
                    downloads = names.map { ["path": $0, "label": $0] }
                }
                let statusText = ["optimal": zh ? "最优" : "optimal", "feasible": zh ? "可行（未证明最优）" : "feasible (not proven optimal)",
                                  "cannot meet": zh ? "政策无法满足" : "cannot meet"][p.status] ?? p.status
                return ["id": p.id!, "statusText": statusText, "movers": p.movers, "created": p.created, "createdBy": p.createdBy,
                        "adopted": p.adopted, "hasReport": list, "diagnosis": !list && a.role == .office, "downloads": downloads, "prefix": zh ? "" : "en/"]
            }
            let list = try latestList(county)
            values["canReplan"] = list != nil
            if let list, !list.adopted { values["canAdopt"] = true; values["adoptID"] = list.id! }
            let data = try workspace.view(county)
            values["schoolLinks"] = data.county.schools.map { ["href": "/schools/" + Self.pathEncoded($0.id), "name": $0.name] }
            values["hasSchoolLinks"] = !data.county.schools.isEmpty
        }
        return page(w["home"]!, a.role == .office ? "office" : "planner", values, context)
    }

    // MARK: Import and publish

    /// An upload: a JSON body `{"files": [{"name": …, "data": base64}, …]}` (the import page sends the files chosen,
    /// CSV or a workbook), or a workbook's bytes as the whole body (`curl --data-binary @county.xlsx`). At most
    /// 32 MiB in all; checked as `rotation validate` checks a folder, every problem listed, nothing imported then.
    func importUpload(_ request: Request, _ context: BureauContext) async throws -> Response {
        let a = try require(context, .office)
        guard let session = context.session, request.headers[HTTPField.Name("X-CSRF-Token")!] == session.csrf else { throw Refusal.forbidden }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: context.maxUploadSize * 4 / 3 + 4096) } catch {
            throw Refusal.badRequest(en: "the upload is larger than 32 MiB", zh: "上传的文件超过 32 MiB")
        }
        let w = words(context), zh = context.language == .zh
        var files: [(name: String, data: Data)] = []
        if request.headers[.contentType]?.hasPrefix("application/json") == true {
            struct Upload: Decodable { struct File: Decodable { var name: String; var data: Data }; var files: [File] }
            guard let upload = try? JSONDecoder().decode(Upload.self, from: Data(buffer: body)) else {
                throw Refusal.badRequest(en: "the upload could not be read", zh: "无法读取上传的文件")
            }
            files = upload.files.map { ($0.name, $0.data) }
        } else {
            let name = request.uri.queryParameters.get("name").map { String($0) } ?? DatasetFile.workbook
            files = [(name, Data(buffer: body))]
        }
        guard files.reduce(0, { $0 + $1.data.count }) <= context.maxUploadSize else {
            throw Refusal.badRequest(en: "the upload is larger than 32 MiB", zh: "上传的文件超过 32 MiB")
        }
        let named = try Self.datasetNames(files.map(\.name))
        let label = files.map { ($0.name as NSString).lastPathComponent }.joined(separator: ", ")
        do {
            let (county, warnings) = try workspace.importFiles(zip(named, files).map { ($0, $1.data) },
                                                   uploaded: Dictionary(zip(named, files.map { ($0.name as NSString).lastPathComponent }), uniquingKeysWith: { a, _ in a }),
                                                   label: label, by: a.username)
            let shown = warnings.prefix(300).map { $0.text(context.language.rawValue) }
            return page(w["import"]!, "imported", ["source": county.source, "year": county.year, "teachers": county.teachers, "schools": county.schools,
                                                   "warnings": Array(shown), "hasWarnings": !shown.isEmpty], context)
        } catch let refused as ImportRefused {
            let lines = refused.issues.filter { $0.severity == .error }.map { $0.text(context.language.rawValue) } + (zh ? refused.unlisted.zh : refused.unlisted.en)
            try? workspace.store.log(a.username, "import refused", "\(label): \(refused.issues.count { $0.severity == .error }) errors")
            return page(w["import"]!, "message", ["kind": "error", "text": w["import_errors"]!, "lines": ["items": lines]], context, status: .unprocessableContent)
        }
    }

    /// The dataset's name for each uploaded file: its own name when it is one (schools.csv …), a sheet's Chinese
    /// name as a CSV file (学校.csv, 教师.csv, 学科需求.csv, 结对.csv, 异议.csv), any `.xlsx` as county.xlsx and any
    /// `.yaml`/`.yml` as policy.yaml. Anything else, or two files for one name, is refused with what is expected.
    static func datasetNames(_ uploaded: [String]) throws -> [String] {
        let chinese = ["学校": DatasetFile.schools, "教师": DatasetFile.teachers, "学科需求": DatasetFile.needs,
                       "结对": DatasetFile.pairs, "异议": DatasetFile.objections]
        var names: [String] = []
        for original in uploaded {
            let file = (original as NSString).lastPathComponent, lower = file.lowercased()
            let stem = (file as NSString).deletingPathExtension
            let name: String? = Workspace.uploadable.contains(lower) ? lower
                : lower.hasSuffix(".xlsx") ? DatasetFile.workbook
                : lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") ? DatasetFile.policy
                : lower.hasSuffix(".csv") ? chinese[stem] : nil
            guard let name else {
                throw Refusal.badRequest(en: "\(file): not a file of a county; expected \(Workspace.uploadable.joined(separator: ", "))",
                                         zh: "\(file)：不是县数据文件；应为 \(Workspace.uploadable.joined(separator: "、"))（或 学校.csv、教师.csv、学科需求.csv）")
            }
            guard !names.contains(name) else {
                throw Refusal.badRequest(en: "two files were given for \(name)", zh: "有两个文件都对应 \(name)")
            }
            names.append(name)
        }
        guard !names.isEmpty else { throw Refusal.badRequest(en: "choose the county's files", zh: "请选择县数据文件") }
        return names
    }

    func eligibleSheet(_ context: BureauContext) throws -> (Sheet, Dataset) {
        let county = try currentCounty()
        let data = try workspace.view(county)
        return (EligibilityList.sheet(data.county, data.policy, language: context.language), data)
    }

    func eligible(_ context: BureauContext) throws -> Response {
        _ = try require(context, .office, .planner)
        let (sheet, _) = try eligibleSheet(context)
        let county = try currentCounty()
        let w = words(context)
        let intro = county.publishedAt.map { "\(w["published"]!): \($0)" }
        return page(w["eligible_list"]!, "table", [
            "tableID": "eligible", "intro": intro as Any, "header": sheet.header,
            "links": ["items": [["href": "/eligible.xlsx", "label": "eligible.xlsx"], ["href": "/eligible.csv", "label": "eligible.csv"]]],
            "rows": sheet.rows.map { ["cells": $0.map(\.shown)] },
        ], context)
    }

    func eligibleFile(_ context: BureauContext, workbook: Bool) throws -> Response {
        _ = try require(context, .office, .planner)
        let county = try currentCounty()
        let data = try workspace.view(county)
        let bytes = workbook ? try EligibilityList.workbook(data.county, data.policy, language: context.language)
            : Data(EligibilityList.csv(data.county, data.policy, language: context.language).utf8)
        try workspace.store.log(try account(context).username, "download", workbook ? EligibilityList.workbook : EligibilityList.file)
        return download(bytes, name: workbook ? EligibilityList.workbook : EligibilityList.file)
    }

    func download(_ data: Data, name: String) -> Response {
        let type = name.hasSuffix(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : name.hasSuffix(".csv") ? "text/csv; charset=utf-8" : name.hasSuffix(".json") ? "application/json"
            : name.hasSuffix(".html") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8"
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        if !name.hasSuffix(".html") && !name.hasSuffix(".txt") { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" }
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Plans and jobs

    func startPlan(_ request: Request, _ context: BureauContext, replan: Bool) async throws -> Response {
        let a = try require(context, .office)
        _ = try await form(request, context)
        let county = try currentCounty()
        var previous: StoredPlan?
        if replan {
            guard let list = try latestList(county) else {
                throw Refusal.badRequest(en: "there is no plan to keep yet: make one first", zh: "尚无可保留的方案，请先制定方案")
            }
            previous = list
        }
        guard let job = jobs.plan(county: county, previous: previous, by: a.username) else { throw Refusal.busy }
        try workspace.store.log(a.username, replan ? "re-plan requested" : "plan requested", "job \(job.id), county \(county.id!)")
        return Response(status: .seeOther, headers: [.location: "/jobs/\(job.id)"])
    }

    func job(_ context: BureauContext) throws -> Job {
        guard let id = context.parameters.get("id", as: Int.self), let job = jobs.job(id) else { throw Refusal.notFound }
        return job
    }

    func jobPage(_ context: BureauContext) throws -> Response {
        let a = try require(context, .office, .planner)
        let job = try job(context)
        guard a.role == .office || job.kind == .compare else { throw Refusal.forbidden }
        var values: [String: Any] = ["id": job.id, "line": job.line(context.language), "running": job.state == .running,
                                     "prefix": context.language == .zh ? "" : "en/"]
        if case .finished(let planID) = job.state {
            if let planID { values["planID"] = planID }
            values["page"] = job.page != nil
        }
        return page(words(context)["job"]!, "job", values, context)
    }

    /// Server-sent events: the job's line every half second until it ends.
    func jobEvents(_ context: BureauContext) throws -> Response {
        let a = try require(context, .office, .planner)
        let job = try job(context)
        guard a.role == .office || job.kind == .compare else { throw Refusal.forbidden }
        let language = context.language
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                        body: ResponseBody { writer in
            while true {
                let done = job.state != .running
                let message = try JSONSerialization.data(withJSONObject: ["line": job.line(language), "done": done])
                try await writer.write(ByteBuffer(string: "data: " + String(decoding: message, as: UTF8.self) + "\n\n"))
                if done { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            try await writer.finish(nil)
        })
    }

    /// A stored plan's file. The office gets every file; a planner the pages and summary.json (county figures);
    /// a principal none (their school's page is /schools/<id>).
    func planFile(_ request: Request, _ context: BureauContext) throws -> Response {
        let a = try require(context, .office, .planner)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw Refusal.notFound }
        let prefix = "/plans/\(id)/"
        let path = String(request.uri.path.dropFirst(prefix.count)).removingPercentEncoding ?? ""
        guard request.uri.path.hasPrefix(prefix), !path.isEmpty, !path.contains("..") else { throw Refusal.notFound }
        if a.role == .planner && !(path.hasSuffix(".html") || path == PlanFiles.summary) { throw Refusal.forbidden }
        guard let data = try workspace.store.file(plan: id, path: path) else { throw Refusal.notFound }
        // Files with names (the list, the workbook, changes) leave a line in the audit log.
        if !path.hasSuffix(".html") { try workspace.store.log(a.username, "download", "plan \(id): \(path)") }
        return download(data, name: path)
    }

    func adopt(_ request: Request, _ context: BureauContext) async throws -> Response {
        let a = try require(context, .office)
        let fields = try await form(request, context)
        guard let id = fields["plan"].flatMap(Int64.init), let plan = try workspace.store.plan(id) else { throw Refusal.notFound }
        let county = try currentCounty()
        let zh = context.language == .zh
        guard plan.countyID == county.id, plan.status != "cannot meet", !plan.adopted else {
            throw Refusal.badRequest(en: "only the current county's latest plan with a list, not yet adopted, can be adopted",
                                     zh: "只能采用本学年尚未采用、有交流名单的方案")
        }
        guard let adopted = try await jobs.exclusive({ try adopt(plan: id, county: county, by: a.username, zh: zh) }) else { throw Refusal.busy }
        _ = adopted
        return Response(status: .seeOther, headers: [.location: "/"])
    }

    /// Adopts a stored plan into the ledger and stores next year's county. The ledger is written first; when it
    /// already holds this plan (a crash came between the two), only the server's side is finished.
    func adopt(plan id: Int64, county: StoredCounty, by user: String, zh: Bool) throws -> StoredCounty {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bureau-adopt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for f in try workspace.store.files(plan: id) where !f.path.contains("/") { try f.data.write(to: folder.appendingPathComponent(f.path)) }
        let (data, done) = try workspace.dataset(county)
        defer { done() }
        // The policy the plan was made with (its policy.yaml), as `rotation adopt` does.
        let policy = (try? Dataset.load(folder: data.folder, policyFile: folder.appendingPathComponent(PlanFiles.policyFile)).policy) ?? data.policy
        let policyHash = "bureau plan \(id)"
        do {
            let planFolder = try PlanFolder(folder, county: data.county)
            var stored: StoredCounty?
            let store: (County, Policy) throws -> Void = { next, nextPolicy in
                let relative = "counties/" + UUID().uuidString.lowercased()
                try CountyWriter.write(next, policy: nextPolicy, to: workspace.folder.appendingPathComponent(relative))
                stored = StoredCounty(id: nil, year: nextPolicy.year, folder: relative, source: zh ? "采用方案 #\(id) 后" : "after adopting plan #\(id)",
                                      teachers: next.teachers.count, schools: next.schools.count, imported: BureauStore.now(),
                                      importedBy: user, publishedAt: nil)
            }
            let ledger = try Ledger(path: workspace.ledgerPath)
            if try ledger.plans().contains(where: { $0.year == policy.year && $0.policyHash == policyHash }) {
                let next = Adoption.nextYear(county: data.county, policy: policy, moves: planFolder.moves)
                try store(next.county, next.policy)
            } else {
                _ = try Adoption.adopt(planFolder.moves, status: planFolder.status, county: data.county, policy: policy, ledger: ledger,
                                       countyHash: "bureau county \(county.id!)", policyHash: policyHash, write: store)
            }
            return try workspace.store.adopted(id, next: stored!, by: user)
        } catch let f as Ledger.Failure {
            throw Refusal.badRequest(en: f.description, zh: f.chinese)
        } catch let invalid as InvalidDataset {
            throw Refusal.badRequest(en: invalid.issues.map { $0.text("en") }.joined(separator: "; "), zh: invalid.issues.map { $0.text("zh") }.joined(separator: "；"))
        }
    }

    // MARK: Objections

    func objectionsPage(_ context: BureauContext) throws -> Response {
        _ = try require(context, .office)
        let county = try currentCounty()
        let w = words(context)
        let data = try workspace.view(county)
        let rows = try workspace.store.objections(county: county.id!).map { o -> [String: Any] in
            let name = data.county.teacherIndex[o.teacherID].map { data.county.teachers[$0].name } ?? ""
            return ["id": o.id!, "teacherID": o.teacherID, "name": name, "request": o.request, "note": o.note, "pending": o.decision == nil,
                    "decisionText": o.decision.map { w[$0] ?? $0 } ?? w["pending"]!]
        }
        return page(w["objections"]!, "objections", ["rows": rows, "canReplan": try latestList(county) != nil], context)
    }

    func addObjection(_ request: Request, _ context: BureauContext) async throws -> Response {
        let a = try require(context, .office)
        let fields = try await form(request, context)
        let county = try currentCounty()
        let teacher = (fields["teacher_id"] ?? "").trimmingCharacters(in: .whitespaces)
        let requestText = (fields["request"] ?? "").trimmingCharacters(in: .whitespaces)
        let data = try workspace.view(county)
        guard data.county.teacherIndex[teacher] != nil else {
            throw Refusal.badRequest(en: "no teacher with id '\(teacher)' in the county", zh: "本县数据中没有编号为“\(teacher)”的教师")
        }
        guard !requestText.isEmpty, requestText.count <= 200 else {
            throw Refusal.badRequest(en: "give the request: stay, a school id, leave, not:ID;ID or only:ID;ID", zh: "请填写申请：stay、学校代码、leave、not:代码;代码 或 only:代码;代码")
        }
        try workspace.store.add(StoredObjection(id: nil, countyID: county.id!, teacherID: teacher, request: requestText, decision: nil,
                                                note: String((fields["note"] ?? "").prefix(500)), entered: BureauStore.now(),
                                                enteredBy: a.username, decidedBy: nil), by: a.username)
        return Response(status: .seeOther, headers: [.location: "/objections"])
    }

    /// Decides an objection. An accepted one must read as a lock the county accepts: it is checked by reading
    /// the county with it (the same checks as objections.csv), and refused with the reader's message otherwise.
    func decideObjection(_ request: Request, _ context: BureauContext) async throws -> Response {
        let a = try require(context, .office)
        let fields = try await form(request, context)
        guard let id = context.parameters.get("id", as: Int64.self), let objection = try workspace.store.objection(id),
              objection.decision == nil else { throw Refusal.notFound }
        guard let decision = fields["decision"], ["accepted", "rejected"].contains(decision) else {
            throw Refusal.badRequest(en: "decide accepted or rejected", zh: "请选择采纳或不采纳")
        }
        let county = try currentCounty()
        guard objection.countyID == county.id else {
            throw Refusal.badRequest(en: "this objection belongs to an earlier county", zh: "此异议属于以前的县数据")
        }
        // The county must read with the decision (an accepted request is a lock): checked before it is stored.
        var decided = objection
        decided.decision = decision
        do { let (_, done) = try workspace.dataset(county, deciding: decided); done() } catch let invalid as InvalidDataset {
            throw Refusal.badRequest(en: invalid.issues.filter { $0.severity == .error }.map { $0.text("en") }.joined(separator: "; "),
                                     zh: invalid.issues.filter { $0.severity == .error }.map { $0.text("zh") }.joined(separator: "；"))
        }
        try workspace.store.decide(id, decision: decision, by: a.username)
        return Response(status: .seeOther, headers: [.location: "/objections"])
    }

    // MARK: Compare, history, schools, accounts

    func compare(_ request: Request, _ context: BureauContext) async throws -> Response {
        let a = try require(context, .office, .planner)
        let fields = try await form(request, context)
        let county = try currentCounty()
        let lines = (fields["scenarios"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard (1...6).contains(lines.count) else {
            throw Refusal.badRequest(en: "give one to six scenarios, one per line", zh: "请给出 1 至 6 个方案，每行一个")
        }
        var scenarios: [Scenario] = []
        for line in lines where !line.hasSuffix(".yaml") {
            do { scenarios.append(try Scenario.parse(line)) } catch let invalid as InvalidDataset {
                throw Refusal.badRequest(en: invalid.issues.map { $0.text("en") }.joined(separator: "; "), zh: invalid.issues.map { $0.text("zh") }.joined(separator: "；"))
            }
        }
        guard scenarios.count == lines.count, Set(scenarios.map(\.name)).count == scenarios.count else {
            throw Refusal.badRequest(en: "each scenario is NAME:key=value,… with a name of its own", zh: "每个方案写作 名称:键=值,…，名称互不相同")
        }
        guard let job = jobs.compare(county: county, scenarios: scenarios, language: context.language, by: a.username) else { throw Refusal.busy }
        return Response(status: .seeOther, headers: [.location: "/jobs/\(job.id)"])
    }

    func history(_ request: Request, _ context: BureauContext) throws -> Response {
        let a = try account(context)
        let query = request.uri.queryParameters
        let teacher: String? = query.get("teacher").map { String($0) }
        let school: String? = query.get("school").map { String($0) }
        // The office sees every history; a principal their own school's.
        guard a.role == .office || (a.role == .principal && teacher == nil && school != nil && school == a.schoolID) else { throw Refusal.forbidden }
        guard (teacher == nil) != (school == nil) else { throw Refusal.badRequest(en: "give a teacher or a school", zh: "请给出教师编号或学校代码") }
        let zh = context.language == .zh, w = words(context)
        var moves: [LedgerMove] = []
        if FileManager.default.fileExists(atPath: workspace.ledgerPath) {
            let ledger = try Ledger(path: workspace.ledgerPath)
            if let teacher { moves = try ledger.moves(teacher: teacher) } else if let school { moves = try ledger.moves(school: school) }
        }
        let header = zh ? ["学年", "类别", "教师", "调出学校", "调入学校", "期满学年"] : ["Year", "Kind", "Teacher", "From", "To", "Term ends"]
        let rows = moves.map { m -> [String: Any] in
            let kind: String = zh ? (MoveKind(rawValue: m.kind)?.chinese ?? m.kind) : m.kind
            let cells: [String] = [String(m.year), kind, "\(m.teacherName) (\(m.teacherID))", "\(m.fromSchoolName) (\(m.fromSchoolID))",
                                   "\(m.toSchoolName) (\(m.toSchoolID))", m.termEndYear.map { String($0) } ?? ""]
            return ["cells": cells]
        }
        let title = teacher.map { "\(w["teacher_history"]!) · \($0)" } ?? "\(w["school_history"]!) · \(school!)"
        return page(title, "history", ["header": header, "rows": rows], context)
    }

    /// A school's page: for its principal (only theirs), the office and planners. Before any plan of the current
    /// county, the school's teachers as on the public list; after one, the plan's school page (who leaves, who
    /// arrives with the reason, subject coverage, indicators against the floors), inside the server's layout.
    func schoolPage(_ context: BureauContext) throws -> Response {
        let a = try account(context)
        guard let id = context.parameters.get("id")?.removingPercentEncoding else { throw Refusal.notFound }
        if a.role == .principal && a.schoolID != id { throw Refusal.forbidden }
        let county = try currentCounty()
        let data = try workspace.view(county)
        guard let s = data.county.schoolIndex[id] else { throw Refusal.notFound }
        let school = data.county.schools[s]
        if let plan = try latestList(county) {
            let path = (context.language == .zh ? "" : "en/") + "schools/" + HTMLReport.fileName(for: id)
            if let stored = try workspace.store.file(plan: plan.id!, path: path) {
                let text = String(decoding: stored, as: UTF8.self)
                let body = text.range(of: "<body>").flatMap { open in text.range(of: "</body>").map { String(text[open.upperBound..<$0.lowerBound]) } } ?? text
                return html(layout(school.name, body: body, context, embedded: true))
            }
        }
        let sheet = EligibilityList.sheet(data.county, data.policy, language: context.language)
        let rows = sheet.rows.filter { $0.first?.shown == id }.map { ["cells": $0.dropFirst(2).map(\.shown)] }
        return page(school.name, "school", ["schoolID": id, "header": Array(sheet.header.dropFirst(2)), "rows": rows], context)
    }

    func usersPage(_ context: BureauContext) throws -> Response {
        _ = try require(context, .office)
        let zh = context.language == .zh
        let accounts = try workspace.store.accounts().map { u -> [String: Any] in
            ["username": u.username, "roleName": zh ? u.role.chinese : u.role.rawValue, "school": u.schoolID ?? "", "created": u.created]
        }
        return page(words(context)["users"]!, "users", ["accounts": accounts], context)
    }

    func addUser(_ request: Request, _ context: BureauContext) async throws -> Response {
        let a = try require(context, .office)
        let fields = try await form(request, context)
        guard let role = Role(rawValue: fields["role"] ?? "") else { throw Refusal.badRequest(en: "choose a role", zh: "请选择角色") }
        let username = fields["username"] ?? "", password = fields["password"] ?? ""
        let school = (fields["school"] ?? "").isEmpty ? nil : fields["school"]
        if let problem = Accounts.problem(username: username, password: password, role: role, schoolID: school) {
            throw Refusal.badRequest(en: problem.en, zh: problem.zh)
        }
        if let school, let county = try workspace.store.latestCounty(), !(try workspace.schoolIDs(county).contains(school)) {
            throw Refusal.badRequest(en: "no school \(school) in the current county", zh: "当前县数据中没有学校 \(school)")
        }
        let hash = try await Accounts.hashOffThread(password)
        try workspace.store.save(Account(username: username, role: role, schoolID: school, passwordHash: hash,
                                         created: BureauStore.now()), by: a.username)
        return Response(status: .seeOther, headers: [.location: "/users"])
    }
}
