import OutputFiles
import Foundation
import RotationModel
import RotationPlanner
import CountyData

/// The files a plan is written as: `transfers.csv`, `schools.csv`, `summary.json` (formats in
/// docs/data-format.md). Every value is a pure function of the plan, so the same input gives the same bytes,
/// timing fields aside.
public enum PlanFiles {
    public static let transfers = "transfers.csv"
    public static let schools = "schools.csv"
    public static let summary = "summary.json"
    public static let diagnosisText = "diagnosis.txt"
    public static let diagnosisJSON = "diagnosis.json"
    public static let changes = "changes.csv"
    public static let policyFile = "policy.yaml"
    public static let assignments = "assignments.csv"
    public static let walking = "walking.csv"

    /// `changes.csv` of a re-plan (`--previous`): each teacher whose destination differs from the previous plan's,
    /// and what forced the change.
    public static func changesCSV(_ plan: Plan) -> String {
        let county = plan.county
        let rows = plan.changesFromPrevious().map { t, why -> [String] in
            let teacher = county.teachers[t]
            let before = plan.stability!.previous[t].map { county.schools[$0] }
            let now = county.schools[plan.destination[t]]
            return [teacher.id, teacher.name, teacher.subject, county.schools[plan.candidates.current[t]].id, before?.id ?? "",
                    before?.name ?? "", now.id, now.name, why.en, why.zh]
        }
        return CSVText.make(header: ["teacher_id", "teacher_name", "subject", "school_id", "previous_to_school_id",
                                     "previous_to_school_name", "to_school_id", "to_school_name", "why", "why_zh"], rows: rows)
    }

    public static func transfersCSV(_ plan: Plan) -> String {
        let header = ["teacher_id", "teacher_name", "subject", "backbone", "from_school_id", "from_school_name",
                      "to_school_id", "to_school_name", "distance_km", "reasons", "kind", "term_end_year", "assigned_subject", "retrained"]
        let county = plan.county
        let rows = moversInOrder(plan).map { t -> [String] in
            let teacher = county.teachers[t]
            let from = county.schools[plan.candidates.current[t]], to = county.schools[plan.placeOf(t)]
            return [teacher.id, teacher.name, teacher.subject, teacher.backbone.rawValue, from.id, from.name, to.id, to.name,
                    String(format: "%.1f", plan.commuteKm(t)), plan.reasons(for: t).map(\.en).joined(separator: "; "),
                    plan.kind(t).rawValue, plan.termEndYear(t).map(String.init) ?? "",
                    plan.learners[t] != nil ? "" : plan.assigned[t], String(plan.isRetrained(t))]
        }
        return CSVText.make(header: header, rows: rows)
    }

    /// `assignments.csv`: every teacher with a choice of subjects (several subjects, or retraining options), movers
    /// and stayers, with the subject the plan gives them where they end (R14). Written when the county has any.
    public static func assignmentsCSV(_ plan: Plan) -> String {
        let rows = plan.county.teachers.indices.filter { plan.county.teachers[$0].hasSubjectChoice && plan.learners[$0] == nil }.map { t in
            [plan.county.teachers[t].id, plan.county.schools[plan.destination[t]].id, plan.assigned[t], String(plan.isRetrained(t))]
        }
        return CSVText.make(header: ["teacher_id", "school_id", "assigned_subject", "retrained"], rows: rows)
    }

    /// `walking.csv`: each walking teacher's service at another school (走教, R15): the share of a full load, and
    /// the distance between the schools (km, to 0.1). Written when the policy has walking on.
    public static func walkingCSV(_ plan: Plan) -> String {
        let rows = plan.walks.map { w in
            [plan.county.teachers[w.teacher].id, plan.county.schools[w.base].id, plan.county.schools[w.served].id, w.subject,
             Tenths(tenths: w.shareTenths).description, String(format: "%.1f", plan.candidates.distanceKm(between: w.base, and: w.served))]
        }
        return CSVText.make(header: ["teacher_id", "base_school_id", "served_school_id", "subject", "share", "km"], rows: rows)
    }

    /// The rows of the transfer list: movers and returners, by school left, then by teacher.
    static func moversInOrder(_ plan: Plan) -> [Int] {
        (plan.movers + plan.returners + plan.learners.keys).sorted { a, b in (plan.candidates.current[a], a) < (plan.candidates.current[b], b) }
    }

    /// Column names of the per-school indicator figures, `<level>_<indicator>_<before|after>`, per 100 students.
    public static var indicatorColumns: [String] {
        TeachingLevel.allCases.flatMap { level in
            Indicator.allCases.flatMap { ["\(level.rawValue)_\($0.rawValue)_before", "\(level.rawValue)_\($0.rawValue)_after"] }
        }
    }

    public static func schoolsCSV(_ plan: Plan) -> String {
        let header = ["school_id", "school_name", "level", "area", "strength", "students", "staff_before", "staff_after",
                      "eligible", "required_leavers", "turnover_cap", "out", "in", "backbone_before", "backbone_after",
                      "unmet_need_before", "unmet_need_after"] + indicatorColumns + auditColumns
            + (Self.hasReturners(plan) ? ["returners_out", "returners_in"] : []) + ["staff_quota"]
        let leavers = plan.leavers, arrivals = plan.arrivals
        let returning = Self.hasReturners(plan)
        let auditBefore = plan.auditBefore, auditAfter = plan.auditAfter
        let rows = plan.county.schools.enumerated().map { s, school -> [String] in
            let d = plan.candidates.duties[s]
            let b = plan.before.schools[s], a = plan.after.schools[s]
            var row: [String] = [school.id, school.name, school.level.rawValue, school.area.rawValue, school.strength.rawValue]
            row += [String(school.students), String(b.staff), String(a.staff), String(d.eligible)]
            row += [String(d.requiredLeavers), String(d.turnoverCap), String(leavers[s]), String(arrivals[s])]
            row += [String(b.backbone), String(a.backbone), String(b.unmetNeed), String(a.unmetNeed)]
            for level in TeachingLevel.allCases {
                for indicator in Indicator.allCases {
                    if let p = school.students(of: level), p > 0, let cb = b.indicatorCounts[level]?[indicator],
                       let ca = a.indicatorCounts[level]?[indicator] {
                        row.append(per100(cb, p)); row.append(per100(ca, p))
                    } else {
                        row.append(""); row.append("")
                    }
                }
            }
            for level in TeachingLevel.allCases {
                let b = auditBefore.schools.first { $0.school == s && $0.level == level }
                let a = auditAfter.schools.first { $0.school == s && $0.level == level }
                row += [b.map { String($0.met) } ?? "", a.map { String($0.met) } ?? "",
                        b.map { String($0.passes) } ?? "", a.map { String($0.passes) } ?? "", a.map { Self.shortfall($0) } ?? ""]
            }
            // Returners (R9) are departures and arrivals for R6, apart from `out` and `in` (the exchange).
            if returning { row += [String(d.returnersOut), String(d.returnersIn)] }
            row.append(school.staffQuota.map(String.init) ?? "")
            return row
        }
        return CSVText.make(header: header, rows: rows)
    }

    /// Whether some teacher goes home at the end of a term this year (schools.csv then has returners columns).
    static func hasReturners(_ plan: Plan) -> Bool { plan.candidates.duties.contains { $0.returnersOut > 0 } }

    /// Column names of each school's audit, per level: standards met and whether it passes, before and after,
    /// and what falls short after the plan.
    public static var auditColumns: [String] {
        TeachingLevel.allCases.flatMap { level in
            ["met_before", "met_after", "passes_before", "passes_after", "short_after"].map { "\(level.rawValue)_audit_\($0)" }
        }
    }

    /// The standards a school falls short of: `pe_arts -1; rooms_m2_per_student 4.1/4.5` (teachers missing, or
    /// the value against the standard).
    static func shortfall(_ r: AuditResult.SchoolResult, chinese: Bool = false) -> String {
        AuditIndicator.allCases.compactMap { indicator in
            guard let standing = r.standings[indicator], !standing.met else { return nil }
            let name = chinese ? indicator.chinese : indicator.rawValue
            if let n = standing.teachersShort { return chinese ? "\(name)缺 \(n) 人" : "\(name) -\(n)" }
            return "\(name) \(PolicyKey.number(standing.value))/\(PolicyKey.number(standing.standard))"
        }.joined(separator: chinese ? "；" : "; ")
    }

    static func per100(_ count: Int, _ students: Int) -> String {
        String(format: "%.3f", Double(count) * 100 / Double(students))
    }

    public struct Summary: Codable, Equatable, Sendable {
        public struct Balance: Codable, Equatable, Sendable {
            public var cv_before: Double?
            public var cv_after: Double?
            public var cv_cap: Double
            public var schools_meeting_floor_before: Int
            public var schools_meeting_floor_after: Int
            public var floor: Double
            public var schools: Int
        }
        public var status: String
        public var stopped_by: String?
        public var objective: Double
        public var best_bound: Double?
        public var gap: Double?
        public var objective_terms: [String: Double]
        public var solve_seconds: Double
        public var year: Int
        public var teachers: Int
        public var eligible: Int
        public var not_eligible: [String: Int]
        public var movers: Int
        public var minimum_movers: Int
        public var backbone_movers: Int
        public var backbone_share: Double?
        public var schools: Int
        public var schools_sending: Int
        public var schools_receiving: Int
        public var unmet_need_before: Tenths
        public var unmet_need_after: Tenths
        public var unmet_need_by_subject_before: [String: Tenths]
        public var unmet_need_by_subject_after: [String: Tenths]
        public var commute_km_total: Double
        public var commute_km_longest: Double
        public var variables: Int
        public var constraints: Int
        public var indicators: [String: [String: Balance]]
        public var audit: AuditSummary
        /// The register of objections (`objections.csv`): how many were accepted (kept as locks) and rejected.
        public var objections: [String: Int]
        /// Teachers whose term ended and who go home (not counted in `movers`); terms extended by `lock: stay`;
        /// new moves made as terms. Present only when the county has terms or the policy makes them.
        public var terms: Terms?
        /// Only when some teacher leads (R12): movers who are teachers (R5's share is of these) and leaders.
        public var teacher_movers: Int?
        public var leader_movers: Int?
        /// Only in a re-plan (`--previous`).
        public var replan: Replan?
        /// Each named school group's joint figures (only when some school has a group).
        public var groups: [GroupFigures]?
        /// Teachers of several subjects or with retraining options (R14): only when the county has any.
        public var subjects: Subjects?
        /// Walking teachers (走教, R15): only when the policy has walking on.
        public var walking: Walking?
        /// Schools against their staff quota (编制): only with `staffing: toward_quota`.
        public var staffing: Staffing?
    }

    public struct Subjects: Codable, Equatable, Sendable {
        /// Teachers with a choice of subjects.
        public var teachers: Int
        /// Of them, teaching another of their own subjects than the main one; teaching one they are retrained for.
        public var second_subject: Int
        public var retrained: Int
    }

    public struct Walking: Codable, Equatable, Sendable {
        /// Teachers who walk, the schools they serve (with repeats), and the shares given, in teachers.
        public var teachers: Int
        public var services: Int
        public var shares: Tenths
    }

    public struct Staffing: Codable, Equatable, Sendable {
        /// Schools with a quota over it and under it, before and after the plan.
        public var schools_over_before: Int
        public var schools_over_after: Int
        public var schools_under_before: Int
        public var schools_under_after: Int
        /// Σ over schools with a quota of |staff − quota|, before and after.
        public var distance_before: Int
        public var distance_after: Int
    }

    public struct Terms: Codable, Equatable, Sendable {
        public var returners: Int
        public var terms_extended: Int
        public var new_terms: Int
        public var serving_terms: Int
        /// Teachers learning at a strong school this year (R13, 跟岗学习).
        public var learners: Int
    }

    /// A re-plan against a previous plan: the fewest changed destinations, and what keeping the rest cost
    /// against a fresh plan.
    public struct Replan: Codable, Equatable, Sendable {
        public var changes: Int
        public var changes_proven: Bool
        public var unknown_teachers: [String]
        public var unknown_schools: [String]
        public var unmet_need_fresh: Tenths?
        public var movers_fresh: Int?
        /// Unmet need of this plan minus that of the fresh plan (0: keeping the previous plan cost nothing).
        public var stability_cost_unmet_need: Tenths?
    }

    public static func summary(_ plan: Plan) -> Summary {
        let c = plan.candidates
        var notEligible: [String: Int] = [:]
        for e in c.eligibility where !e.isEligible { notEligible[e.rawValue, default: 0] += 1 }
        var indicators: [String: [String: Summary.Balance]] = [:]
        for level in TeachingLevel.allCases {
            for indicator in Indicator.allCases {
                let b = plan.before.balance[level]![indicator]!, a = plan.after.balance[level]![indicator]!
                indicators[level.rawValue, default: [:]][indicator.rawValue] = Summary.Balance(
                    cv_before: b.cv.map(round6), cv_after: a.cv.map(round6), cv_cap: plan.policy.audit.cvCap(level),
                    schools_meeting_floor_before: b.schoolsMeetingFloor, schools_meeting_floor_after: a.schoolsMeetingFloor,
                    floor: plan.policy.standard(indicator, level).doubleValue, schools: b.schools)
            }
        }
        let movers = plan.movers
        let commutes = movers.map { plan.commuteKm($0) }
        return Summary(
            status: plan.status.rawValue, stopped_by: plan.stoppedBy?.rawValue, objective: round6(plan.objective),
            best_bound: plan.status == .optimal ? nil : plan.bestBound.map(round6),
            gap: plan.status == .optimal ? nil : plan.gap.map(round6),
            objective_terms: Dictionary(uniqueKeysWithValues: ObjectiveTerm.allCases.map { ($0.rawValue, round6(plan.terms[$0])) }),
            solve_seconds: (plan.solveSeconds * 1000).rounded() / 1000, year: plan.policy.year,
            teachers: plan.county.teachers.count, eligible: c.eligibility.count(where: \.isEligible),
            not_eligible: notEligible, movers: movers.count, minimum_movers: plan.minimumMovers,
            backbone_movers: plan.backboneMovers,
            backbone_share: plan.teacherMovers.isEmpty ? nil : round6(Double(plan.backboneMovers) / Double(plan.teacherMovers.count)),
            schools: plan.county.schools.count, schools_sending: plan.leavers.count { $0 > 0 },
            schools_receiving: plan.arrivals.count { $0 > 0 },
            unmet_need_before: plan.before.unmetNeed, unmet_need_after: plan.after.unmetNeed,
            unmet_need_by_subject_before: plan.before.unmetBySubject, unmet_need_by_subject_after: plan.after.unmetBySubject,
            commute_km_total: (commutes.reduce(0, +) * 10).rounded() / 10, commute_km_longest: commutes.max() ?? 0,
            variables: plan.variables, constraints: plan.constraints, indicators: indicators, audit: AuditSummary(plan),
            objections: Dictionary(uniqueKeysWithValues: Objection.Decision.allCases.map { d in
                (d.rawValue, plan.county.objections.count { $0.decision == d })
            }),
            terms: plan.policy.termYears == 0 && plan.policy.learnersPerWeakSchool == 0 && !plan.county.teachers.contains { $0.onTerm } ? nil
                : Terms(returners: plan.returners.count, terms_extended: plan.extendedTerms.count,
                        new_terms: plan.movers.count { plan.kind($0) == .term },
                        serving_terms: plan.county.teachers.count { $0.onTerm && !($0.termEndYear.map { $0 < plan.policy.year } ?? false) },
                        learners: plan.learners.count),
            teacher_movers: plan.county.teachers.contains { $0.role.isLeader } ? plan.teacherMovers.count : nil,
            leader_movers: plan.county.teachers.contains { $0.role.isLeader } ? plan.leaderMovers.count : nil,
            replan: plan.stability.map { s in
                Replan(changes: s.changes, changes_proven: s.proven, unknown_teachers: s.unknownTeachers, unknown_schools: s.unknownSchools,
                       unmet_need_fresh: s.freshUnmetNeed, movers_fresh: s.freshMovers,
                       stability_cost_unmet_need: s.freshUnmetNeed.map { plan.after.unmetNeed - $0 })
            },
            groups: plan.county.schools.contains { $0.group != nil } ? GroupFigures.make(plan) : nil,
            subjects: !plan.county.teachers.contains(where: \.hasSubjectChoice) ? nil
                : Subjects(teachers: plan.county.teachers.count(where: \.hasSubjectChoice),
                           second_subject: plan.reassigned.count { !plan.isRetrained($0) }, retrained: plan.reassigned.count { plan.isRetrained($0) }),
            walking: !plan.policy.walking.enabled ? nil
                : Walking(teachers: Set(plan.walks.map(\.teacher)).count, services: plan.walks.count,
                          shares: Tenths(tenths: plan.walks.reduce(0) { $0 + $1.shareTenths })),
            staffing: plan.policy.staffingRule != .towardQuota ? nil : staffingSummary(plan))
    }

    /// Schools against their staff quota, before and after the plan.
    static func staffingSummary(_ plan: Plan) -> Staffing {
        var s = Staffing(schools_over_before: 0, schools_over_after: 0, schools_under_before: 0, schools_under_after: 0,
                         distance_before: 0, distance_after: 0)
        for (i, school) in plan.county.schools.enumerated() {
            guard let q = school.staffQuota else { continue }
            let b = plan.before.schools[i].staff, a = plan.after.schools[i].staff + plan.learners.keys.count { plan.destination[$0] == i }
            if b > q { s.schools_over_before += 1 }
            if b < q { s.schools_under_before += 1 }
            if a > q { s.schools_over_after += 1 }
            if a < q { s.schools_under_after += 1 }
            s.distance_before += abs(b - q); s.distance_after += abs(a - q)
        }
        return s
    }

    public static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The output folder of a plan: the files, the workbook in `language` and the HTML pages in `language`
    /// unless `pages` is false.
    public static func output(_ plan: Plan, to folder: URL, language: ReportLanguage = .zh, pages: Bool = true) throws -> OutputDirectory {
        var out = OutputDirectory(folder)
        out.add(transfers, transfersCSV(plan))
        out.add(schools, schoolsCSV(plan))
        out.add(summary, json(summary(plan)))
        // The policy the plan was made with (after --policy and --set): what `rotation adopt` carries on.
        out.add(policyFile, CountyWriter.policyYAML(plan.policy))
        if plan.stability != nil { out.add(changes, changesCSV(plan)) }
        if plan.county.teachers.contains(where: \.hasSubjectChoice) { out.add(assignments, assignmentsCSV(plan)) }
        if plan.policy.walking.enabled { out.add(walking, walkingCSV(plan)) }
        out.add(PlanWorkbook.file, data: try PlanWorkbook.data(plan, language: language))
        if pages {
            for page in HTMLReport(plan: plan, language: language).pages() { out.add(page.path, page.html) }
        }
        return out
    }

    /// The output folder of a policy that cannot be met: the diagnosis (`diagnosis.txt` in `language`; the JSON has
    /// both languages), and the workbook with it and the public list.
    public static func output(_ diagnosis: Diagnosis, county: County, policy: Policy, to folder: URL,
                              language: ReportLanguage = .zh) throws -> OutputDirectory {
        var out = OutputDirectory(folder)
        out.add(diagnosisText, diagnosis.text(language.rawValue))
        out.add(diagnosisJSON, json(diagnosis))
        out.add(PlanWorkbook.file, data: try PlanWorkbook.data(diagnosis, county: county, policy: policy, language: language))
        return out
    }

    static func round6(_ d: Double) -> Double { (d * 1_000_000).rounded() / 1_000_000 }
}
