import RotationModel

/// Why a policy cannot be met, in the user's terms: which rules conflict, where, and what would help.
public struct Diagnosis: Sendable, Codable, Equatable {
    public struct Finding: Sendable, Codable, Equatable {
        /// The rules in conflict, the first being the one that cannot be met.
        public var rules: [Rule]
        public var schoolID: String?
        public var schoolName: String?
        public var teacherIDs: [String]
        /// A sentence in plain words.
        public var message: String
        /// What the user can change.
        public var remedy: String

        enum CodingKeys: String, CodingKey {
            case rules, message, remedy
            case schoolID = "school_id", schoolName = "school_name", teacherIDs = "teacher_ids"
        }
    }
    /// `precheck` when a necessary condition failed before any solve; `relaxation` when found by re-solving
    /// with the rules relaxed by penalised slack.
    public var method: String
    public var findings: [Finding]

    public var text: String {
        var lines = ["The policy cannot be met (\(findings.count) conflict\(findings.count == 1 ? "" : "s"), "
                     + (method == "precheck" ? "found before solving" : "found by relaxing the rules and re-solving") + "):"]
        for (i, f) in findings.enumerated() {
            lines.append("\(i + 1). [\(f.rules.map(\.rawValue).joined(separator: " vs "))] \(f.message)")
            lines.append("   What would help: \(f.remedy)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Candidates {
    func label(_ s: Int) -> String { "\(county.schools[s].name) (\(county.schools[s].id))" }
    func km(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    /// Teachers at school s who may move somewhere, and those eligible but with nowhere to go (with why).
    func leaverSupply(_ s: Int) -> (movable: Int, stuck: [String: Int]) {
        var movable = 0
        var stuck: [String: Int] = [:]
        for t in county.teachers.indices where current[t] == s {
            guard case .movable(let d) = positions[t] else { continue }
            if !d.isEmpty { movable += 1; continue }
            stuck[whyNowhere(t), default: 0] += 1
        }
        return (movable, stuck)
    }

    /// Why an eligible teacher has no allowed destination.
    func whyNowhere(_ t: Int) -> String {
        let teacher = county.teachers[t]
        let sameLevel = county.schools.indices.filter { $0 != current[t] && county.schools[$0].level.admits(teacher.level) }
        if sameLevel.isEmpty { return "no other \(teacher.level.rawValue) school in the county" }
        let near = sameLevel.filter { commuteKm(t, to: $0) <= policy.maxCommuteKm }
        if near.isEmpty { return "no \(teacher.level.rawValue) school within \(km(policy.maxCommuteKm)) km of home (R2)" }
        let notBack = near.filter {
            !(teacher.leftSchoolID == county.schools[$0].id && teacher.leftYear.map { policy.year - $0 < policy.noReturnYears } == true)
        }
        if notBack.isEmpty { return "the only school within reach is the one left less than \(policy.noReturnYears) years ago (R2)" }
        return "backbone_downward: every school within reach is stronger (R5)"
    }

    /// What would let a school's teachers leave: a longer commute only helps when distance is what stops
    /// them; with no other school of their level in the county, only fewer required leavers help.
    static func remedyForNoReach(_ reasons: Dictionary<String, Int>.Keys, requiredLeavers: Int, commute: String) -> String {
        let onlyNoSchool = !reasons.isEmpty && reasons.allSatisfy { $0.hasPrefix("no other ") }
        let sends = requiredLeavers >= 1 ? "" : ", or set every_school_sends: false"
        if onlyNoSchool {
            return "no other school of their level exists in the county, so no commute limit helps: lock the school's "
                + "teachers to stay (lock: stay), or set rotation_rate: 0" + sends
        }
        return "raise max_commute_km (now \(commute)), or lower rotation_rate" + sends
    }

    func arrivalsPossible(_ s: Int) -> Int {
        county.teachers.indices.count { t in
            if case .movable(let d) = positions[t] { return d.contains(s) }
            return false
        }
    }

    /// Cheap necessary conditions, checked before any solve. Empty when none fails.
    func precheck() -> [Diagnosis.Finding] {
        var findings: [Diagnosis.Finding] = []
        func add(_ rules: [Rule], _ s: Int?, _ message: String, _ remedy: String, teachers: [String] = []) {
            findings.append(Diagnosis.Finding(rules: rules, schoolID: s.map { county.schools[$0].id },
                                              schoolName: s.map { county.schools[$0].name }, teacherIDs: teachers,
                                              message: message, remedy: remedy))
        }
        var minimumMovers = 0
        for s in county.schools.indices {
            let d = duties[s]
            let supply = leaverSupply(s)
            let needOut = max(d.requiredLeavers, d.mustSend ? 1 : 0)
            minimumMovers += max(needOut, d.lockedOut)
            let maxOut = supply.movable + d.lockedOut
            let arrivals = arrivalsPossible(s)
            let rule: Rule = d.requiredLeavers >= 1 ? .R3 : .R4
            let needs = d.requiredLeavers >= 1
                ? "R3 needs \(d.requiredLeavers) to leave (\(policy.rotationRate) × \(d.eligible), rounded up)"
                : "R4 needs one to leave"
            if needOut > maxOut {
                let why = supply.stuck.sorted { $0.key < $1.key }.map { "\($0.value) with \($0.key)" }.joined(separator: ", ")
                add([rule, .R2], s, "\(label(s)) has \(d.eligible) eligible teacher\(d.eligible == 1 ? "" : "s"); \(needs), "
                    + "but R2 leaves \(supply.movable == 0 ? "none" : "only \(supply.movable)") of them a reachable school"
                    + (why.isEmpty ? "" : " (\(why))") + ".",
                    Self.remedyForNoReach(supply.stuck.keys, requiredLeavers: d.requiredLeavers,
                                          commute: km(policy.maxCommuteKm)))
            }
            if needOut > d.turnoverCap {
                add([.R3, .R6], s, "\(label(s)) has \(d.eligible) eligible of \(d.staff) staff; \(needs), but R6 lets at most "
                    + "\(d.turnoverCap) leave (max(1, \(policy.maxTurnover) × \(d.staff)), rounded down).",
                    "lower rotation_rate or raise max_turnover")
            }
            if d.lockedOut > d.turnoverCap || d.lockedIn > d.turnoverCap {
                let n = max(d.lockedOut, d.lockedIn)
                add([.R6, .R1], s, "\(label(s)): \(n) teachers are locked to \(d.lockedOut > d.turnoverCap ? "leave" : "arrive"), "
                    + "but R6 allows at most \(d.turnoverCap).", "remove some locks or raise max_turnover")
            }
            if d.mustReceive && arrivals == 0 && d.lockedIn == 0 {
                add([.R4, .R2], s, "\(label(s)) has an eligible teacher, so R4 needs it to receive at least one, but no eligible "
                    + "teacher elsewhere can move there (R2: level, \(km(policy.maxCommuteKm)) km from home, no-return; "
                    + "backbone_downward).",
                    "set every_school_receives: false, or raise max_commute_km")
            } else if policy.keepHeadcount && needOut >= 1 && arrivals == 0 && d.lockedIn < needOut {
                add([.R6, .R3], s, "\(label(s)) must send \(needOut) and, with keep_headcount, receive as many, but no teacher "
                    + "can move there (R2).", "set keep_headcount: false, or raise max_commute_km")
            }
            if policy.keepHeadcount && d.mustReceive && maxOut == 0 {
                add([.R6, .R4], s, "\(label(s)) must receive one (R4) and, with keep_headcount, send as many, but none of its "
                    + "teachers can leave (R2).", "set keep_headcount: false or every_school_receives: false")
            }
        }
        // R5 at its most favourable: every backbone teacher who can move does.
        if policy.backboneShare.numerator > 0 {
            var backbone = 0, lockedOther = 0
            for (t, teacher) in county.teachers.enumerated() {
                switch positions[t] {
                case .locked: if teacher.backbone.isBackbone { backbone += 1 } else { lockedOther += 1 }
                case .movable(let d): if !d.isEmpty && teacher.backbone.isBackbone { backbone += 1 }
                case .fixed: break
                }
            }
            let num = policy.backboneShare.numerator, den = policy.backboneShare.denominator
            let movers = max(minimumMovers, backbone + lockedOther)
            if movers > 0 && den * backbone < num * movers {
                add([.R5, .R3], nil, "R5 needs backbone teachers to be at least \(policy.backboneShare) of the movers: at least "
                    + "\(movers) teachers must move, so at least \(policy.backboneShare.ceilTimes(movers)) backbone teachers, "
                    + "but only \(backbone) backbone teachers can move (R2, backbone_downward).",
                    "lower backbone_share or rotation_rate, or raise max_commute_km")
            }
        }
        // R7 between two fixed partners.
        for (t, u) in couples {
            let ot = options(of: t), ou = options(of: u)
            if ot.count == 1, ou.count == 1, ot[0] != current[t] || ou[0] != current[u],
               distanceKm(between: ot[0], and: ou[0]) > policy.coupleMaxKm {
                add([.R7, .R1], ot[0], "partners \(county.teachers[t].name) (\(county.teachers[t].id)) and "
                    + "\(county.teachers[u].name) (\(county.teachers[u].id)) are locked to schools "
                    + "\(km((distanceKm(between: ot[0], and: ou[0]) * 10).rounded() / 10)) km apart; R7 allows "
                    + "\(km(policy.coupleMaxKm)) km.", "change one of the locks or raise couple_max_km",
                    teachers: [county.teachers[t].id, county.teachers[u].id])
            }
        }
        return findings
    }

    /// Turns the rows a relaxed solve had to break into findings.
    func findings(from broken: [(row: RuleRow, amount: Double)]) -> [Diagnosis.Finding] {
        var findings: [Diagnosis.Finding] = []
        var seen: [String] = []
        for (row, amount) in broken {
            let key = "\(row.rule)-\(row.kind)-\(row.school ?? -1)-\(row.couple?.0 ?? -1)"
            if seen.contains(key) { continue }
            seen.append(key)
            let n = Int(amount.rounded())
            var message = "", remedy = "", teachers: [String] = []
            var rules = [row.rule]
            let s = row.school
            switch row.kind {
            case .leaversAtLeast, .sendsAtLeastOne:
                let d = duties[s!]
                let supply = leaverSupply(s!)
                let need = max(d.requiredLeavers, 1)
                message = "\(label(s!)) has \(d.eligible) eligible teachers; "
                    + (row.kind == .leaversAtLeast ? "R3 needs \(need) to leave" : "R4 needs one to leave")
                    + ", but together with the other rules at most \(max(0, need - n)) can: \(supply.movable) of them have a "
                    + "reachable school (R2), R6 lets \(d.turnoverCap) leave"
                    + (policy.keepHeadcount ? ", and keep_headcount needs as many arrivals (\(arrivalsPossible(s!)) teachers could come)" : "")
                    + "."
                rules += policy.keepHeadcount ? [.R6, .R2] : [.R2]
                remedy = "lower rotation_rate, raise max_commute_km or max_turnover"
                    + (policy.keepHeadcount ? ", or set keep_headcount: false" : "")
            case .receivesAtLeastOne:
                message = "\(label(s!)) must receive at least one teacher (R4), but no arrival fits the other rules "
                    + "(\(arrivalsPossible(s!)) teachers could reach it under R2)."
                rules += [.R2, .R6]
                remedy = "set every_school_receives: false, or raise max_commute_km"
            case .backboneShare:
                message = "backbone teachers cannot make up \(policy.backboneShare) of the movers together with the other rules "
                    + "(short by the equivalent of about \(max(1, Int((amount / Double(policy.backboneShare.denominator)).rounded(.up)))) backbone mover(s))."
                rules += [.R3, .R2]
                remedy = "lower backbone_share, or set backbone_downward: false, or raise max_commute_km"
            case .leaversAtMost, .arrivalsAtMost:
                let d = duties[s!]
                message = "\(label(s!)): R6 allows at most \(d.turnoverCap) \(row.kind == .leaversAtMost ? "leavers" : "arrivals") "
                    + "(max(1, \(policy.maxTurnover) × \(d.staff))), but the other rules need \(d.turnoverCap + n)."
                rules += [.R3, .R4]
                remedy = "raise max_turnover or lower rotation_rate"
            case .headcountKept:
                message = "\(label(s!)): keep_headcount needs as many arrivals as departures, but the other rules leave a "
                    + "difference of \(n)."
                rules += [.R3, .R4, .R2]
                remedy = "set keep_headcount: false, or raise max_commute_km"
            case .coupleDistance:
                let (t, u) = row.couple!
                teachers = [county.teachers[t].id, county.teachers[u].id]
                message = "partners \(county.teachers[t].name) (\(county.teachers[t].id)) and \(county.teachers[u].name) "
                    + "(\(county.teachers[u].id)) cannot both satisfy R7 (at most \(km(policy.coupleMaxKm)) km apart) and the "
                    + "other rules."
                rules += [.R3]
                remedy = "raise couple_max_km, or lock one partner to a school near the other"
            }
            findings.append(Diagnosis.Finding(rules: rules, schoolID: s.map { county.schools[$0].id },
                                              schoolName: s.map { county.schools[$0].name }, teacherIDs: teachers,
                                              message: message, remedy: remedy))
        }
        return findings
    }
}
