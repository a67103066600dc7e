import IntegerProgramming
import RotationModel

/// The objective's terms, in the order the program adds them. Every list of terms is made from this enum, so
/// "every term but shortage" is `ObjectiveTerm.allCases.filter { $0 != .shortage }` and cannot drift.
public enum ObjectiveTerm: String, Sendable, CaseIterable, Codable, Comparable {
    case shortage, balance, floor, commute, moves, preference, subjects, walking, staffing

    public static func < (a: ObjectiveTerm, b: ObjectiveTerm) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The objective's terms, each as the plan's contribution after its weight.
public struct ObjectiveTerms: Sendable, Equatable {
    public private(set) var values: [ObjectiveTerm: Double] = [:]
    public init() {}
    public subscript(_ term: ObjectiveTerm) -> Double {
        get { values[term] ?? 0 }
        set { values[term] = newValue }
    }
    public var total: Double { ObjectiveTerm.allCases.reduce(0) { $0 + self[$1] } }
}

/// One term of the objective: its variables and rows, its weighted expression, its reasons for a move.
protocol ObjectiveTermUnit: CatalogueUnit {
    var term: ObjectiveTerm { get }
    /// Adds the term's variables and rows, widens `ctx.otherLow … ctx.otherHigh` by the values the term can
    /// take (except the shortage term), and returns the term after its weight.
    func build(in ctx: inout ProgramContext) -> LinearExpression
}

extension ObjectiveTermUnit {
    var unitID: String { term.rawValue }
}

/// A term that is a sum over moves: what moving teacher t to school s adds, after its weight. A teacher makes
/// at most one move, so the terms of this kind are bounded together, per teacher (``Formulation``).
protocol PerMoveTerm: ObjectiveTermUnit {
    func cost(_ t: Int, to s: Int, in c: Candidates) -> Double
}

extension PerMoveTerm {
    /// Built together with the other per-move terms by ``Formulation/addPerMoveTerms``.
    func build(in ctx: inout ProgramContext) -> LinearExpression {
        var e = LinearExpression()
        for t in ctx.county.teachers.indices {
            for (s, v) in ctx.moves[t] {
                let c = cost(t, to: s, in: ctx.candidates)
                if c != 0 { e.add(v, c) }
            }
            if case .locked(let s) = ctx.candidates.positions[t] { e.constant += cost(t, to: s, in: ctx.candidates) }
        }
        return e
    }
}
