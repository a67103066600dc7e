import CountyData
import Foundation
import GLPKBackend
import IntegerProgramming
import Ledger
import PlanReports
import PolicyWhatIf
import RotationModel
import NIOPosix
import RotationPlanner

/// One piece of long work (a plan, a re-plan, a comparison) run off the request path on a thread of its own,
/// with its progress readable by any request and a cancel flag the solver asks about once a second.
public final class Job: @unchecked Sendable {
    public enum Kind: String, Sendable { case plan, replan, compare }
    public enum State: Sendable, Equatable {
        case running
        /// Finished: the stored plan's id (nil for a comparison, whose page is `page`).
        case finished(planID: Int64?)
        case cancelled
        case failed(en: String, zh: String)
    }

    public let id: Int
    public let kind: Kind
    public let countyID: Int64
    public let startedBy: String
    private let lock = NSLock()
    private var _state = State.running
    private var _progress: PlanProgress?
    private var _cancelled = false
    private var _saving = false
    private var _page: String?
    private var _seconds: Double?
    let started = ContinuousClock.now

    init(id: Int, kind: Kind, countyID: Int64, startedBy: String) {
        self.id = id; self.kind = kind; self.countyID = countyID; self.startedBy = startedBy
    }

    public var state: State { lock.withLock { _state } }
    public var progress: PlanProgress? { lock.withLock { _progress } }
    public var page: String? { lock.withLock { _page } }
    public var isCancelled: Bool { lock.withLock { _cancelled } }
    /// Asks the job to stop; false when it has ended or is already storing its result (too late to cancel).
    @discardableResult
    public func cancel() -> Bool {
        lock.withLock {
            guard _state == .running, !_saving, !_cancelled else { return false }
            _cancelled = true
            return true
        }
    }
    /// Called before the result is stored: false when the job was cancelled (then nothing is stored); after it,
    /// cancelling is refused.
    func beginSaving() -> Bool { lock.withLock { if _cancelled { return false }; _saving = true; return true } }
    func report(_ p: PlanProgress) { lock.withLock { _progress = p } }
    func finish(_ s: State, page: String? = nil) {
        let seconds = started.elapsedSeconds
        lock.withLock { _state = s; _page = page; _seconds = seconds }
    }
    /// Seconds since the start, or from start to end once finished.
    var seconds: String { String(format: "%.1f", lock.withLock { _seconds } ?? started.elapsedSeconds) }

    /// The job's state in the user's words (no raw solver numbers): phase, whether a plan is found, the gap, seconds.
    public func line(_ language: ReportLanguage) -> String {
        let zh = language == .zh
        let seconds = self.seconds
        switch state {
        case .running:
            var line = progress.map { ProgressLine.text($0, seconds: started.elapsedSeconds, language: language) }
                ?? (zh ? "正在规划 · \(seconds) 秒" : "planning · \(seconds) s")
            if isCancelled { line += zh ? " · 正在取消" : " · cancelling" }
            return line
        case .finished: return zh ? "已完成（\(seconds) 秒）" : "finished (\(seconds) s)"
        case .cancelled: return zh ? "已取消" : "cancelled"
        case .failed(let en, let zhText): return zh ? "未完成：\(zhText)" : "not finished: \(en)"
        }
    }
}

/// The server's long work, one job at a time: a second request while one runs is refused with a message that
/// names the running job (the planner uses a whole core, and the machine has two). Nothing is stored unless a
/// job finishes; a plan is stored with all its files in one transaction.
public final class JobBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Job?
    private var counter = 0
    let workspace: Workspace
    /// The planner every job uses (GLPK, the rule catalogue; tests may shorten its limits).
    let planner: Planner

    init(workspace: Workspace, planner: Planner) { self.workspace = workspace; self.planner = planner }

    public var latest: Job? { lock.withLock { current } }
    /// Whether an adoption holds the board (no job starts meanwhile).
    private var exclusiveWork = false

    /// Runs `work` on NIO's thread pool while no job runs and none can start; nil (nothing done) when a job runs.
    func exclusive<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T? {
        let free = lock.withLock {
            if exclusiveWork || current?.state == .running { return false }
            exclusiveWork = true
            return true
        }
        guard free else { return nil }
        defer { lock.withLock { exclusiveWork = false } }
        return try await NIOThreadPool.singleton.runIfActive(work)
    }

    /// Starts a job unless one is running (then returns nil).
    func start(_ kind: Kind, county: StoredCounty, by user: String, work: @escaping @Sendable (Job) -> Job.State) -> Job? {
        let job: Job? = lock.withLock {
            if exclusiveWork { return nil }
            if let c = current, c.state == .running { return nil }
            counter += 1
            let j = Job(id: counter, kind: kind, countyID: county.id!, startedBy: user)
            current = j
            return j
        }
        guard let job else { return nil }
        let store = workspace.store
        Thread.detachNewThread {
            let state = work(job)
            switch state {
            case .failed(let en, _): try? store.log(user, "\(kind.rawValue) failed", "job \(job.id): \(en.prefix(500))")
            case .cancelled where kind != .compare: try? store.log(user, "\(kind.rawValue) cancelled", "job \(job.id): nothing stored")
            default: break
            }
            if job.state == .running { job.finish(job.isCancelled && state != .finished(planID: nil) ? .cancelled : state, page: job.page) }
        }
        return job
    }
    typealias Kind = Job.Kind

    func job(_ id: Int) -> Job? { lock.withLock { current?.id == id ? current : nil } }

    // MARK: The work

    /// Plans the county (with the previous plan kept as far as the rules allow, for a re-plan) and stores it.
    func plan(county: StoredCounty, previous: StoredPlan?, by user: String) -> Job? {
        start(previous == nil ? .plan : .replan, county: county, by: user) { [workspace, planner] job in
            let store = workspace.store
            do {
                let (data, done) = try workspace.dataset(county)
                defer { done() }
                var previousPlan: PreviousPlan?
                if let previous {
                    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bureau-previous-\(UUID().uuidString)")
                    defer { try? FileManager.default.removeItem(at: folder) }
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    if let transfers = try store.file(plan: previous.id!, path: PlanFiles.transfers) {
                        try transfers.write(to: folder.appendingPathComponent(PlanFiles.transfers))
                    }
                    previousPlan = try PlanDiff.previousPlan(folder)
                }
                var p = planner
                p.progress = { progress in job.report(progress) }
                p.stopRequested = { job.isCancelled }
                let clock = ContinuousClock.now
                let outcome = p.plan(county: data.county, policy: data.policy, previous: previousPlan)
                if job.isCancelled { return .cancelled }
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("unused")
                var files: [(path: String, data: Data)]
                var status: String, movers = 0
                switch outcome {
                case .plan(let plan):
                    files = try PlanFiles.output(plan, to: scratch, language: .zh).contents.map { ($0.name, $0.data) }
                    for page in HTMLReport(plan: plan, language: .en).pages() { files.append(("en/" + page.path, Data(page.html.utf8))) }
                    files.append(("en/" + PlanWorkbook.file, try PlanWorkbook.data(plan, language: .en)))
                    status = plan.status.rawValue
                    movers = plan.movers.count
                case .cannotMeet(let diagnosis):
                    files = try PlanFiles.output(diagnosis, county: data.county, policy: data.policy, to: scratch, language: .zh)
                        .contents.map { ($0.name, $0.data) }
                    files.append(("en/" + PlanFiles.diagnosisText, Data(diagnosis.text("en").utf8)))
                    status = "cannot meet"
                case .noPlan(let why):
                    try? store.log(user, "plan failed", "no plan for county \(county.id!): \(why.en)")
                    return .failed(en: "no plan: \(why.en)", zh: "未找到方案：\(why.zh)")
                }
                guard job.beginSaving() else { return .cancelled }
                let stored = try store.add(StoredPlan(id: nil, countyID: county.id!, year: data.policy.year, status: status, movers: movers,
                                                      previousID: previous?.id, created: BureauStore.now(), createdBy: user,
                                                      seconds: clock.elapsedSeconds, adopted: false), files: files, by: user)
                return .finished(planID: stored.id)
            } catch let invalid as InvalidDataset {
                let en = invalid.issues.prefix(5).map { $0.text("en") }.joined(separator: "; ")
                let zh = invalid.issues.prefix(5).map { $0.text("zh") }.joined(separator: "；")
                return .failed(en: en, zh: zh)
            } catch {
                return .failed(en: "\(error)", zh: "\(error)")
            }
        }
    }

    /// Plans several scenarios of the county side by side (as `rotation compare`); the page stays with the job.
    func compare(county: StoredCounty, scenarios: [Scenario], language: ReportLanguage, by user: String) -> Job? {
        start(.compare, county: county, by: user) { [workspace, planner] job in
            do {
                let (data, done) = try workspace.dataset(county)
                defer { done() }
                let runs = try scenarios.map { ($0, try $0.policy(from: data.policy)) }
                guard !job.isCancelled else { return .cancelled }
                var p = planner
                p.stopRequested = { job.isCancelled }
                let results = ScenarioRunner(planner: p).run(county: data.county, scenarios: runs)
                if job.isCancelled { try? workspace.store.log(user, "compare cancelled", "job \(job.id)"); return .cancelled }
                let title = language == .zh ? "\(data.policy.year) 学年政策比较" : "Policies compared, \(data.policy.year)"
                let page = WhatIfPages.comparison(ComparisonTable(results), title: title, language: language)
                try? workspace.store.log(user, "compare", scenarios.map(\.description).joined(separator: " | "))
                job.finish(.finished(planID: nil), page: page)
                return .finished(planID: nil)
            } catch let invalid as InvalidDataset {
                return .failed(en: invalid.issues.prefix(5).map { $0.text("en") }.joined(separator: "; "),
                               zh: invalid.issues.prefix(5).map { $0.text("zh") }.joined(separator: "；"))
            } catch {
                return .failed(en: "\(error)", zh: "\(error)")
            }
        }
    }
}

extension ContinuousClock.Instant {
    var elapsedSeconds: Double {
        let d = ContinuousClock.now - self
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
