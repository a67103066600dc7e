import RotationModel

/// Why a policy cannot be met, in the user's terms: which rules conflict, where, and what would help.
public struct Diagnosis: Sendable, Codable, Equatable {
    public struct Finding: Sendable, Codable, Equatable {
        /// The rules in conflict, the first being the one that cannot be met.
        public var rules: [Rule]
        public var schoolID: String?
        public var schoolName: String?
        public var teacherIDs: [String]
        /// A sentence in plain words.
        public var message: String
        /// What the user can change.
        public var remedy: String

        enum CodingKeys: String, CodingKey {
            case rules, message, remedy
            case schoolID = "school_id", schoolName = "school_name", teacherIDs = "teacher_ids"
        }
    }

    /// How the conflict was found.
    public enum Method: String, Sendable, Codable {
        /// A necessary condition failed before any solve (the rules' prechecks).
        case precheck
        /// Re-solving with the rule rows relaxed by penalised slack, and reading which had to give.
        case relaxation
    }

    public var method: Method
    public var findings: [Finding]

    public var text: String {
        var lines = ["The policy cannot be met (\(findings.count) conflict\(findings.count == 1 ? "" : "s"), "
                     + (method == .precheck ? "found before solving" : "found by relaxing the rules and re-solving") + "):"]
        for (i, f) in findings.enumerated() {
            lines.append("\(i + 1). [\(f.rules.map(\.rawValue).joined(separator: " vs "))] \(f.message)")
            lines.append("   What would help: \(f.remedy)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Candidates {
    func label(_ s: Int) -> String { "\(county.schools[s].name) (\(county.schools[s].id))" }
    func teacherLabel(_ t: Int) -> String { "\(county.teachers[t].name) (\(county.teachers[t].id))" }
    static func km(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    /// A finding about school `s` (or the county when nil).
    func finding(_ rules: [Rule], _ s: Int?, _ message: String, _ remedy: String, teachers: [String] = []) -> Diagnosis.Finding {
        Diagnosis.Finding(rules: rules, schoolID: s.map { county.schools[$0].id }, schoolName: s.map { county.schools[$0].name },
                          teacherIDs: teachers, message: message, remedy: remedy)
    }

    /// Teachers at school s who may move somewhere, and those eligible but with nowhere to go: how many for
    /// each sentence of why, and the refusals behind them.
    func leaverSupply(_ s: Int) -> (movable: Int, stuck: [String: Int], stuckBy: Set<Refusal>) {
        var movable = 0
        var stuck: [String: Int] = [:]
        var stuckBy: Set<Refusal> = []
        for t in county.teachers.indices where current[t] == s {
            guard case .movable(let d) = positions[t] else { continue }
            if !d.isEmpty { movable += 1; continue }
            let (rule, refusal) = deepestRefusal(t)
            stuck[rule.nowhere(for: refusal, teacher: t, in: self), default: 0] += 1
            stuckBy.insert(refusal)
        }
        return (movable, stuck, stuckBy)
    }

    /// Why an eligible teacher has no allowed destination: the deepest check any other school failed (every
    /// school of another level: the level; some of their level, all too far: the commute; …).
    func deepestRefusal(_ t: Int) -> (any HardRule, Refusal) {
        let rules = Catalogue.columnRules
        var deepest = Refusal(.R2, R2Reach.level, depth: 0)
        var query = query(t, to: current[t])
        for s in county.schools.indices where s != current[t] {
            query.to = s
            if let r = Candidates.refusal(query, rules), r.depth > deepest.depth { deepest = r }
        }
        return (Catalogue.rule(deepest.rule)!, deepest)
    }

    func arrivalsPossible(_ s: Int) -> Int {
        county.teachers.indices.count { t in
            if case .movable(let d) = positions[t] { return d.contains(s) }
            return false
        }
    }

    /// Every rule's cheap necessary conditions, checked before any solve, by school (county-wide ones last).
    /// Empty when none fails.
    func precheck() -> [Diagnosis.Finding] {
        let findings = Catalogue.rules.flatMap { $0.precheck(self) }
        let order = { (f: Diagnosis.Finding) in f.schoolID.flatMap { county.schoolIndex[$0] } ?? Int.max }
        return findings.enumerated().sorted { (order($0.element), $0.offset) < (order($1.element), $1.offset) }.map(\.element)
    }

    /// Turns the rows a relaxed solve had to break into findings, each told by the rule the row belongs to.
    func findings(from broken: [(row: RuleRow, amount: Double)]) -> [Diagnosis.Finding] {
        var findings: [Diagnosis.Finding] = []
        var seen: Set<String> = []
        for (row, amount) in broken {
            let key = "\(row.rule)-\(row.kind.rawValue)-\(row.school ?? -1)-\(row.couple?.0 ?? -1)"
            guard seen.insert(key).inserted, let f = Catalogue.rule(row.rule)?.finding(for: row, by: amount, in: self) else { continue }
            findings.append(f)
        }
        return findings
    }

    /// The rules a destination breaks by itself (level, a lock, eligibility, the commute, no-return,
    /// backbone-downward), each with its sentence; `to` nil or the current school means staying. Rules that a
    /// move breaks only together with others (a quota, a cap, the backbone share) are found by re-solving.
    public func breaks(teacher t: Int, to s: Int?) -> [(rule: Rule, why: String)] {
        Catalogue.rules.flatMap { rule in rule.breaks(teacher: t, to: s, in: self).map { (rule.id, $0) } }
    }
}
