/// The three teacher indicators of the 2017 county quality-balance assessment (优质均衡), each per 100
/// students of a level.
public enum Indicator: String, Sendable, CaseIterable, Codable {
    /// Teachers above the required degree (primary: associate or higher; junior: bachelor or higher).
    case degree
    /// County-level-or-higher backbone teachers.
    case backbone
    /// PE, music and art teachers (`pe_arts_subjects`).
    case peArts = "pe_arts"

    /// Whether `teacher` counts toward this indicator (for the level they teach), teaching their main subject.
    public func counts(_ teacher: Teacher, policy: Policy) -> Bool { counts(teacher, teaching: teacher.subject, policy: policy) }

    /// Whether `teacher` counts toward this indicator when teaching `subject` (the PE-and-arts indicator counts
    /// teachers by the subject the plan assigns them).
    public func counts(_ teacher: Teacher, teaching subject: String, policy: Policy) -> Bool {
        switch self {
        case .degree: return teacher.degree.meetsStandard(for: teacher.level)
        case .backbone: return teacher.backbone.isBackbone
        case .peArts: return policy.peArtsSubjects.contains(subject)
        }
    }

    /// Whether the indicator depends on the subject a teacher is assigned.
    public var bySubject: Bool { self == .peArts }
}

/// The official spread measure: the enrolment-weighted coefficient of variation.
///
/// With Pᵢ the enrolment and Xᵢ the value of school i, P = Σ Pᵢ:
/// X̄ = Σ PᵢXᵢ / P, S = √(Σ (Pᵢ/P)(Xᵢ − X̄)²), CV = S / X̄. `nil` when X̄ is 0 or there are no students.
public func weightedCoefficientOfVariation(values: [Double], enrolments: [Int]) -> Double? {
    let total = Double(enrolments.reduce(0, +))
    guard total > 0, values.count == enrolments.count else { return nil }
    let mean = zip(values, enrolments).reduce(0) { $0 + $1.0 * Double($1.1) } / total
    guard mean > 0 else { return nil }
    let variance = zip(values, enrolments).reduce(0) { $0 + Double($1.1) / total * ($1.0 - mean) * ($1.0 - mean) }
    return variance.squareRoot() / mean
}
