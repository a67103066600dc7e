import RotationModel

/// Moves beyond what the rules require: `weights.moves` per mover.
struct MovesTerm: PerMoveTerm {
    let term = ObjectiveTerm.moves
    let summary = LocalizedText(zh: "交流人数（不多于规则所需）", en: "the number of movers (no more than the rules need)")
    let keys = ["weights.moves"]

    func cost(_ t: Int, to s: Int, in c: Candidates) -> Double { c.policy.weights.moves }
}
