import RotationModel

/// Teachers' ranked wishes (`preferences`): a move to wish no. k gains `weights.preference ÷ k`.
struct PreferenceTerm: PerMoveTerm {
    let term = ObjectiveTerm.preference
    let summary = LocalizedText(zh: "尊重教师志愿", en: "the teachers' ranked wishes")
    let keys = ["weights.preference"]

    func cost(_ t: Int, to s: Int, in c: Candidates) -> Double {
        guard let rank = c.county.teachers[t].preferences.firstIndex(of: c.county.schools[s].id) else { return 0 }
        return -c.policy.weights.preference / Double(rank + 1)
    }

    func reasons(for t: Int, in plan: Plan) -> [LocalizedText] {
        guard let rank = plan.county.teachers[t].preferences.firstIndex(of: plan.county.schools[plan.destination[t]].id) else {
            return []
        }
        return [rank == 0 ? LocalizedText(zh: "本人第一意向", en: "the teacher's first wish")
                          : LocalizedText(zh: "本人第 \(rank + 1) 意向", en: "the teacher's wish no. \(rank + 1)")]
    }
}
