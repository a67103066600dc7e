import Foundation
import Mustache
import RotationModel
import RotationPlanner

/// The HTML pages of a plan: `report.html` (the county), `schools/<id>.html` (one per school, for its
/// principal) and `index.html`. Built as plain values and rendered by Mustache templates, which escape every
/// value; no page shows exemption codes, birth years, genders, homes, partners or wishes.
public struct HTMLReport {
    public let plan: Plan
    public let language: ReportLanguage
    private let library: MustacheLibrary

    public init(plan: Plan, language: ReportLanguage = .zh) {
        self.plan = plan
        self.language = language
        var library = MustacheLibrary()
        for (name, text) in ReportTemplates.all {
            // The templates are part of the program: a syntax error in one is a bug, caught by the tests.
            try! library.register(text, named: name)
        }
        self.library = library
    }

    /// Every page, by path relative to the output folder.
    public func pages() -> [(path: String, html: String)] {
        var pages = [(path: "index.html", html: render("index", indexContext())),
                     (path: "report.html", html: render("county", countyContext()))]
        for s in plan.county.schools.indices {
            pages.append((path: "schools/" + Self.fileName(for: plan.county.schools[s].id), html: render("school", schoolContext(s))))
        }
        return pages
    }

    /// A file name for a school id: ASCII letters, digits and `-` kept, every other byte written `_hh`, so that
    /// any id gives a safe, distinct name. A name longer than 120 bytes (file systems allow 255) keeps its first
    /// 100 and adds `~` and a 64-bit FNV-1a hash of the id, so an id of any length the reader accepts plans.
    public static func fileName(for id: String) -> String {
        var name = ""
        for byte in id.utf8 {
            let c = Character(UnicodeScalar(byte))
            if byte < 128 && (c.isLetter || c.isNumber || c == "-") { name.append(c) } else { name += String(format: "_%02x", byte) }
        }
        if name.utf8.count > 120 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            name = String(name.prefix(100)) + "~" + String(hash, radix: 16)
        }
        return (name.isEmpty ? "_" : name) + ".html"
    }

    private func render(_ template: String, _ context: [String: Any]) -> String {
        var context = context
        context["t"] = language.texts
        return library.render(context, withTemplate: template) ?? ""
    }

    // MARK: - Shared figures

    private var statusText: String { language.text(plan.status == .optimal ? "status_optimal" : "status_feasible") }

    private func common() -> [String: Any] {
        var c: [String: Any] = ["year": plan.policy.year, "status": plan.status.rawValue, "statusText": statusText]
        if plan.status != .optimal {
            if let gap = plan.gap { c["gap"] = String(format: "%.4f%%", gap * 100) }
            if let by = plan.stoppedBy { c["stoppedBy"] = by.rawValue }
        }
        return c
    }

    static func number(_ d: Double?, digits: Int = 3) -> String {
        guard let d else { return "—" }
        return String(format: "%.\(digits)f", d)
    }


    // MARK: - Index

    private func indexContext() -> [String: Any] {
        var c = common()
        let leavers = plan.leavers, arrivals = plan.arrivals
        c["schools"] = plan.county.schools.enumerated().map { s, school -> [String: Any] in
            ["id": school.id, "name": school.name, "file": Self.fileName(for: school.id),
             "level": language.schoolLevel(school.level), "out": leavers[s], "in": arrivals[s]]
        }
        return c
    }

    // MARK: - County

    private func countyContext() -> [String: Any] {
        var c = common()
        let county = plan.county, policy = plan.policy
        let movers = plan.movers
        let leavers = plan.leavers, arrivals = plan.arrivals
        c.merge(auditContext()) { a, _ in a }
        let groups = GroupFigures.make(plan)
        c["hasGroups"] = !groups.isEmpty
        c["groups"] = groups.map { g -> [String: Any] in
            let cvs = TeachingLevel.allCases.flatMap { level in Indicator.allCases.compactMap { indicator -> String? in
                let key = "\(level.rawValue).\(indicator.rawValue)"
                guard let b = g.cv_before[key], let a = g.cv_after[key] else { return nil }
                func f(_ d: Double?) -> String { d.map { String(format: "%.3f", $0) } ?? "–" }
                return "\(language.level(level))\(language == .zh ? "" : " ")\(language.indicator(indicator)) \(f(b)) → \(f(a))"
            } }
            return ["name": g.group, "schools": g.schools, "out": g.movers_out, "in": g.movers_in, "within": g.moves_within,
                    "unmetBefore": g.unmet_need_before, "unmetAfter": g.unmet_need_after, "cvs": cvs.joined(separator: language == .zh ? "；" : "; ")]
        }
        c["teachers"] = county.teachers.count
        c["eligible"] = plan.candidates.duties.reduce(0) { $0 + $1.eligible }
        c["movers"] = movers.count
        c["minimumMovers"] = plan.minimumMovers
        c["backboneMovers"] = plan.backboneMovers
        c["backboneShare"] = movers.isEmpty ? "—" : String(format: "%.1f%%", Double(plan.backboneMovers) * 100 / Double(movers.count))
        c["backboneSharePolicy"] = String(format: "%.1f%%", policy.backboneShare.doubleValue * 100)
        c["schools"] = county.schools.count
        c["schoolsSending"] = leavers.count { $0 > 0 }
        c["schoolsReceiving"] = arrivals.count { $0 > 0 }
        let quota = plan.candidates.duties.indices.filter { plan.candidates.duties[$0].requiredLeavers > 0 }
        c["quotaSchools"] = quota.count
        c["quotasMet"] = quota.count { leavers[$0] >= plan.candidates.duties[$0].requiredLeavers }

        let subjects = Set(plan.before.unmetBySubject.keys).union(plan.after.unmetBySubject.keys).sorted()
        c["unmet"] = subjects.map { ["subject": $0, "before": plan.before.unmetBySubject[$0] ?? 0, "after": plan.after.unmetBySubject[$0] ?? 0] }
        c["hasUnmet"] = !subjects.isEmpty
        c["unmetBefore"] = plan.before.unmetNeed
        c["unmetAfter"] = plan.after.unmetNeed
        if plan.policy.staffingRule == .towardQuota {
            let q = PlanFiles.staffingSummary(plan)
            c["staffing"] = [["label": language.text("over_quota"), "before": q.schools_over_before, "after": q.schools_over_after],
                             ["label": language.text("under_quota"), "before": q.schools_under_before, "after": q.schools_under_after],
                             ["label": language.text("quota_distance"), "before": q.distance_before, "after": q.distance_after]]
            c["hasStaffing"] = true
            // Which schools are over and under their quota, after the plan.
            let named = { (over: Bool) in plan.county.schools.indices.filter { s in
                guard let q = plan.county.schools[s].staffQuota else { return false }
                let a = plan.after.schools[s].staff + plan.learners.keys.count { plan.destination[$0] == s }
                return over ? a > q : a < q
            }.map { plan.county.schools[$0].name }.joined(separator: language == .zh ? "、" : ", ") }
            c["overAfter"] = named(true)
            c["underAfter"] = named(false)
        }

        var balance: [[String: Any]] = []
        for level in TeachingLevel.allCases {
            for indicator in Indicator.allCases {
                guard let b = plan.before.balance[level]?[indicator], let a = plan.after.balance[level]?[indicator], b.schools > 0
                else { continue }
                let cap = plan.policy.audit.cvCap(level)
                balance.append([
                    "key": "\(level.rawValue)-\(indicator.rawValue)", "level": language.level(level),
                    "indicator": language.indicator(indicator),
                    "cvBefore": Self.number(b.cv), "cvAfter": Self.number(a.cv), "cap": Self.number(cap, digits: 2),
                    "cvClass": (a.cv ?? 0) <= cap ? "good" : "bad",
                    "floor": plan.policy.standard(indicator, level).description,
                    "floorBefore": b.schoolsMeetingFloor, "floorAfter": a.schoolsMeetingFloor, "schools": b.schools,
                ])
            }
        }
        c["balance"] = balance
        c["flow"] = ReportCharts.flow(plan, language)
        c["map"] = ReportCharts.map(plan, language)
        var bars: [[String: Any]] = []
        for level in TeachingLevel.allCases {
            for indicator in [Indicator.backbone, .peArts] {
                if let chart = ReportCharts.bars(plan, level: level, indicator: indicator, language) {
                    var chart = chart
                    chart["caption"] = "\(language.level(level)) · \(language.indicator(indicator))"
                    bars.append(chart)
                }
            }
        }
        c["barCharts"] = bars
        return c
    }

    // MARK: - One school

    private func schoolContext(_ s: Int) -> [String: Any] {
        var c = common()
        let county = plan.county, school = county.schools[s]
        let duties = plan.candidates.duties[s]
        let before = plan.before.schools[s], after = plan.after.schools[s]
        c["id"] = school.id
        c["name"] = school.name
        c["level"] = language.schoolLevel(school.level)
        c["area"] = language.area(school.area)
        c["strength"] = language.strength(school.strength)
        c["students"] = school.students
        c["staffBefore"] = before.staff
        c["staffAfter"] = after.staff
        c["eligible"] = duties.eligible
        c["required"] = duties.requiredLeavers
        c["cap"] = duties.turnoverCap
        c["sent"] = plan.leavers[s]
        c["received"] = plan.arrivals[s]

        // Only what a principal may see of a teacher: name, subject, title, backbone level, years at school, and why
        // they move (never their own wishes).
        func row(_ t: Int, other: Int) -> [String: Any] {
            let teacher = county.teachers[t]
            return ["name": teacher.name, "subject": subjectText(t), "title": language.title(teacher.title),
                    "backbone": language.backbone(teacher.backbone), "years": teacher.yearsAtSchool,
                    "other": county.schools[other].name,
                    "reason": plan.publicReasons(for: t).map { language == .zh ? $0.zh : $0.en }.joined(separator: language == .zh ? "；" : "; ")]
        }
        let current = plan.candidates.current
        let leaving = county.teachers.indices.filter { current[$0] == s && plan.destination[$0] != s }
            .map { row($0, other: plan.destination[$0]) }
        let arriving = county.teachers.indices.filter { plan.destination[$0] == s && current[$0] != s }
            .map { row($0, other: current[$0]) }
        c["leaving"] = leaving
        c["hasLeaving"] = !leaving.isEmpty
        c["arriving"] = arriving
        c["hasArriving"] = !arriving.isEmpty
        // The incoming principal and vice principal (R12), named first on a principal's page.
        c["incomingHeads"] = county.teachers.indices.filter { plan.destination[$0] == s && current[$0] != s && county.teachers[$0].role.isHead }
            .map { t -> [String: Any] in
                let teacher = county.teachers[t], from = county.schools[current[t]].name
                return ["role": teacher.role.rawValue,
                        "text": language == .zh ? "新任\(teacher.role.chinese)：\(teacher.name)（来自\(from)）"
                            : "Incoming \(teacher.role == .principal ? "principal" : "vice principal"): \(teacher.name) (from \(from))"]
            }

        // Walking teachers (走教) coming to teach here, and this school's teachers teaching elsewhere.
        let share = { (w: Walk) in Tenths(tenths: w.shareTenths).description }
        c["walkingIn"] = plan.walks.filter { $0.served == s }.map { w -> [String: Any] in
            ["name": county.teachers[w.teacher].name, "subject": w.subject, "other": county.schools[w.base].name, "share": share(w)]
        }
        c["walkingOut"] = plan.walks.filter { $0.base == s }.map { w -> [String: Any] in
            ["name": county.teachers[w.teacher].name, "subject": w.subject, "other": county.schools[w.served].name, "share": share(w)]
        }
        c["hasWalking"] = plan.walks.contains { $0.served == s || $0.base == s }
        c["hasWalkingIn"] = plan.walks.contains { $0.served == s }
        c["hasWalkingOut"] = plan.walks.contains { $0.base == s }
        // Teachers who stay and teach another of their subjects this year (R14).
        c["reassigned"] = plan.reassigned.filter { current[$0] == s && plan.destination[$0] == s && plan.learners[$0] == nil }.map { t -> [String: Any] in
            ["name": county.teachers[t].name, "main": county.teachers[t].subject, "assigned": subjectText(t)]
        }
        c["hasReassigned"] = !(c["reassigned"] as! [[String: Any]]).isEmpty

        let needs = county.needs.filter { $0.schoolID == school.id }
        let needBySubject = Dictionary(needs.map { ($0.subject, $0.required) }, uniquingKeysWith: +)
        let subjects = Set(before.subjects.keys).union(after.subjects.keys).union(needBySubject.keys).sorted()
        c["coverage"] = subjects.map { subject -> [String: Any] in
            let need = needBySubject[subject]
            // Walking teachers' shares count toward the need (走教).
            let have = Tenths(after.subjects[subject] ?? 0) + (after.walking[subject] ?? .zero)
            let short = need.map { max(.zero, Tenths($0) - have) } ?? .zero
            return ["subject": subject, "need": need.map(String.init) ?? "—", "before": before.subjects[subject] ?? 0,
                    "after": have.description, "status": need == nil ? "" : (short > .zero ? "\(language.text("short")) \(short)" : language.text("met")),
                    "statusClass": short > .zero ? "bad" : "good"]
        }

        var indicators: [[String: Any]] = []
        var notCounted = false
        for level in TeachingLevel.allCases where school.level.admits(level) {
            guard let p = school.students(of: level), p > plan.policy.cvMinStudents else { notCounted = true; continue }
            for indicator in Indicator.allCases {
                let b = before.indicatorCounts[level]?[indicator] ?? 0, a = after.indicatorCounts[level]?[indicator] ?? 0
                let meets = plan.policy.meetsStandard(indicator, count: a, students: p, level: level)
                indicators.append([
                    "key": "\(level.rawValue)-\(indicator.rawValue)", "level": language.level(level),
                    "indicator": language.indicator(indicator),
                    "before": Self.number(Double(b) * 100 / Double(p), digits: 2),
                    "after": Self.number(Double(a) * 100 / Double(p), digits: 2),
                    "floor": plan.policy.standard(indicator, level).description,
                    "status": language.text(meets ? "meets" : "below"), "statusClass": meets ? "good" : "bad",
                ])
            }
        }
        c["indicators"] = indicators
        c["notCounted"] = notCounted
        c["auditSentences"] = plan.auditAfter.schools.filter { $0.school == s }.map { r -> [String: Any] in
            ["key": r.level.rawValue, "text": auditSentence(r)]
        }
        return c
    }

    /// The subject a teacher teaches this year: the main one, or another marked as a second subject or 转岗.
    func subjectText(_ t: Int) -> String {
        let teacher = plan.county.teachers[t], j = plan.assigned[t]
        guard j != teacher.subject else { return teacher.subject }
        let mark = language.text(plan.isRetrained(t) ? "retrained" : "second_subject")
        return language == .zh ? "\(j)（\(mark)）" : "\(j) (\(mark))"
    }

    /// A school's audit in one sentence: "本校（小学）7 项指标中 6 项达标，体育艺术教师还差 1 人；达到督导评估要求。"
    func auditSentence(_ r: AuditResult.SchoolResult) -> String {
        let zh = language == .zh
        let short = AuditIndicator.allCases.compactMap { indicator -> String? in
            guard let standing = r.standings[indicator], !standing.met else { return nil }
            if let n = standing.teachersShort {
                let who = language.indicator(indicator.teacherIndicator!)
                return zh ? "\(who)还差 \(n) 人" : "\(n) more \(who) needed"
            }
            let value = PolicyKey.number(standing.value), standard = PolicyKey.number(standing.standard)
            return zh ? "\(indicator.chinese) \(value)（标准 \(standard)）" : "\(indicator.rawValue) \(value) (standard \(standard))"
        }
        let level = language.level(r.level)
        let count = r.standings.count
        if zh {
            return "本校（\(level)）\(count) 项指标中 \(r.met) 项达标" + (short.isEmpty ? "" : "，" + short.joined(separator: "，"))
                + (r.passes ? "；达到督导评估要求。" : "；未达到督导评估要求。")
                + (r.teachersOnly ? "（未提供办学条件数据，仅按教师指标评估。）" : "")
        }
        return "This school (\(level)) meets \(r.met) of \(count) standards" + (short.isEmpty ? "" : ": " + short.joined(separator: "; "))
            + (r.passes ? "; it passes the audit." : "; it does not pass the audit.")
            + (r.teachersOnly ? " (No facility data: audited on the teacher indicators only.)" : "")
    }

    /// The county's audit: schools passing per level, every indicator's CV against its cap, and notes.
    func auditContext() -> [String: Any] {
        let before = plan.auditBefore, after = plan.auditAfter, policy = plan.policy, zh = language == .zh
        var c: [String: Any] = [:]
        let near = PolicyKey.number(policy.audit.nearShare.doubleValue * 100)
        c["auditRule"] = zh
            ? "7 项指标中（未提供办学条件数据的按所给指标）未达标的不超过 \(7 - policy.audit.minMet) 项、且均不低于标准的 \(near)% "
                + "为达标学校；各项指标的差异系数小学不高于 \(policy.audit.cvCapPrimary)、初中不高于 \(policy.audit.cvCapJunior)。"
            : "A school passes when at most \(7 - policy.audit.minMet) of the 7 standards (of those given, without facility data) "
                + "fall short, each at \(near)% of its standard or more; each indicator's CV at most \(policy.audit.cvCapPrimary) "
                + "(primary) and \(policy.audit.cvCapJunior) (junior)."
        c["auditLevels"] = TeachingLevel.allCases.map { level -> [String: Any] in
            ["key": level.rawValue, "level": language.level(level), "audited": after.audited(level),
             "before": before.passing(level), "after": after.passing(level)]
        }
        let outOfReach = Set(plan.auditGoal?.capsOutOfReach ?? [])
        var spreads: [[String: Any]] = []
        for level in TeachingLevel.allCases {
            for indicator in AuditIndicator.allCases {
                guard let b = before.spreads[level]?[indicator], let a = after.spreads[level]?[indicator], a.schools > 0 else { continue }
                let name = indicator.teacherIndicator.map { language.indicator($0) } ?? (zh ? indicator.chinese : indicator.rawValue)
                var note = indicator.teacherIndicator == nil ? language.text("facility_constant") : ""
                if let t = indicator.teacherIndicator, outOfReach.contains(CapKey(level: level, indicator: t)) {
                    note = language.text("cap_out_of_reach")
                }
                spreads.append(["key": "\(level.rawValue)-\(indicator.rawValue)", "level": language.level(level), "indicator": name,
                                "cvBefore": Self.number(b.cv), "cvAfter": Self.number(a.cv), "cap": Self.number(a.cap, digits: 2),
                                "cvClass": a.capMet == false ? "bad" : "good", "note": note])
            }
        }
        c["auditSpreads"] = spreads
        var notes: [String] = []
        if plan.auditGoal?.finished == false {
            notes.append(language.text("goal_unfinished"))
        } else if plan.auditGoal?.passingProven == false {
            notes.append(language.text("passing_not_proven"))
        }
        let teachersOnly = Set(after.schools.filter(\.teachersOnly).map(\.school)).sorted()
        if !teachersOnly.isEmpty {
            notes.append(language.text("teachers_only") + " " + teachersOnly.map { plan.county.schools[$0].name }.joined(separator: zh ? "、" : ", "))
        }
        c["auditNotes"] = notes
        return c
    }
}
