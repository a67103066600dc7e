/// What a move of a plan is (the `kind` column of transfers.csv).
public enum MoveKind: String, Sendable, CaseIterable, Codable {
    /// A permanent transfer (调动).
    case transfer
    /// A term at another school (支教/交流), ending with its `term_end_year`.
    case term
    /// The end of a term: back to the home school (期满返回). Not an exchange mover.
    case `return`
    /// A year learning at a strong school (跟岗学习), then back: away from home, counted at neither school.
    case learner

    public var chinese: String {
        switch self {
        case .transfer: return "调动"
        case .term: return "支教/交流"
        case .return: return "期满返回"
        case .learner: return "跟岗学习"
        }
    }
}
