import RotationModel

/// Why a policy cannot be met, in the user's terms: which rules conflict, where, and what would help.
public struct Diagnosis: Sendable, Codable, Equatable {
    public struct Finding: Sendable, Codable, Equatable {
        /// The rules in conflict, the first being the one that cannot be met.
        public var rules: [Rule]
        public var schoolID: String?
        public var schoolName: String?
        public var teacherIDs: [String]
        /// A sentence in plain words (English; `messageZH` is the same in Chinese).
        public var message: String
        /// What the user can change (English; `remedyZH` is the same in Chinese).
        public var remedy: String
        /// The sentence in Chinese.
        public var messageZH: String
        /// What the user can change, in Chinese.
        public var remedyZH: String

        /// The sentence in `language` (`zh` or `en`; anything else reads as Chinese).
        public func message(_ language: String) -> String { language == "en" ? message : messageZH }
        /// What the user can change, in `language`.
        public func remedy(_ language: String) -> String { language == "en" ? remedy : remedyZH }

        enum CodingKeys: String, CodingKey {
            case rules, message, remedy
            case messageZH = "message_zh", remedyZH = "remedy_zh"
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

    /// The diagnosis for people, in English.
    public var text: String { text("en") }

    /// The diagnosis for people, in `language` (`zh` or `en`; anything else reads as Chinese).
    public func text(_ language: String) -> String {
        let en = language == "en"
        var lines = [en ? "The policy cannot be met (\(findings.count) conflict\(findings.count == 1 ? "" : "s"), "
                          + (method == .precheck ? "found before solving" : "found by relaxing the rules and re-solving") + "):"
                        : "政策无法满足（\(findings.count) 处冲突，"
                          + (method == .precheck ? "求解前发现" : "放宽规则重新求解后发现") + "）："]
        for (i, f) in findings.enumerated() {
            lines.append("\(i + 1). [\(f.rules.map(\.rawValue).joined(separator: " vs "))] \(f.message(language))")
            lines.append((en ? "   What would help: " : "   建议：") + f.remedy(language))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Candidates {
    func label(_ s: Int) -> String { "\(county.schools[s].name) (\(county.schools[s].id))" }
    func teacherLabel(_ t: Int) -> String { "\(county.teachers[t].name) (\(county.teachers[t].id))" }
    /// The same labels in a Chinese sentence (full-width brackets).
    func labelZH(_ s: Int) -> String { "\(county.schools[s].name)（\(county.schools[s].id)）" }
    func teacherLabelZH(_ t: Int) -> String { "\(county.teachers[t].name)（\(county.teachers[t].id)）" }
    static func km(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
    /// A level (`primary`, `junior`, `nine_year`) as a kind of school, and a strength, in Chinese words.
    static func levelZH(_ raw: String) -> String { ["primary": "小学", "junior": "初中", "nine_year": "九年一贯制学校"][raw] ?? raw }
    static func strengthZH(_ s: Strength) -> String { ["weak": "薄弱校", "ordinary": "普通校", "strong": "优质校"][s.rawValue] ?? s.rawValue }

    /// A finding about school `s` (or the county when nil), its sentence and remedy in both languages.
    func finding(_ rules: [Rule], _ s: Int?, _ message: LocalizedText, _ remedy: LocalizedText,
                 teachers: [String] = []) -> Diagnosis.Finding {
        Diagnosis.Finding(rules: rules, schoolID: s.map { county.schools[$0].id }, schoolName: s.map { county.schools[$0].name },
                          teacherIDs: teachers, message: message.en, remedy: remedy.en, messageZH: message.zh, remedyZH: remedy.zh)
    }

    /// Teachers at school s who may move somewhere, and those eligible but with nowhere to go: how many for
    /// each sentence of why (the same English gives the same Chinese: sort by `.en` for the order of old), and
    /// the refusals behind them.
    func leaverSupply(_ s: Int) -> (movable: Int, stuck: [LocalizedText: Int], stuckBy: Set<Refusal>) {
        var movable = 0
        var stuck: [LocalizedText: Int] = [:]
        var stuckBy: Set<Refusal> = []
        // The teachers of the quotas: leaders (R12) are apart.
        for t in county.teachers.indices where current[t] == s && !county.teachers[t].role.isLeader {
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
    /// backbone-downward), each with its sentence in both languages; `to` nil or the current school means staying. Rules that a
    /// move breaks only together with others (a quota, a cap, the backbone share) are found by re-solving.
    public func breaks(teacher t: Int, to s: Int?) -> [(rule: Rule, why: LocalizedText)] {
        Catalogue.rules.flatMap { rule in rule.breaks(teacher: t, to: s, in: self).map { (rule.id, $0) } }
    }
}
