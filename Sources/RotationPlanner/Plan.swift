import IntegerProgramming
import RotationModel

/// A rotation plan: where every teacher ends, how good that is, and how sure the solver is.
public struct Plan: Sendable {
    public enum Status: String, Sendable, Codable {
        /// GLPK proved no better plan exists.
        case optimal
        /// A limit (time or the gap tolerance) stopped the search: see ``stoppedBy``, ``bestBound`` and ``gap``.
        case feasible
    }

    public var status: Status
    /// Why the search stopped early, when it did: `time`, `gap` or `interrupted`.
    public var stoppedBy: String?
    public var objective: Double
    public var bestBound: Double?
    public var gap: Double?
    public var terms: ObjectiveTerms
    public var solveSeconds: Double
    public var buildSeconds: Double
    public var variables: Int
    public var constraints: Int

    public let candidates: Candidates
    /// The school index where each teacher ends.
    public var destination: [Int]
    public let before: Assessment
    public let after: Assessment

    public var county: County { candidates.county }
    public var policy: Policy { candidates.policy }

    init(status: Status, stoppedBy: String?, objective: Double, bestBound: Double?, gap: Double?, terms: ObjectiveTerms,
         solveSeconds: Double, buildSeconds: Double, variables: Int, constraints: Int, candidates: Candidates,
         destination: [Int]) {
        self.status = status; self.stoppedBy = stoppedBy; self.objective = objective; self.bestBound = bestBound
        self.gap = gap; self.terms = terms; self.solveSeconds = solveSeconds; self.buildSeconds = buildSeconds
        self.variables = variables; self.constraints = constraints; self.candidates = candidates
        self.destination = destination
        self.before = Assessment.before(county: candidates.county, policy: candidates.policy)
        self.after = Assessment(county: candidates.county, policy: candidates.policy, schoolOf: destination)
    }

    /// Teachers who move, in teacher order.
    public var movers: [Int] { county.teachers.indices.filter { destination[$0] != candidates.current[$0] } }
    public var backboneMovers: Int { movers.count { county.teachers[$0].backbone.isBackbone } }

    /// Leavers and arrivals per school.
    public var leavers: [Int] {
        var out = county.schools.map { _ in 0 }
        for t in movers { out[candidates.current[t]] += 1 }
        return out
    }
    public var arrivals: [Int] {
        var into = county.schools.map { _ in 0 }
        for t in movers { into[destination[t]] += 1 }
        return into
    }

    /// The fewest movers the rules allow: Σ over schools of the leavers R3/R4 require (or the locked leavers).
    public var minimumMovers: Int {
        candidates.duties.reduce(0) { $0 + max($1.requiredLeavers, $1.mustSend ? 1 : 0, $1.lockedOut) }
    }

    /// Commute of a mover to the new school, km rounded to 0.1.
    public func commuteKm(_ t: Int) -> Double { candidates.commuteTenths(t, to: destination[t]) / 10 }

    /// Why a teacher moves, in plain words, most important first.
    public func reasons(for t: Int) -> [String] {
        let teacher = county.teachers[t]
        let from = candidates.current[t], to = destination[t]
        guard from != to else { return [] }
        let fromSchool = county.schools[from], toSchool = county.schools[to]
        var reasons: [String] = []
        if case .locked = candidates.positions[t] { reasons.append("locked by the personnel office") }
        // Shortage filled: the destination lacked the subject before and has more of it after, up to its need.
        if let need = county.needs.first(where: { $0.schoolID == toSchool.id && $0.subject == teacher.subject }) {
            let had = before.schools[to].subjects[teacher.subject] ?? 0
            if had < need.required { reasons.append("fills \(teacher.subject) shortage at \(toSchool.name)") }
        }
        let d = candidates.duties[from]
        if d.requiredLeavers > 0 {
            reasons.append("school quota: \(d.requiredLeavers) of \(d.eligible) eligible leave \(fromSchool.name)")
        } else if d.mustSend {
            reasons.append("every school sends one: \(fromSchool.name)")
        }
        if candidates.duties[to].mustReceive && arrivals[to] == 1 {
            reasons.append("every school receives one: \(toSchool.name)")
        }
        if teacher.backbone.isBackbone {
            if toSchool.strength < fromSchool.strength {
                reasons.append("backbone to a weaker school")
            } else {
                reasons.append("backbone teacher (backbone share of movers)")
            }
        }
        if toSchool.area.rank > fromSchool.area.rank {
            reasons.append("from \(fromSchool.area == .urban ? "an" : "a") \(fromSchool.area.rawValue) school to a \(toSchool.area.rawValue) one")
        }
        for indicator in Indicator.allCases where indicator.counts(teacher, policy: policy) {
            guard let p = toSchool.students(of: teacher.level), p > policy.cvMinStudents,
                  let c = before.schools[to].indicatorCounts[teacher.level]?[indicator],
                  !indicator.meetsFloor(count: c, students: p, level: teacher.level) else { continue }
            reasons.append("raises \(indicator.label) at \(toSchool.name), below the floor of \(formatFloor(indicator.floor(for: teacher.level))) per 100 students")
        }
        if let rank = teacher.preferences.firstIndex(of: toSchool.id) {
            reasons.append(rank == 0 ? "the teacher's first wish" : "the teacher's wish no. \(rank + 1)")
        }
        if reasons.isEmpty {
            // No rule asked for this move: the objective chose it (the balance term is the only one that can).
            reasons.append("evens out the county's balance indicators")
        }
        return reasons
    }

    private func formatFloor(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
}

extension Area {
    /// urban 0, town 1, rural 2: moving up the rank moves toward the countryside.
    var rank: Int { self == .urban ? 0 : (self == .town ? 1 : 2) }
}

extension Indicator {
    /// A short English name for messages.
    public var label: String {
        switch self {
        case .degree: return "above-standard-degree teachers"
        case .backbone: return "backbone teachers"
        case .peArts: return "PE and arts teachers"
        }
    }
}
