import Foundation
import RotationModel

/// Checks a written plan against the policy the way an inspector would, from the county, the policy and the
/// destinations alone. Deliberately shares no code with the planner: its own distance, eligibility and
/// quota arithmetic.
struct RuleChecker {
    let county: County
    let policy: Policy
    /// Teacher id → school id where the plan puts them (every teacher; a learner at their own school).
    let destination: [String: String]
    /// Learners (R13): teacher id → the strong school they learn at this year.
    var learners: [String: String] = [:]
    /// Teacher id → the subject the plan assigns (assignments.csv); a teacher not listed teaches the main subject.
    var assigned: [String: String] = [:]
    /// The walks of walking.csv (走教): teacher id, own school, school served, subject, share of a teacher.
    var walks: [(teacher: String, base: String, served: String, subject: String, share: Double)] = []

    /// The subject a teacher teaches after the plan.
    func subject(_ t: Teacher) -> String { assigned[t.id] ?? t.subject }

    /// Whether a school must receive as many as it sends: read from the policy here, as the docs say.
    func keepsHeadcount(_ s: School) -> Bool {
        switch policy.staffing {
        case "free": return false
        case "toward_quota": return s.staffQuota == nil
        default: return policy.keepHeadcount
        }
    }

    func distanceKm(_ a: Coordinate, _ b: Coordinate) -> Double {
        let r = 6371.0, rad = Double.pi / 180
        let h = pow(sin((b.latitude - a.latitude) * rad / 2), 2)
            + cos(a.latitude * rad) * cos(b.latitude * rad) * pow(sin((b.longitude - a.longitude) * rad / 2), 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }

    /// (numerator, denominator) of the decimal text of a rate.
    func fraction(_ rate: Rate) -> (Int, Int) {
        let text = rate.description
        let parts = text.split(separator: ".")
        let decimals = parts.count == 2 ? parts[1].count : 0
        let denominator = Int(pow(10.0, Double(decimals)))
        return (Int(text.replacingOccurrences(of: ".", with: ""))!, denominator)
    }

    /// On a term away from the home school, not moved elsewhere by the office.
    func onTerm(_ t: Teacher) -> Bool {
        guard let home = t.homeSchoolID, home != t.schoolID, t.termEndYear != nil else { return false }
        if case .moveTo(let l)? = t.lock, l != t.schoolID, l != home { return false }
        return true
    }

    /// The term ended and the teacher was not kept, or the office sends them home: goes home.
    func returner(_ t: Teacher) -> Bool {
        onTerm(t) && t.lock != .stay && (t.termEndYear! < policy.year || t.lock == .moveTo(schoolID: t.homeSchoolID!))
    }

    func eligible(_ t: Teacher) -> Bool {
        if t.lock == .stay || t.exemption != nil || onTerm(t) { return false }
        let age = policy.year - t.birthYear
        let retire = t.gender == .male ? policy.retirementAge[.male]! : policy.retirementAge[.female]!
        if age >= retire - policy.retirementExemptYears { return false }
        return t.yearsAtSchool >= (t.role == .teacher ? policy.tenureYears : policy.leaderTenureYears)
    }

    func violations() -> [String] {
        var v: [String] = []
        let schools = Dictionary(uniqueKeysWithValues: county.schools.map { ($0.id, $0) })
        let byID = Dictionary(uniqueKeysWithValues: county.teachers.map { ($0.id, $0) })
        func strength(_ s: Strength) -> Int { s == .strong ? 2 : (s == .ordinary ? 1 : 0) }
        var out: [String: Int] = [:], into: [String: Int] = [:], staff: [String: Int] = [:], elig: [String: Int] = [:]
        var movers = 0, backboneMovers = 0, leadersMoved = 0
        var heads: [String: Int] = [:], leaderOut: [String: Int] = [:]
        // Returners (R9): they go home, and count for R6 only.
        var returnersOut: [String: Int] = [:], returnersIn: [String: Int] = [:]
        for t in county.teachers {
            staff[t.schoolID, default: 0] += 1
            if eligible(t) && t.role == .teacher { elig[t.schoolID, default: 0] += 1 }
            guard let d = destination[t.id], let to = schools[d] else { v.append("R1 \(t.id) has no destination"); continue }
            if returner(t) {
                if d != t.homeSchoolID { v.append("R9 \(t.id) does not go home at the end of the term") }
                returnersOut[t.schoolID, default: 0] += 1
                returnersIn[d, default: 0] += 1
                continue
            }
            if onTerm(t) && d != t.schoolID { v.append("R9 \(t.id) moves in the middle of a term") }
            var locked = false
            if case .moveTo(let l)? = t.lock, l != t.schoolID {
                locked = true
                if d != l { v.append("R1 \(t.id) locked to \(l) but sent to \(d)") }
            }
            // The office's other locks (accepted objections): they keep every other rule.
            switch t.lock {
            case .leave? where d == t.schoolID: v.append("R1 \(t.id) must leave but stays")
            case .notTo(let ids)? where ids.contains(d): v.append("R1 \(t.id) sent to \(d), which the office ruled out")
            case .onlyTo(let ids)? where d != t.schoolID && !ids.contains(d): v.append("R1 \(t.id) sent to \(d), not one of \(ids)")
            default: break
            }
            if d == t.schoolID { continue }
            // Leaders (R12): apart from R3's quota and R5's share; R6 counts every departure.
            if t.role != .teacher {
                leadersMoved += 1
                if t.role == .principal || t.role == .vicePrincipal { heads[d + "|" + t.role.rawValue, default: 0] += 1; heads[t.schoolID + "|" + t.role.rawValue, default: 0] -= 1 }
                if policy.leaderDownward && strength(to.strength) > strength(schools[t.schoolID]!.strength) && !locked { v.append("R12 leader \(t.id) to a stronger school") }
                leaderOut[t.schoolID, default: 0] += 1
            } else {
                movers += 1
                if t.backbone != .none { backboneMovers += 1 }
            }
            out[t.schoolID, default: 0] += 1
            into[d, default: 0] += 1
            if !locked && !eligible(t) { v.append("R1 \(t.id) moves but is not eligible") }
            if !(to.level == .nineYear || to.level.rawValue == t.level.rawValue) { v.append("R2 \(t.id) to a school of another level") }
            if !locked {
                let home = t.home ?? schools[t.schoolID]!.location
                let paired = county.pairs.contains { ($0.a == t.schoolID && $0.b == d) || ($0.b == t.schoolID && $0.a == d) }
                if distanceKm(home, to.location) > policy.maxCommuteKm && !(policy.pairIgnoresCommute && paired) {
                    v.append("R2 \(t.id) commute \(distanceKm(home, to.location)) km")
                }
                if policy.exchangeScope == "group", (to.group ?? "#" + to.id) != (schools[t.schoolID]!.group ?? "#" + t.schoolID) {
                    v.append("R10 \(t.id) leaves its group")
                }
                if let left = t.leftSchoolID, let year = t.leftYear, left == d, policy.year - year < policy.noReturnYears {
                    v.append("R2 \(t.id) returns to \(d) left in \(year)")
                }
                for past in t.pastSchools where past.schoolID == d && policy.year - past.year < policy.noReturnYears {
                    v.append("R2 \(t.id) returns to \(d) left in \(past.year) (ledger)")
                }
                if policy.backboneDownward, t.backbone != .none, strength(to.strength) > strength(schools[t.schoolID]!.strength) {
                    v.append("R5 backbone \(t.id) moves to a stronger school")
                }
            }
        }
        let (rn, rd) = fraction(policy.rotationRate), (tn, td) = fraction(policy.maxTurnover)
        for s in county.schools {
            let e = elig[s.id] ?? 0, n = staff[s.id] ?? 0
            let required = (rn * e + rd - 1) / rd
            let cap = max(1, tn * n / td)
            let o = out[s.id] ?? 0, i = into[s.id] ?? 0
            if o - (leaderOut[s.id] ?? 0) < required { v.append("R3 \(s.id) sends \(o - (leaderOut[s.id] ?? 0)) teachers < \(required)") }
            if e > 0 && policy.everySchoolSends && o < 1 { v.append("R4 \(s.id) sends none") }
            if e > 0 && policy.everySchoolReceives && i < 1 { v.append("R4 \(s.id) receives none") }
            let ro = returnersOut[s.id] ?? 0, ri = returnersIn[s.id] ?? 0
            if o + ro > cap { v.append("R6 \(s.id) sends \(o) + \(ro) returning > \(cap)") }
            if i + ri > cap { v.append("R6 \(s.id) receives \(i) + \(ri) returning > \(cap)") }
            if keepsHeadcount(s) && o + ro != i + ri { v.append("R6 \(s.id) sends \(o)+\(ro) receives \(i)+\(ri)") }
            // R16: toward the quota, never farther from it.
            if policy.staffing == "toward_quota", let q = s.staffQuota {
                let after = n - o - ro + i + ri
                if n > q && i + ri > o + ro { v.append("R16 \(s.id) over its quota receives \(i + ri) > sends \(o + ro)") }
                if n < q && o + ro > i + ri { v.append("R16 \(s.id) under its quota sends \(o + ro) > receives \(i + ri)") }
                if abs(after - q) > abs(n - q) { v.append("R16 \(s.id) ends at \(after), farther from its quota \(q) than \(n)") }
            }
        }
        // R14: each teacher teaches one of their subjects (or one they may be retrained for); another than the
        // main one only where the school needs it.
        for t in county.teachers {
            let j = subject(t)
            guard j != t.subject, let d = destination[t.id] else { continue }
            if learners[t.id] != nil { v.append("R14 learner \(t.id) assigned \(j)"); continue }
            if !(t.subjects + t.retrain).contains(j) { v.append("R14 \(t.id) assigned \(j), not one of \(t.subjects + t.retrain)") }
            if !county.needs.contains(where: { $0.schoolID == d && $0.subject == j && $0.required > 0 }) {
                v.append("R14 \(t.id) teaches \(j) at \(d), which has no need for it")
            }
        }
        // R14: a second subject (or retraining) only fills a need: where anyone teaches j at s that way, the
        // teachers of j at s, walking shares included, are no more than the need.
        var tenths: [String: Int] = [:], byOther: Set<String> = []
        for t in county.teachers where learners[t.id] == nil {
            guard let d = destination[t.id] else { continue }
            tenths[d + "|" + subject(t), default: 0] += 10
            if subject(t) != t.subject { byOther.insert(d + "|" + subject(t)) }
        }
        for w in walks {
            let share = Int((w.share * 10).rounded())
            tenths[w.served + "|" + w.subject, default: 0] += share
            tenths[w.base + "|" + w.subject, default: 0] -= share
        }
        for key in byOther {
            let required = county.needs.filter { $0.schoolID + "|" + $0.subject == key }.reduce(0) { $0 + $1.required }
            if (tenths[key] ?? 0) > 10 * required { v.append("R14 \(key) taught as a second subject beyond its need \(required)") }
        }
        // R15: walking teachers.
        var served: [String: Int] = [:]
        for w in walks {
            guard let t = byID[w.teacher], let base = schools[w.base], let to = schools[w.served] else { v.append("R15 walk of \(w.teacher) unknown"); continue }
            served[w.teacher, default: 0] += 1
            if !policy.walking.enabled { v.append("R15 \(t.id) walks with walking off") }
            if !policy.walking.subjects.contains(w.subject) { v.append("R15 \(t.id) walks for \(w.subject), not a walking subject") }
            if !t.subjects.contains(w.subject) || subject(t) != w.subject { v.append("R15 \(t.id) walks for \(w.subject) but teaches \(subject(t))") }
            if destination[t.id] != t.schoolID || w.base != t.schoolID || learners[t.id] != nil { v.append("R15 \(t.id) walks but does not stay at their school") }
            if t.exemption != nil || t.role != .teacher { v.append("R15 \(t.id) walks but is exempt or a leader") }
            if w.served == w.base || distanceKm(base.location, to.location) > policy.walking.maxKm { v.append("R15 \(t.id) walks \(distanceKm(base.location, to.location)) km") }
            if !county.needs.contains(where: { $0.schoolID == w.served && $0.subject == w.subject && $0.required > 0 }) {
                v.append("R15 \(t.id) serves \(w.served), which has no need for \(w.subject)")
            }
            if abs(w.share - policy.walking.share.doubleValue) > 1e-9 { v.append("R15 \(t.id) share \(w.share)") }
        }
        for (id, n) in served where n > policy.walking.maxSchools || Double(n) * policy.walking.share.doubleValue > 1 + 1e-9 {
            v.append("R15 \(id) serves \(n) schools")
        }
        // R10: a group's quota, over the exchange leavers of its schools.
        let (gn, gd) = fraction(policy.groupRotationRate)
        if gn > 0 {
            var groupEligible: [String: Int] = [:], groupOut: [String: Int] = [:]
            for s in county.schools {
                let g = s.group ?? "#" + s.id
                groupEligible[g, default: 0] += elig[s.id] ?? 0
                groupOut[g, default: 0] += out[s.id] ?? 0
            }
            for (g, e) in groupEligible where (groupOut[g] ?? 0) < (gn * e + gd - 1) / gd {
                v.append("R10 group \(g) sends \(groupOut[g] ?? 0) of \(e) eligible")
            }
        }
        // R11: each pair, each way.
        if policy.pairExchange > 0 {
            for p in county.pairs {
                for (a, b) in [(p.a, p.b), (p.b, p.a)] {
                    let sent = county.teachers.count { $0.schoolID == a && destination[$0.id] == b }
                    if sent < policy.pairExchange { v.append("R11 \(a) sends \(sent) to its pair \(b)") }
                }
            }
        }
        // R13: learners go from weak schools to strong ones of their level within reach, as many as asked.
        if policy.learnersPerWeakSchool > 0 || !learners.isEmpty {
            let marked = county.teachers.contains { $0.learner }
            func nominated(_ t: Teacher) -> Bool {
                guard schools[t.schoolID]!.strength == .weak, t.lock == nil, !onTerm(t), t.exemption == nil else { return false }
                let age = policy.year - t.birthYear
                let retire = t.gender == .male ? policy.retirementAge[.male]! : policy.retirementAge[.female]!
                if age >= retire - policy.retirementExemptYears { return false }
                return marked ? t.learner : age < 36 && t.backbone == .none && t.yearsAtSchool >= 3
            }
            for (id, host) in learners {
                guard let t = byID[id], let h = schools[host] else { v.append("R13 learner \(id) unknown"); continue }
                if !nominated(t) { v.append("R13 \(id) learns but is not a learner") }
                if h.strength != .strong { v.append("R13 \(id) learns at \(host), not a strong school") }
                if !(h.level == .nineYear || h.level.rawValue == t.level.rawValue) { v.append("R13 \(id) learns at a school of another level") }
                if distanceKm(t.home ?? schools[t.schoolID]!.location, h.location) > policy.maxCommuteKm { v.append("R13 \(id) learns beyond the commute") }
                if destination[id] != t.schoolID { v.append("R13 learner \(id) also moves") }
            }
            if policy.learnersPerWeakSchool > 0 {
                for s in county.schools where s.strength == .weak {
                    let candidates = county.teachers.filter { t in
                        t.schoolID == s.id && nominated(t) && county.schools.contains { h in
                            h.strength == .strong && (h.level == .nineYear || h.level.rawValue == t.level.rawValue)
                                && distanceKm(t.home ?? s.location, h.location) <= policy.maxCommuteKm
                        }
                    }
                    let sent = learners.keys.count { byID[$0]?.schoolID == s.id }
                    if sent < min(policy.learnersPerWeakSchool, candidates.count) { v.append("R13 \(s.id) sends \(sent) learners") }
                }
            }
        }
        // R12: the county's leaders' share, and every school's principals and vice principals kept.
        let (ln, ld) = fraction(policy.leaderRotationRate)
        let eligibleLeaders = county.teachers.count { $0.role != .teacher && eligible($0) }
        if leadersMoved < (ln * eligibleLeaders + ld - 1) / ld { v.append("R12 \(leadersMoved) leaders move of \(eligibleLeaders) eligible") }
        for (key, n) in heads where n != 0 { v.append("R12 \(key) changes by \(n)") }
        let (bn, bd) = fraction(policy.backboneShare)
        if backboneMovers * bd < bn * movers { v.append("R5 backbone movers \(backboneMovers) of \(movers)") }
        for t in county.teachers {
            guard let p = t.partnerID, let u = byID[p], t.id < u.id else { continue }
            // A learner is at the host this year (R13).
            let at = { (x: Teacher) in learners[x.id] ?? destination[x.id]! }
            let moved = at(t) != t.schoolID || at(u) != u.schoolID
            if moved, distanceKm(schools[at(t)]!.location, schools[at(u)]!.location) > policy.coupleMaxKm {
                v.append("R7 \(t.id) and \(u.id) too far apart")
            }
        }
        return v
    }

    /// Σ max(0, required − teachers of the subject) over needs, in tenths of a teacher: by the subject each teacher
    /// is assigned, with walking teachers' shares given to the schools they serve and taken from their own.
    func unmetTenths(after: Bool) -> Int {
        var count: [String: Int] = [:]
        for t in county.teachers where !(after && learners[t.id] != nil) {
            count[(after ? destination[t.id]! : t.schoolID) + "|" + (after ? subject(t) : t.subject), default: 0] += 10
        }
        if after {
            for w in walks {
                let share = Int((w.share * 10).rounded())
                count[w.served + "|" + w.subject, default: 0] += share
                count[w.base + "|" + w.subject, default: 0] -= share
            }
        }
        return county.needs.reduce(0) { $0 + max(0, 10 * $1.required - (count[$1.schoolID + "|" + $1.subject] ?? 0)) }
    }

    /// The same in teachers (a whole number when nobody walks).
    func unmetNeed(after: Bool) -> Double { Double(unmetTenths(after: after)) / 10 }

    /// The official enrolment-weighted CV of one indicator for one level, computed from scratch.
    /// How many schools count in a level's balance figures (more than cv_min_students of that level).
    static func countedSchools(_ county: County, _ policy: Policy, _ level: TeachingLevel) -> Int {
        county.schools.count { s in
            let p = s.level == .nineYear ? (level == .primary ? s.studentsPrimary : s.studentsJunior)
                : (s.level.rawValue == level.rawValue ? s.students : nil)
            return p.map { $0 > policy.cvMinStudents && $0 > 0 } ?? false
        }
    }

    func cv(level: TeachingLevel, indicator: Indicator, after: Bool) -> Double? {
        let counted = county.schools.filter { s in
            let p = s.level == .nineYear ? (level == .primary ? s.studentsPrimary : s.studentsJunior)
                : (s.level.rawValue == level.rawValue ? s.students : nil)
            return p.map { $0 > policy.cvMinStudents && $0 > 0 } ?? false
        }
        func students(_ s: School) -> Double {
            Double(s.level == .nineYear ? (level == .primary ? s.studentsPrimary! : s.studentsJunior!) : s.students)
        }
        let total = counted.reduce(0.0) { $0 + students($1) }
        guard total > 0 else { return nil }
        let values = counted.map { s -> Double in
            let c = county.teachers.filter { t in
                (after ? destination[t.id]! : t.schoolID) == s.id && t.level == level && {
                    switch indicator {
                    case .degree: return t.level == .primary ? t.degree != .secondary : ![.secondary, .associate].contains(t.degree)
                    case .backbone: return t.backbone != .none
                    case .peArts: return policy.peArtsSubjects.contains(after ? subject(t) : t.subject)
                    }
                }()
            }.count
            return Double(c) * 100 / students(s)
        }
        let mean = zip(counted, values).reduce(0.0) { $0 + students($1.0) * $1.1 } / total
        guard mean > 0 else { return nil }
        let s = sqrt(zip(counted, values).reduce(0.0) { $0 + students($1.0) / total * pow($1.1 - mean, 2) })
        return s / mean
    }
}
