import Foundation
import Ledger
import RotationModel

/// One move of a plan being adopted: who, from where to where, as what.
public struct AdoptedMove: Sendable, Equatable {
    public var teacherID: String
    public var fromSchoolID: String
    public var toSchoolID: String
    public var kind: MoveKind
    public var termEndYear: Int?
    public init(teacherID: String, fromSchoolID: String, toSchoolID: String, kind: MoveKind, termEndYear: Int?) {
        self.teacherID = teacherID; self.fromSchoolID = fromSchoolID; self.toSchoolID = toSchoolID
        self.kind = kind; self.termEndYear = termEndYear
    }
}

/// Next year's county from this year's and the plan adopted for it (`rotation adopt`).
public enum Adoption {
    /// - movers at their new schools with `years_at_school` 0; a transfer leaves `left_school_id`/`left_year`, a
    ///   term keeps the home school (`home_school_id`) and its `term_end_year`;
    /// - returners home with `years_at_school` 0 and the host as `left_school_id`;
    /// - a teacher whose term ended but who was kept (`lock: stay`) serves a year more: the term now ends this year;
    /// - everybody else a year longer at their school;
    /// - the year's decisions cleared: locks and objections; the policy's `year` + 1.
    public static func nextYear(county: County, policy: Policy, moves: [AdoptedMove]) -> (county: County, policy: Policy) {
        let byTeacher = Dictionary(moves.map { ($0.teacherID, $0) }, uniquingKeysWith: { a, _ in a })
        let year = policy.year
        let teachers = county.teachers.map { old -> Teacher in
            var t = old
            t.lock = nil
            if let m = byTeacher[t.id] {
                t.schoolID = m.toSchoolID
                t.yearsAtSchool = 0
                switch m.kind {
                case .transfer:
                    t.leftSchoolID = m.fromSchoolID; t.leftYear = year
                    t.homeSchoolID = nil; t.termEndYear = nil
                case .term, .learner:
                    // A learner's year at the host is a one-year term: next year the plan brings them home.
                    t.homeSchoolID = old.homeSchoolID ?? m.fromSchoolID
                    t.termEndYear = m.termEndYear
                case .return:
                    t.leftSchoolID = m.fromSchoolID; t.leftYear = year
                    t.homeSchoolID = nil; t.termEndYear = nil
                }
                if t.homeSchoolID == t.schoolID { t.homeSchoolID = nil; t.termEndYear = nil }
            } else {
                t.yearsAtSchool += 1
                // A term that ended but was extended by a lock to stay: it now ends with this year.
                if old.onTerm, let end = old.termEndYear, end < year { t.termEndYear = year }
            }
            return t
        }
        var next = policy
        next.year = year + 1
        return (county.with(teachers: teachers, objections: []), next)
    }

    /// Teachers who reach retirement age by `policy.year` leave the roster (for simulations).
    public static func retire(_ county: County, policy: Policy) -> (county: County, retired: [Teacher]) {
        let retired = county.teachers.filter { policy.age(of: $0) >= policy.retirementAge(of: $0.gender) }
        let ids = Set(retired.map(\.id))
        let staying = county.teachers.filter { !ids.contains($0.id) }.map { t -> Teacher in
            var t = t
            if let p = t.partnerID, ids.contains(p) { t.partnerID = nil }
            return t
        }
        return (county.with(teachers: staying), retired)
    }
}

extension Adoption {
    /// What the ledger keeps of an adopted plan: the plan, its moves (with names, as they were that year) and
    /// where every teacher serves in the plan's year.
    public static func ledgerRecord(county: County, policy: Policy, moves: [AdoptedMove], status: String,
                                    countyHash: String, policyHash: String) -> (plan: LedgerPlan, moves: [LedgerMove], service: [LedgerService]) {
        let byTeacher = Dictionary(moves.map { ($0.teacherID, $0) }, uniquingKeysWith: { a, _ in a })
        func school(_ id: String) -> School? { county.schoolIndex[id].map { county.schools[$0] } }
        let ledgerMoves = moves.map { m in
            LedgerMove(year: policy.year, teacherID: m.teacherID,
                       teacherName: county.teacherIndex[m.teacherID].map { county.teachers[$0].name } ?? "",
                       fromSchoolID: m.fromSchoolID, fromSchoolName: school(m.fromSchoolID)?.name ?? "",
                       toSchoolID: m.toSchoolID, toSchoolName: school(m.toSchoolID)?.name ?? "",
                       kind: m.kind.rawValue, termEndYear: m.termEndYear)
        }
        // (Learners are counted with the movers of the ledger's plan row: they leave for the year.)
        let service = county.teachers.map { t -> LedgerService in
            let at = byTeacher[t.id]?.toSchoolID ?? t.schoolID
            return LedgerService(year: policy.year, teacherID: t.id, schoolID: at, rural: school(at)?.area == .rural)
        }
        let plan = LedgerPlan(year: policy.year, countyHash: countyHash, policyHash: policyHash, status: status,
                              movers: moves.count { $0.kind != .return }, returners: moves.count { $0.kind == .return })
        return (plan, ledgerMoves, service)
    }

    /// The teachers of `county` with the schools each left in earlier years (from the ledger), for the
    /// no-return rule.
    public static func withPastSchools(_ county: County, from ledger: Ledger) throws -> County {
        let left = try ledger.schoolsLeft()
        guard !left.isEmpty else { return county }
        let teachers = county.teachers.map { t -> Teacher in
            var t = t
            // Added to what the teacher already has (a ledger given with --ledger, then a simulation's own).
            for p in (left[t.id] ?? []).map({ PastSchool(schoolID: $0.schoolID, year: $0.year) }) where !t.pastSchools.contains(p) {
                t.pastSchools.append(p)
            }
            return t
        }
        return county.with(teachers: teachers)
    }
}

extension Adoption {
    /// Adopts a plan's moves: refuses a year the ledger already has, computes next year's county, lets `write` store
    /// it, then appends the plan to the ledger (one transaction). Both `rotation adopt` and the server adopt
    /// through here. Returns next year's county and policy and the ledger's plan row.
    public static func adopt(_ moves: [AdoptedMove], status: String, county: County, policy: Policy, ledger: Ledger,
                             countyHash: String, policyHash: String,
                             write: (County, Policy) throws -> Void) throws -> (county: County, policy: Policy, plan: LedgerPlan) {
        if try ledger.plans().contains(where: { $0.year == policy.year }) {
            throw Ledger.Failure.alreadyAdopted(year: policy.year, countyHash: "")
        }
        let next = nextYear(county: county, policy: policy, moves: moves)
        try write(next.county, next.policy)
        let record = ledgerRecord(county: county, policy: policy, moves: moves, status: status, countyHash: countyHash, policyHash: policyHash)
        try ledger.adopt(record.plan, moves: record.moves, service: record.service)
        return (next.county, next.policy, record.plan)
    }
}
