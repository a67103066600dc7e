import CountyData
import Foundation
import IntegerProgramming
import PlanReports
import RotationModel
import RotationPlanner
import Testing

/// Progress in the user's terms (issue 17): the planner reports its steps and the best plan so far by unmet need and
/// movers; the line people see has no raw solver numbers; the timings of each phase add up.
@Suite("Progress and timings of planning")
struct ProgressTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [PlanProgress] = []
        func add(_ p: PlanProgress) { lock.withLock { items.append(p) } }
        var all: [PlanProgress] { lock.withLock { items } }
    }

    @Test("the planner reports building, the first relaxation, pricing and the search; its last plan in the search is the plan, by unmet need and movers")
    func reportsTheBestPlanInTheUsersTerms() throws {
        let data = try WhatIfTests.example("medium-county")
        let recorder = Recorder()
        var planner = Planner.glpk
        planner.progress = { recorder.add($0) }
        guard case .plan(let plan) = planner.plan(county: data.county, policy: data.policy) else {
            Issue.record("the medium example has a plan"); return
        }
        let reports = recorder.all
        #expect(reports.first?.stage == nil && reports.first?.phase == .plan, "building the program comes first")
        let stages = reports.filter { $0.phase == .plan }.compactMap(\.stage)
        #expect(stages.first == .relaxation)
        #expect(stages.contains(.pricing) && stages.contains(.search))
        // Moves in grow round by round, and are never more than the program's.
        let movesIn = reports.filter { $0.stage == .pricing }.compactMap(\.movesIn)
        #expect(!movesIn.isEmpty && movesIn == movesIn.sorted() && movesIn.allSatisfy { $0 > 0 && $0 <= plan.candidates.candidateMoves })
        // Figures of the best plan so far: present once a plan is found, and the last of the main search is the plan
        // (the medium example's unmet need is proven the least by the bound: no re-plan).
        let found = reports.filter { $0.phase == .plan && $0.hasPlan && $0.stage == .search }
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.unmetNeed != nil && $0.movers != nil })
        #expect(!reports.contains { $0.phase == .replan })
        #expect(found.last?.movers == plan.movers.count, "\(String(describing: found.last)) against \(plan.movers.count) movers")
        #expect(found.last?.unmetNeed == Double(plan.after.unmetNeed.tenths) / 10)
        #expect(found.allSatisfy { ($0.gap ?? 0) >= 0 && ($0.gap ?? 0) < 1 })
    }

    @Test("the progress line is in the user's words: no objective value, no infinite bound, no exponent")
    func lineInWords() {
        var p = PlanProgress(phase: .plan, stage: .search, movesIn: 12_345, unmetNeed: 177, movers: 1290, gap: 1.2e-7, hasPlan: true)
        let zh = ProgressLine.text(p, seconds: 12.4, language: .zh)
        #expect(zh == "规划交流方案 · 当前最好方案：学科缺口 177 人，交流 1,290 人，与最优界相差 <0.01% · 12 秒", "\(zh)")
        let en = ProgressLine.text(p, seconds: 12.4, language: .en)
        #expect(en == "planning · best plan so far: unmet need 177, 1,290 movers, within <0.01% of the best possible · 12 s", "\(en)")
        p.unmetNeed = 2.5; p.gap = 0.0345
        #expect(ProgressLine.text(p, seconds: 3, language: .zh).contains("学科缺口 2.5 人，交流 1,290 人，与最优界相差 3.45%"))
        p.stage = .pricing
        #expect(ProgressLine.text(p, seconds: 3, language: .zh) == "规划交流方案 · 纳入更多候选调动（已纳入 12,345 个） · 3 秒")
        for phase in PlanProgress.Phase.allCases {
            for stage in [nil] + SolveStage.allCases.map(Optional.some) {
                for language in ReportLanguage.allCases {
                    let line = ProgressLine.text(PlanProgress(phase: phase, stage: stage, gap: 1e300, hasPlan: stage == .search),
                                                 seconds: 1, language: language)
                    #expect(!line.contains("e+") && !line.contains("e-") && line.count < 130, "\(line)")
                    if language == .zh { #expect(!line.contains { $0.isASCII && $0.isLetter }, "English in \(line)") }
                }
            }
        }
    }

    @Test("the timings of planning's phases are measured and add up to no more than the planning time")
    func timings() throws {
        let data = try WhatIfTests.example("small-county")
        guard case .plan(let plan) = Planner.glpk.plan(county: data.county, policy: data.policy) else {
            Issue.record("the small example has a plan"); return
        }
        let t = plan.timings
        // The candidates come before the planning clock starts.
        let parts = [t.build, t.relaxation, t.pricing, t.search, t.shortageProof, t.audit]
        #expect(t.candidates > 0 && parts.allSatisfy { $0 >= 0 })
        #expect(t.build > 0 && t.relaxation > 0 && t.search > 0)
        #expect(parts.reduce(0, +) <= plan.solveSeconds + 0.01, "\(t) against \(plan.solveSeconds) s")
    }
}

/// Issue 17: a county whose rules leave more possible moves than `solver.max_candidate_moves` is refused at once,
/// before its program takes the machine's memory, saying how many and what would help.
@Suite("Counties too large to plan")
struct TooLargeTests {
    @Test("more candidate moves than solver.max_candidate_moves: no plan, at once, with the count and the remedies; at the cap it plans")
    func refusedAtOnce() throws {
        let data = try WhatIfTests.example("small-county")
        let moves = Candidates(county: data.county, policy: data.policy).candidateMoves
        #expect(moves > 100)
        var policy = data.policy
        policy.solver.maxCandidateMoves = moves - 1
        let clock = ContinuousClock.now
        guard case .noPlan(let why) = Planner.glpk.plan(county: data.county, policy: policy) else {
            Issue.record("a county over the cap is refused"); return
        }
        #expect(ContinuousClock.now - clock < .seconds(2))
        #expect(why.en.contains("\(moves) possible moves") && why.en.contains("max_commute_km") && why.en.contains("exchange_scope: group"))
        #expect(why.zh.contains("候选调动有 \(moves) 个") && why.zh.contains("solver.max_candidate_moves"))
        policy.solver.maxCandidateMoves = moves
        guard case .plan = Planner.glpk.plan(county: data.county, policy: policy) else {
            Issue.record("a county at the cap plans"); return
        }
    }
}
