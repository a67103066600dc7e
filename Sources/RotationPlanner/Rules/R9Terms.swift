import RotationModel

extension Rule {
    /// Terms (支教/交流): a teacher whose term has ended goes home; one in the middle of a term stays.
    public static let R9: Rule = "R9"
}

/// R9, terms: a teacher serving a term at another school (`home_school_id`, `term_end_year`) goes home when the
/// term has ended (`term_end_year < year`: a *returner*, ``Candidates/Position/returning(_:)``) and is not
/// eligible while it lasts (R1). Returners are not exchange movers: not R3's leavers, not in R5's shares; R6
/// counts them as departures and arrivals (its caps and headcount), and the needs and balance indicators see them
/// at home. `lock: stay` keeps a returner a year more (the term is extended). New moves are terms when
/// `term_years` > 0 (for every mover, or backbone movers only with `term_moves: backbone`): `Plan.kind(_:)`.
struct R9Terms: HardRule {
    let id = Rule.R9
    let summary = LocalizedText(
        zh: "交流期满的教师返回人事关系学校，交流期内的教师不参加交流；term_years 大于 0 时新的交流为按期交流",
        en: "a teacher whose term has ended returns to the home school; one in the middle of a term does not move; with term_years > 0 new moves are terms")
    let keys = ["term_years", "term_moves"]

    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        guard plan.candidates.isReturner(t) else { return [] }
        let end = plan.county.teachers[t].termEndYear.map(String.init) ?? "?"
        return [LocalizedText(zh: "交流期满（\(end) 学年）返回原学校", en: "the term ended (\(end)): back to the home school")]
    }

    func breaks(teacher t: Int, to s: Int?, in c: Candidates) -> [LocalizedText] {
        guard case .returning(let home) = c.positions[t], (s ?? c.current[t]) != home else { return [] }
        return [LocalizedText(zh: "交流期已满，须返回\(c.labelZH(home))", en: "the term has ended: they return to \(c.label(home))")]
    }

    func broken(by destination: [Int], in c: Candidates) -> LocalizedText? {
        for t in destination.indices {
            if case .returning(let home) = c.positions[t], destination[t] != home {
                return LocalizedText(zh: "\(c.county.teachers[t].name)交流期满却未返回原学校", en: "\(c.county.teachers[t].name) would not go home at the end of the term")
            }
        }
        return nil
    }
}
