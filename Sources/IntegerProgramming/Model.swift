/// A variable of an ``IntegerProgram``: a handle, valid only for the program that made it.
public struct Variable: Hashable, Sendable, Comparable {
    /// Position in ``IntegerProgram/variables`` (0-based).
    public let index: Int
    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }
}

extension IntegerProgram {
    /// The handles of the variables of a kind, in order.
    public func variables(of kind: VariableKind) -> [Variable] {
        variables.indices.filter { variables[$0].kind == kind }.map { Variable(index: $0) }
    }
}

/// The domain of a variable.
public enum VariableKind: Sendable, Equatable {
    case continuous
    case integer
    /// An integer variable with bounds 0 and 1.
    case binary
}

/// Everything the program knows about one variable.
public struct VariableInfo: Sendable, Equatable {
    public var name: String
    public var kind: VariableKind
    /// `nil` means unbounded below.
    public var lowerBound: Double?
    /// `nil` means unbounded above.
    public var upperBound: Double?
}

/// A linear expression `Σ coefficient × variable + constant`.
///
/// Terms may repeat while an expression is built; ``normalized()`` merges them (in variable order, so the
/// result does not depend on the order terms were added).
public struct LinearExpression: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public var terms: [(variable: Variable, coefficient: Double)]
    public var constant: Double

    public init(terms: [(variable: Variable, coefficient: Double)] = [], constant: Double = 0) {
        self.terms = terms
        self.constant = constant
    }
    public init(_ variable: Variable) { self.init(terms: [(variable, 1)]) }
    public init(floatLiteral value: Double) { self.init(constant: value) }
    public init(integerLiteral value: Int) { self.init(constant: Double(value)) }

    /// Adds `coefficient × variable`.
    public mutating func add(_ variable: Variable, _ coefficient: Double = 1) {
        terms.append((variable, coefficient))
    }

    /// The same expression with each variable once, in variable order, and zero coefficients dropped.
    public func normalized() -> LinearExpression {
        var merged: [Int: Double] = [:]
        merged.reserveCapacity(terms.count)
        for term in terms { merged[term.variable.index, default: 0] += term.coefficient }
        let sorted = merged.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        return LinearExpression(terms: sorted.map { (Variable(index: $0.key), $0.value) }, constant: constant)
    }

    /// The value of the expression for the given variable values (indexed like the program's variables).
    public func value(at values: [Double]) -> Double {
        terms.reduce(constant) { $0 + $1.coefficient * values[$1.variable.index] }
    }

    public static func == (lhs: LinearExpression, rhs: LinearExpression) -> Bool {
        let a = lhs.normalized(), b = rhs.normalized()
        return a.constant == b.constant && a.terms.count == b.terms.count
            && zip(a.terms, b.terms).allSatisfy { $0.variable == $1.variable && $0.coefficient == $1.coefficient }
    }
}

public func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    LinearExpression(terms: lhs.terms + rhs.terms, constant: lhs.constant + rhs.constant)
}
public func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression { lhs + (-1.0) * rhs }
public func * (lhs: Double, rhs: LinearExpression) -> LinearExpression {
    LinearExpression(terms: rhs.terms.map { ($0.variable, lhs * $0.coefficient) }, constant: lhs * rhs.constant)
}
public func * (lhs: Double, rhs: Variable) -> LinearExpression { LinearExpression(terms: [(rhs, lhs)]) }
public func + (lhs: Variable, rhs: Variable) -> LinearExpression { LinearExpression(lhs) + LinearExpression(rhs) }
public func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression { lhs + LinearExpression(rhs) }
public func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression { lhs - LinearExpression(rhs) }
public func += (lhs: inout LinearExpression, rhs: LinearExpression) {
    lhs.terms += rhs.terms
    lhs.constant += rhs.constant
}
public func += (lhs: inout LinearExpression, rhs: Variable) { lhs.add(rhs) }

extension Sequence where Element == Variable {
    /// `Σ variable`.
    public func sum() -> LinearExpression { LinearExpression(terms: map { ($0, 1.0) }) }
}

/// A named linear constraint `lowerBound ≤ expression ≤ upperBound` (either side may be open).
public struct Constraint: Sendable, Equatable {
    public var name: String
    public var expression: LinearExpression
    public var lowerBound: Double?
    public var upperBound: Double?
}

/// The direction of optimisation.
public enum ObjectiveSense: Sendable, Equatable { case minimize, maximize }

/// A mixed-integer linear program, independent of any solver.
///
/// ```swift
/// var program = IntegerProgram()
/// let x = program.addVariable("x", .binary)
/// let y = program.addVariable("y", .integer, lowerBound: 0, upperBound: 5)
/// program.addConstraint("capacity", 3 * x + 2 * y, lessOrEqual: 7)
/// program.setObjective(.maximize, 5 * x + 3 * y)
/// let result = try GLPKSolver().solve(program, options: SolveOptions())
/// ```
public struct IntegerProgram: Sendable {
    public private(set) var variables: [VariableInfo] = []
    public private(set) var constraints: [Constraint] = []
    public private(set) var objectiveSense: ObjectiveSense = .minimize
    public private(set) var objective: LinearExpression = 0

    public init() {}

    /// Adds a variable. A binary variable gets bounds 0 and 1 whatever is passed.
    @discardableResult
    public mutating func addVariable(_ name: String, _ kind: VariableKind = .continuous,
                                     lowerBound: Double? = 0, upperBound: Double? = nil) -> Variable {
        let info: VariableInfo = kind == .binary
            ? VariableInfo(name: name, kind: .binary, lowerBound: 0, upperBound: 1)
            : VariableInfo(name: name, kind: kind, lowerBound: lowerBound, upperBound: upperBound)
        variables.append(info)
        return Variable(index: variables.count - 1)
    }

    /// Adds `lowerBound ≤ expression ≤ upperBound`. The expression's constant moves to the bounds.
    public mutating func addConstraint(_ name: String, _ expression: LinearExpression,
                                       lowerBound: Double?, upperBound: Double?) {
        let c = expression.constant
        var moved = expression
        moved.constant = 0
        constraints.append(Constraint(name: name, expression: moved,
                                      lowerBound: lowerBound.map { $0 - c }, upperBound: upperBound.map { $0 - c }))
    }
    public mutating func addConstraint(_ name: String, _ expression: LinearExpression, lessOrEqual bound: Double) {
        addConstraint(name, expression, lowerBound: nil, upperBound: bound)
    }
    public mutating func addConstraint(_ name: String, _ expression: LinearExpression, greaterOrEqual bound: Double) {
        addConstraint(name, expression, lowerBound: bound, upperBound: nil)
    }
    public mutating func addConstraint(_ name: String, _ expression: LinearExpression, equal bound: Double) {
        addConstraint(name, expression, lowerBound: bound, upperBound: bound)
    }

    public mutating func setObjective(_ sense: ObjectiveSense, _ expression: LinearExpression) {
        objectiveSense = sense
        objective = expression
    }

    /// Adds `coefficient × variable` to the constraint at `index` (a column added after its row).
    public mutating func add(_ variable: Variable, _ coefficient: Double = 1, toConstraint index: Int) {
        constraints[index].expression.add(variable, coefficient)
    }

    /// Changes the bounds of an existing variable (for example to fix it while asking "what if").
    public mutating func setBounds(_ variable: Variable, lowerBound: Double?, upperBound: Double?) {
        variables[variable.index].lowerBound = lowerBound
        variables[variable.index].upperBound = upperBound
    }

    /// How many variables are integer or binary.
    public var integerVariableCount: Int { variables.count { $0.kind != .continuous } }
}
public func - (lhs: Variable, rhs: Variable) -> LinearExpression { LinearExpression(lhs) - LinearExpression(rhs) }
public func + (lhs: LinearExpression, rhs: Double) -> LinearExpression {
    LinearExpression(terms: lhs.terms, constant: lhs.constant + rhs)
}
