import RotationModel

/// The registry of the rule catalogue: every hard rule and every objective term, in the order the program is
/// built. Adding a rule is one file in `Rules/` and one line here (docs/architecture.md walks through it).
enum Catalogue {
    /// The hard rules, in the order their columns, bounds and rows are added.
    static let rules: [any HardRule] = [
        R1OneSchool(),
        R2Reach(),
        R3Quota(),
        R4EverySchool(),
        R5Backbone(),
        R6Turnover(),
        R7Couples(),
        R8AuditCaps(),
        R9Terms(),
        R10Groups(),
        R11Pairs(),
        R12Leaders(),
        R13Learners(),
        R14Subjects(),
        R15Walking(),
        R16Staffing(),
    ]

    /// The objective's terms, one per ``ObjectiveTerm``, in that order.
    static let terms: [any ObjectiveTermUnit] = [
        ShortageTerm(),
        BalanceTerm(),
        FloorTerm(),
        CommuteTerm(),
        MovesTerm(),
        PreferenceTerm(),
        SubjectsTerm(),
        WalkingTerm(),
        StaffingTerm(),
    ]

    /// Goals met in order after the least unmet need, each by a search of its own (with `audit.goal`).
    static let goals: [any CatalogueUnit] = [AuditGoal()]

    /// The rules that refuse moves (asked for every teacher and school by ``Candidates``).
    static let columnRules: [any HardRule] = rules.filter(\.refusesMoves)

    /// The terms that are sums over moves (built and bounded together, ``Formulation``).
    static let perMoveTerms: [any PerMoveTerm] = terms.compactMap { $0 as? any PerMoveTerm }

    /// Whose reasons a move lists, most important first: a lock, then a filled shortage, then the other rules
    /// and terms in catalogue order.
    static let reasonSources: [any CatalogueUnit] = [rules[0], terms[0]] + Array(rules.dropFirst()) + Array(terms.dropFirst()) + goals

    static func rule(_ id: Rule) -> (any HardRule)? { rules.first { $0.id == id } }
    static func term(_ term: ObjectiveTerm) -> any ObjectiveTermUnit { terms.first { $0.term == term }! }
}

/// The rule catalogue as the rest of the package sees it.
public enum RuleCatalogue {
    /// The id, summary and policy keys of every hard rule, in catalogue order.
    public static var rules: [(id: Rule, summary: LocalizedText, keys: [String])] {
        Catalogue.rules.map { ($0.id, $0.summary, $0.keys) }
    }
    /// The summary and policy keys of every objective term.
    public static var terms: [(term: ObjectiveTerm, summary: LocalizedText, keys: [String])] {
        Catalogue.terms.map { ($0.term, $0.summary, $0.keys) }
    }
    /// The goals met after the least unmet need, each by a search of its own.
    public static var goals: [(id: String, summary: LocalizedText, keys: [String])] {
        Catalogue.goals.map { ($0.unitID, $0.summary, $0.keys) }
    }
}
