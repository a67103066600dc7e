import IntegerProgramming
import RotationModel

/// A plan made earlier for the same county (its transfer list), to be kept as far as the rules allow when
/// re-planning after objections (`rotation plan --previous PLAN_DIR`).
public struct PreviousPlan: Sendable, Equatable {
    /// Teacher id → the school id the earlier plan sent the teacher to; a teacher not listed stayed.
    public var destinations: [String: String]
    public init(destinations: [String: String]) { self.destinations = destinations }
}

/// What re-planning kept of the previous plan.
public struct StabilityOutcome: Sendable, Equatable {
    /// How many teachers end somewhere other than the previous plan put them: the fewest any plan that keeps
    /// every rule can have (proven when `proven`).
    public var changes: Int
    public var proven: Bool
    /// Per teacher: the school the previous plan put them at (nil: a school no longer in the county).
    public var previous: [Int?]
    /// Teachers of the previous plan who are not in the county any more, and destinations no longer in it.
    public var unknownTeachers: [String]
    public var unknownSchools: [String]
    /// A fresh plan of the same county and policy (without keeping the previous one), for the cost of stability.
    public var freshUnmetNeed: Tenths?
    public var freshMovers: Int?
    public var freshStatus: Plan.Status?
}

/// The previous plan in the program: `changes = Σ_t (1 − keep_t)`, where `keep_t` is the column that puts
/// teacher t where the previous plan did (their stay column when it kept them); a teacher whose previous
/// destination has no column (a lock, an objection, a rule that now refuses it) counts 1, one whose fixed
/// destination is the previous one counts 0. Re-planning first minimises `changes` (mode `fewestChanges`), then
/// holds it at that least in every later step (row `keep_previous`).
struct Stability: Sendable {
    var previous: [Int?]
    /// Held in every later program; nil in the step that finds the least.
    var maximumChanges: Int?

    /// The number of changed destinations as an expression, and the columns that keep a destination.
    func changes(in ctx: ProgramContext) -> (expression: LinearExpression, keep: [Variable]) {
        var e = LinearExpression()
        var keep: [Variable] = []
        let c = ctx.candidates
        for t in c.county.teachers.indices {
            let before = previous[t]
            if ctx.stay[t] == nil {
                // The teacher's destination is fixed: locked to a school, or not moving.
                var fixed = c.current[t]
                if let s = c.fixedMove(t) { fixed = s }
                if fixed != before { e.constant += 1 }
                continue
            }
            // The columns that keep the teacher where the previous plan put them (any subject).
            let columns = before.map { ctx.columns(of: t, at: $0) } ?? []
            e.constant += 1
            for column in columns {
                e.add(column, -1)
                keep.append(column)
            }
        }
        return (e, keep)
    }

    /// Adds the re-plan's part to a program: the row holding changes at their least, or (mode `fewestChanges`)
    /// the objective of the fewest changes. Returns the columns that keep a destination (to start from).
    func add(to ctx: inout ProgramContext) -> [Variable] {
        let (e, keep) = changes(in: ctx)
        if let maximumChanges {
            ctx.program.addConstraint("keep_previous", e, lessOrEqual: Double(maximumChanges) + 1e-6)
        } else {
            ctx.program.setObjective(.minimize, e)
        }
        return keep
    }

    init(previous: [Int?], maximumChanges: Int? = nil) { self.previous = previous; self.maximumChanges = maximumChanges }

    /// The previous plan's destination of every teacher of the county (their school now when it kept them).
    init(_ plan: PreviousPlan, county: County, current: [Int]) {
        previous = county.teachers.enumerated().map { t, teacher in
            guard let id = plan.destinations[teacher.id] else { return current[t] }
            return county.schoolIndex[id]
        }
        maximumChanges = nil
    }
}

extension Planner {
    /// The fewest changes to the previous plan that any plan keeping every rule has, proven when the search
    /// finished.
    func fewestChanges(_ run: PlanningRun, _ stability: Stability) -> Result<(changes: Int, proven: Bool), FewestChangesFailure> {
        let model = Formulation(run.candidates, mode: .fewestChanges, forced: run.forced, stability: stability)
        if !model.brokenFixedRows.isEmpty { return .failure(.cannotMeet) }
        let r: SolveResult
        do { r = try solver.solve(model.program, options: options(limit: run.remaining(), gap: 0, phase: .fewestChanges), hints: hints(model)) } catch {
            return .failure(.failed(LocalizedText(zh: "整数规划模型无法正确构建：\(error)", en: "the integer program could not be built soundly: \(error)")))
        }
        if r.termination == .infeasible { return .failure(.cannotMeet) }
        guard let x = r.solution else {
            return .failure(.failed(LocalizedText(
                zh: "保持原方案时，在 \(PolicyKey.number(run.policy.solver.timeLimitSeconds)) 秒的求解时限内未找到方案；可提高求解时限 solver.time_limit_s",
                en: "no plan found within the time limit of \(run.policy.solver.timeLimitSeconds) s while keeping the previous plan; raise solver.time_limit_s")))
        }
        trace?("fewest changes to the previous plan: \(x.objective.rounded()) (\(r.termination)) in \(String(format: "%.2f", r.solveSeconds)) s")
        // The objective is a whole number: a bound within one of the best found proves it.
        let proven = r.termination == .optimal || (r.bestBound.map { x.objective - $0 < 1 - 1e-6 } ?? false)
        return .success((Int(x.objective.rounded()), proven))
    }
}

enum FewestChangesFailure: Error {
    case cannotMeet
    case failed(LocalizedText)
}

extension Plan {
    /// Teachers whose destination differs from the previous plan's, with what forced each change: their own
    /// objection or lock, a rule that now refuses the previous destination, or the rule that keeping it would
    /// break together with the other changes.
    public func changesFromPrevious() -> [(teacher: Int, why: LocalizedText)] {
        guard let s = stability else { return [] }
        let c = candidates
        return county.teachers.indices.compactMap { t -> (Int, LocalizedText)? in
            guard destination[t] != s.previous[t] else { return nil }
            let teacher = county.teachers[t]
            if let o = county.objections.first(where: { $0.teacherID == teacher.id && $0.decision == .accepted }) {
                return (t, LocalizedText(zh: "本人异议已采纳（\(o.request.text)）", en: "the teacher's objection was accepted (\(o.request.text))"))
            }
            if teacher.lock != nil {
                return (t, LocalizedText(zh: "人事部门确定（\(teacher.lock!.text)）", en: "locked by the personnel office (\(teacher.lock!.text))"))
            }
            guard let before = s.previous[t] else {
                return (t, LocalizedText(zh: "原方案的去向学校已不在本县数据中", en: "the previous destination is no longer a school of the county"))
            }
            if let (rule, why) = c.breaks(teacher: t, to: before == c.current[t] ? nil : before).first {
                return (t, LocalizedText(zh: "原去向现已违反 \(rule.rawValue)：\(why.zh)", en: "the previous destination now breaks \(rule.rawValue): \(why.en)"))
            }
            var alternative = destination
            alternative[t] = before
            for rule in Catalogue.rules {
                if let why = rule.broken(by: alternative, in: c) {
                    return (t, LocalizedText(zh: "若保持原去向，在其他调整之后将违反 \(rule.id.rawValue)：\(why.zh)",
                                             en: "keeping the previous destination would break \(rule.id.rawValue) after the other changes: \(why.en)"))
                }
            }
            return (t, LocalizedText(zh: "保持原去向需要更多其他调整（调整人数已为最少）",
                                     en: "keeping the previous destination would take more changes elsewhere (the changes are the fewest)"))
        }
    }
}
