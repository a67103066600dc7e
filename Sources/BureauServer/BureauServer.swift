import CountyData
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import PlanReports
import RotationPlanner

/// What every request carries through the server: the client's address, the logged-in account and session,
/// and the language of the pages.
public struct BureauContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var client: String
    var account: Account?
    var session: StoredSession?
    var language: ReportLanguage = .zh
    /// Workbooks are bounded at 32 MiB when read; an upload may not be larger.
    public var maxUploadSize: Int { 32 * 1024 * 1024 }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "?"
    }

    /// The client's address for login throttling and the audit log: the peer's, or, when the peer is a proxy on
    /// loopback (nginx, docs/server.md), the last address it added to `X-Forwarded-For`.
    func clientAddress(_ request: Request) -> String {
        guard client == "127.0.0.1" || client == "::1",
              let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").last else { return client }
        let address = forwarded.trimmingCharacters(in: .whitespaces)
        return address.isEmpty || address.count > 64 ? client : address
    }
}

/// The bureau's server (`rotation serve`): the same planner, files and ledger as the command line, behind
/// accounts. Every route checks the account's role (and a principal's school) on the server.
public struct BureauServer: Sendable {
    public let workspace: Workspace
    public let host: String
    public let port: Int
    let jobs: JobBoard
    let throttle = LoginThrottle()
    let library: MustacheLibrary

    public init(workspace: Workspace, host: String, port: Int, planner: Planner) {
        self.workspace = workspace; self.host = host; self.port = port
        jobs = JobBoard(workspace: workspace, planner: planner)
        var library = MustacheLibrary()
        for (name, text) in ServerTemplates.all { try! library.register(text, named: name) }
        self.library = library
    }

    /// Creates the first office account when there is none; returns its password to print once.
    public func firstAccount() throws -> (username: String, password: String)? {
        guard try workspace.store.accountCount() == 0 else { return nil }
        let password = Accounts.newPassword()
        try workspace.store.save(Account(username: "office", role: .office, schoolID: nil, passwordHash: Accounts.hash(password),
                                         created: BureauStore.now()), by: "rotation serve")
        return ("office", password)
    }

    /// Runs until the process is stopped; `onRunning` gets the port actually bound (for `--port 0`).
    public func run(onRunning: @escaping @Sendable (Int) -> Void) async throws {
        let router = Router(context: BureauContext.self)
        router.add(middleware: PageErrors(server: self))
        router.add(middleware: SessionLoader(store: workspace.store))
        routes(router)
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil),
                              onServerRunning: { channel in onRunning(channel.localAddress?.port ?? 0) },
                              logger: Logger(label: "rotation.serve"))
        try await app.runService()
    }

    // MARK: Rendering

    func render(_ template: String, _ values: [String: Any], _ context: BureauContext) -> String {
        var values = values
        values["w"] = ServerWords.texts(context.language)
        values["csrf"] = context.session?.csrf ?? ""
        return library.render(values, withTemplate: template) ?? ""
    }

    /// A page: `template` rendered with `values`, inside the layout (header with the account and language).
    func page(_ title: String, _ template: String, _ values: [String: Any], _ context: BureauContext, status: HTTPResponse.Status = .ok) -> Response {
        html(layout(title, body: render(template, values, context), context), status: status)
    }

    /// `embedded`: the body is a stored plan page with its own heading.
    func layout(_ title: String, body: String, _ context: BureauContext, embedded: Bool = false) -> String {
        var values: [String: Any] = ["title": title, "body": body, "embedded": embedded]
        if let a = context.account {
            values["user"] = ["name": a.username, "roleName": context.language == .zh ? a.role.chinese : a.role.rawValue,
                              "office": a.role == .office, "canCompare": a.role != .principal] as [String: Any]
        }
        return render("layout", values, context)
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: Self.pageHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Every page: not cached, not framed by another site, not sniffed as another type.
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
        HTTPField.Name("X-Frame-Options")!: "DENY", HTTPField.Name("Content-Security-Policy")!: "frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
    ]

    func words(_ context: BureauContext) -> [String: String] { ServerWords.texts(context.language) }
}

/// A request the server refuses, shown as a page (in the user's language) with its status.
enum Refusal: Error {
    case login
    case forbidden
    case notFound
    case badRequest(en: String, zh: String)
    case busy
}

/// Turns refusals into pages: not logged in → the login page; 403, 404, 400 and 409 with a sentence.
struct PageErrors: RouterMiddleware {
    let server: BureauServer
    func handle(_ request: Request, context: BureauContext, next: (Request, BureauContext) async throws -> Response) async throws -> Response {
        do { return try await next(request, context) } catch let refusal as Refusal {
            let w = server.words(context), zh = context.language == .zh
            switch refusal {
            case .login:
                return Response(status: .seeOther, headers: [.location: "/login"])
            case .forbidden:
                return server.page("403", "message", ["kind": "error", "text": w["forbidden"]!], context, status: .forbidden)
            case .notFound:
                return server.page("404", "message", ["kind": "error", "text": w["not_found"]!], context, status: .notFound)
            case .badRequest(let en, let zhText):
                return server.page("400", "message", ["kind": "error", "text": zh ? zhText : en], context, status: .badRequest)
            case .busy:
                return server.page("409", "message", ["kind": "error", "text": w["job_busy"]!], context, status: .conflict)
            }
        }
    }
}

/// Reads the session cookie into the context (an expired or unknown one is no session), and the language
/// cookie; `?lang=zh|en` sets the language and comes back to the same page.
struct SessionLoader: RouterMiddleware {
    static let cookie = "bureau_session"
    let store: BureauStore
    func handle(_ request: Request, context: BureauContext, next: (Request, BureauContext) async throws -> Response) async throws -> Response {
        var context = context
        if let lang = request.uri.queryParameters.get("lang"), let language = ReportLanguage(rawValue: lang) {
            // Back to the same page of this server: never `//host` or `/\host`, which a browser reads as another site.
            let path = request.uri.path
            let local = path.hasPrefix("/") && !path.hasPrefix("//") && !path.hasPrefix("/\\") && !path.contains("://")
            var response = Response(status: .seeOther, headers: [.location: local ? path : "/"])
            response.setCookie(Cookie(name: "lang", value: language.rawValue, maxAge: 365 * 86400, path: "/", httpOnly: true, sameSite: .lax))
            return response
        }
        if let lang = request.cookies["lang"]?.value, let language = ReportLanguage(rawValue: lang) { context.language = language }
        if let token = request.cookies[Self.cookie]?.value, token.count == 64, let (session, account) = try store.session(token) {
            context.session = session
            context.account = account
        }
        return try await next(request, context)
    }
}
