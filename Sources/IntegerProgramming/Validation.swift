/// A reason a program cannot be handed to a solver. Solvers such as GLPK abort the process on these, so
/// they are caught here first.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case nonFiniteCoefficient
        case nonFiniteBound
        case fractionalBoundOnIntegerVariable
        case emptyDomain
        case unknownVariable
        case badName
    }
    public var kind: Kind
    /// Where: `variable x`, `constraint capacity`, `objective`.
    public var location: String
    public var detail: String
    public var description: String { "\(location): \(detail)" }
}

extension IntegerProgram {
    /// Every problem in the program that a solver would reject or crash on; empty when it is sound.
    public func validate() -> [ModelError] {
        var errors: [ModelError] = []
        func checkName(_ name: String, _ location: String) {
            if name.utf8.count > 255 || name.isEmpty || name.contains(where: { $0.isWhitespace || !$0.isASCII }) {
                errors.append(ModelError(kind: .badName, location: location,
                                         detail: "names must be 1–255 ASCII characters without spaces, got \"\(name)\""))
            }
        }
        for (i, v) in variables.enumerated() {
            let location = "variable \(v.name) (#\(i))"
            checkName(v.name, location)
            for (side, bound) in [("lower", v.lowerBound), ("upper", v.upperBound)] {
                guard let b = bound else { continue }
                if !b.isFinite {
                    errors.append(ModelError(kind: .nonFiniteBound, location: location, detail: "\(side) bound is \(b)"))
                } else if v.kind != .continuous && b.rounded() != b {
                    errors.append(ModelError(kind: .fractionalBoundOnIntegerVariable, location: location,
                                             detail: "\(side) bound \(b) of an integer variable is not a whole number"))
                }
            }
            if let l = v.lowerBound, let u = v.upperBound, l.isFinite, u.isFinite, l > u {
                errors.append(ModelError(kind: .emptyDomain, location: location, detail: "lower bound \(l) > upper bound \(u)"))
            }
        }
        func checkExpression(_ e: LinearExpression, _ location: String) {
            for term in e.terms {
                if term.variable.index < 0 || term.variable.index >= variables.count {
                    errors.append(ModelError(kind: .unknownVariable, location: location,
                                             detail: "uses variable #\(term.variable.index), which this program does not have"))
                } else if !term.coefficient.isFinite {
                    errors.append(ModelError(kind: .nonFiniteCoefficient, location: location,
                                             detail: "coefficient of \(variables[term.variable.index].name) is \(term.coefficient)"))
                }
            }
            if !e.constant.isFinite {
                errors.append(ModelError(kind: .nonFiniteCoefficient, location: location, detail: "constant is \(e.constant)"))
            }
        }
        for (i, c) in constraints.enumerated() {
            let location = "constraint \(c.name) (#\(i))"
            checkName(c.name, location)
            checkExpression(c.expression, location)
            for (side, bound) in [("lower", c.lowerBound), ("upper", c.upperBound)] {
                if let b = bound, !b.isFinite {
                    errors.append(ModelError(kind: .nonFiniteBound, location: location, detail: "\(side) bound is \(b)"))
                }
            }
            if let l = c.lowerBound, let u = c.upperBound, l.isFinite, u.isFinite, l > u {
                errors.append(ModelError(kind: .emptyDomain, location: location, detail: "lower bound \(l) > upper bound \(u)"))
            }
        }
        checkExpression(objective, "objective")
        return errors
    }
}
