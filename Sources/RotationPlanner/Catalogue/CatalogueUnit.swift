import IntegerProgramming
import RotationModel

/// What every unit of the rule catalogue (a hard rule or an objective term) says about itself.
protocol CatalogueUnit: Sendable {
    /// The unit's stable id: the rule id (`R3`) or the objective term's key (`balance`).
    var unitID: String { get }
    /// One sentence in Chinese and English.
    var summary: LocalizedText { get }
    /// The policy keys it reads (names from ``Policy/keys``).
    var keys: [String] { get }
    /// Why a mover moves, as far as this unit is concerned (plain words; empty when it had no part in it).
    func reasons(for t: Int, in plan: Plan) -> [LocalizedText]
}

extension CatalogueUnit {
    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] { [] }
}

/// One hard rule of the policy, and everything about it: which moves it allows, its rows in the integer
/// program, its cheap checks before any solve, what it says when a relaxed solve had to break one of its rows,
/// the reason it gives a move, and its answer to "why can't this teacher go there?".
///
/// The program is built in three passes over the catalogue (``Formulation``): `columns` (which variables
/// exist), `bounds` (bounds on a school's leavers, arrivals and headcount, merged into shared rows after every
/// rule has spoken) and `rows` (rows of the rule's own). A rule implements the passes it needs.
protocol HardRule: CatalogueUnit {
    var id: Rule { get }
    /// Whether the rule refuses some moves (implements `refusal`): only such rules are asked, per move.
    var refusesMoves: Bool { get }
    /// Whether the teacher of `move` may go to its school as far as this rule is concerned (`nil`: allowed).
    /// Asked of eligible teachers only, for every other school; a lock to a school is not asked.
    func refusal(_ move: MoveQuery) -> Refusal?
    /// The sentence for a refusal of this rule, about one school (for `explain`), in both languages.
    func sentence(for refusal: Refusal, _ move: MoveQuery, in c: Candidates) -> LocalizedText
    /// The sentence when every other school refuses a teacher at least this deep (for the diagnosis).
    func nowhere(for refusal: Refusal, teacher t: Int, in c: Candidates) -> LocalizedText
    /// What a forced destination breaks by itself, besides the refusals of `refusal` (locks and eligibility).
    /// `to` is nil when the teacher would stay.
    func breaks(teacher t: Int, to s: Int?, in c: Candidates) -> [LocalizedText]
    /// What the rule says of a whole assignment (every teacher's school): nil when it holds, else the first
    /// place it fails, in words. Used to tell why a re-plan could not keep a teacher's previous destination.
    func broken(by destination: [Int], in c: Candidates) -> LocalizedText?

    func columns(in ctx: inout ProgramContext)
    func bounds(in ctx: inout ProgramContext)
    func rows(in ctx: inout ProgramContext)

    /// Necessary conditions checked before any solve: each failure is a finding.
    func precheck(_ c: Candidates) -> [Diagnosis.Finding]
    /// The finding for one of the rule's rows that a relaxed solve broke by `amount`.
    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding?
}

extension HardRule {
    var unitID: String { id.rawValue }
    var refusesMoves: Bool { false }
    func refusal(_ move: MoveQuery) -> Refusal? { nil }
    func sentence(for refusal: Refusal, _ move: MoveQuery, in c: Candidates) -> LocalizedText { LocalizedText(zh: "", en: "") }
    func nowhere(for refusal: Refusal, teacher t: Int, in c: Candidates) -> LocalizedText { LocalizedText(zh: "", en: "") }
    func breaks(teacher t: Int, to s: Int?, in c: Candidates) -> [LocalizedText] { [] }
    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? { nil }
    func columns(in ctx: inout ProgramContext) {}
    func bounds(in ctx: inout ProgramContext) {}
    func rows(in ctx: inout ProgramContext) {}
    func precheck(_ c: Candidates) -> [Diagnosis.Finding] { [] }
    func finding(for row: RuleRow, by amount: Double, in c: Candidates) -> Diagnosis.Finding? { nil }
}

extension HardRule {
    /// "Why not" of a column rule: its own refusal of the move, in its words; a lock to a school lifts it (and,
    /// with `liftedByStay`, a lock to stay too).
    func refusalBreaks(teacher t: Int, to s: Int?, in c: Candidates, liftedByStay: Bool = false) -> [LocalizedText] {
        let lock = c.county.teachers[t].lock
        guard let s, s != c.current[t], lock?.overridesRules != true, !(liftedByStay && lock == .stay) else { return [] }
        let m = c.query(t, to: s)
        return refusal(m).map { [sentence(for: $0, m, in: c)] } ?? []
    }
}

/// A question to the column rules: may teacher `t`, now at school `from`, go to school `to`?
struct MoveQuery {
    let county: County
    let policy: Policy
    let t: Int
    let teacher: Teacher
    let from: Int
    var to: Int
    /// Where the commute starts: the teacher's home, or the current school when no home is given.
    let home: Coordinate

    init(county: County, policy: Policy, teacher t: Int, from: Int, to: Int) {
        self.county = county; self.policy = policy; self.t = t; self.from = from; self.to = to
        teacher = county.teachers[t]
        home = county.home(of: teacher) ?? county.schools[from].location
    }

    var fromSchool: School { county.schools[from] }
    var toSchool: School { county.schools[to] }
}

/// A column rule's "no": which rule, and which of its checks (in the order the rule applies them).
public struct Refusal: Sendable, Hashable {
    public var rule: Rule
    /// The check's stable name (`level`, `commute`, `no_return`, `backbone_downward`).
    public var check: String
    /// The check's place in the order the catalogue applies column checks: a teacher with nowhere to go is
    /// explained by the deepest check any school failed.
    var depth: Int

    init(_ rule: Rule, _ check: String, depth: Int) { self.rule = rule; self.check = check; self.depth = depth }
}

/// A hard-rule row of the program, by the rule it belongs to: what the diagnosis reports when it had to give.
public struct RuleRow: Sendable, Equatable {
    /// What the row bounds; each rule names its own kinds beside its code (`RuleRow.Kind.leaversAtLeast`).
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
    }
    public var rule: Rule
    public var kind: Kind
    /// The school the row is about, when it is about one.
    public var school: Int?
    /// The couple the row is about (teacher indices), when it is about one.
    public var couple: (Int, Int)?

    public init(rule: Rule, kind: Kind, school: Int? = nil, couple: (Int, Int)? = nil) {
        self.rule = rule; self.kind = kind; self.school = school; self.couple = couple
    }
    public static func == (a: RuleRow, b: RuleRow) -> Bool {
        a.rule == b.rule && a.kind == b.kind && a.school == b.school && a.couple?.0 == b.couple?.0 && a.couple?.1 == b.couple?.1

    }
}
