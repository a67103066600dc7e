import RotationModel

/// The movers' commutes: `weights.commute` per km (counted in whole tenths of a km, as reported).
struct CommuteTerm: PerMoveTerm {
    let term = ObjectiveTerm.commute
    let summary = LocalizedText(zh: "交流教师的通勤距离", en: "the movers' commutes")
    let keys = ["weights.commute"]

    func cost(_ t: Int, to s: Int, in c: Candidates) -> Double { c.policy.weights.commute * c.commuteTenths(t, to: s) / 10 }
}
