import CountyData
import Foundation
import PlanReports
import PropertyBased
import RotationModel
@testable import RotationPlanner
import Testing

/// R14 (several subjects, retraining), R15 (walking teachers, 走教) and R16 (staffing toward the quota, 编制),
/// each on a tiny county where the answer is known, on the written files, and on random counties checked by
/// the independent inspector.
@Suite("R14 subjects, R15 walking teachers, R16 staffing toward the quota")
struct SubjectsWalkingStaffingTests {
    static func plan(_ county: County, _ policy: Policy) -> Plan? {
        guard case .plan(let plan) = Planner.glpk.plan(county: county, policy: policy) else { return nil }
        return plan
    }

    // MARK: R14

    @Test("a teacher's second subject fills a need where they are; one whose other subject no need asks for keeps the main one")
    func secondSubject() throws {
        var a = Tiny.teachers(4, at: "A", years: 2)            // not eligible: they stay
        a[0].otherSubjects = ["音乐"]
        a[1].otherSubjects = ["体育"]
        let county = County(schools: [Tiny.school("A"), Tiny.school("B", km: 4)],
                            teachers: a + Tiny.teachers(3, at: "B", years: 2),
                            needs: [SubjectNeed(schoolID: "A", subject: "音乐", required: 1), SubjectNeed(schoolID: "A", subject: "数学", required: 2)])
        let plan = try #require(Self.plan(county, Tiny.permissive))
        #expect(plan.assigned[0] == "音乐" && plan.assigned[1] == "数学", "\(plan.assigned)")
        #expect(plan.after.unmetNeed == .zero && plan.before.unmetNeed == 1)
        #expect(plan.inspector.violations().isEmpty, "\(plan.inspector.violations())")
        #expect(plan.reasons(for: 0).isEmpty)   // a stayer: no move, no reason on the list
        let scratch = Scratch()
        let run = try PlannedRun(county, Tiny.permissive, in: scratch)
        let rows = try run.rows(PlanFiles.assignments)
        #expect(rows.count == 2 && rows.first { $0["teacher_id"] == "A-0" }?["assigned_subject"] == "音乐"
                && rows.first { $0["teacher_id"] == "A-1" }?["assigned_subject"] == "数学")
        #expect(try run.inspector().violations().isEmpty)
        #expect(try run.summary()["subjects"] as? [String: Int] == ["teachers": 2, "second_subject": 1, "retrained": 0])
    }

    @Test("retraining (转岗) is used only when no trained teacher can fill the need, and the list marks it")
    func retrainingLast() throws {
        var a = Tiny.teachers(3, at: "A", years: 2)
        a[0].retrain = ["英语"]
        let b = Tiny.teachers(3, at: "B", subject: "英语")     // eligible English teachers 4 km away
        let needs = [SubjectNeed(schoolID: "A", subject: "英语", required: 1)]
        var policy = Tiny.permissive
        // (Balance aside: in a county of two tiny schools one move shifts the indicators more than any cost.)
        policy.weights.balance = 0
        let trained = try #require(Self.plan(County(schools: [Tiny.school("A"), Tiny.school("B", km: 4)], teachers: a + b, needs: needs), policy))
        #expect(trained.after.unmetNeed == .zero && !trained.isRetrained(0))
        #expect(trained.movers.contains { trained.county.teachers[$0].subject == "英语" })

        // Nobody trained can come (too far): the teacher is retrained, and the list and reason say so.
        policy.maxCommuteKm = 2
        let county = County(schools: [Tiny.school("A"), Tiny.school("B", km: 4)], teachers: a + b, needs: needs)
        let retrained = try #require(Self.plan(county, policy))
        #expect(retrained.isRetrained(0) && retrained.after.unmetNeed == .zero)
        #expect(retrained.inspector.violations().isEmpty)
        let scratch = Scratch()
        let run = try PlannedRun(county, policy, in: scratch)
        #expect(try run.rows(PlanFiles.assignments).first { $0["teacher_id"] == "A-0" }?["retrained"] == "true")
        #expect(R14Subjects().reasons(for: 0, in: retrained).first?.zh.contains("转岗") == true)
    }

    // MARK: R15

    /// A has two music teachers and needs one; B (5 km) and C (12 km) need one each and have none; D (40 km) too.
    static func walkingCounty() -> County {
        let a = Tiny.teachers(2, at: "A", years: 2, subject: "音乐") + Tiny.teachers(2, at: "A", from: 2, years: 2)
        let others = ["B", "C", "D"].flatMap { Tiny.teachers(2, at: $0, years: 2) }
        return County(schools: [Tiny.school("A"), Tiny.school("B", km: 5), Tiny.school("C", km: 12), Tiny.school("D", km: 40)],
                      teachers: a + others,
                      needs: ["A", "B", "C", "D"].map { SubjectNeed(schoolID: $0, subject: "音乐", required: 1) })
    }

    @Test("walking teachers serve schools within walking.max_km that need the subject; the shares count, the own school keeps the rest")
    func walking() throws {
        var policy = Tiny.permissive
        policy.walking.enabled = true
        let plan = try #require(Self.plan(Self.walkingCounty(), policy))
        // A keeps 2 − 4 × 0.5 = 0 at most… but needs 1: so two half shares leave A, and B and C get a half each, or
        // B gets both: in any case A keeps one teacher's worth, and 1.0 reaches B and C together; D is too far.
        #expect(plan.walks.allSatisfy { plan.county.schools[$0.served].id != "D" && $0.base == 0 })
        #expect(plan.walks.reduce(0) { $0 + $1.shareTenths } == 10, "\(plan.walks)")
        #expect(plan.after.unmetNeed == 2, "\(plan.after.unmetNeed)")   // 0.5 + 0.5 at B and C, 1 at D
        #expect(plan.inspector.violations().isEmpty, "\(plan.inspector.violations())")

        // The files: walking.csv, the inspector reading it, and a school's page listing who comes to teach.
        let scratch = Scratch()
        let run = try PlannedRun(Self.walkingCounty(), policy, in: scratch)
        let rows = try run.rows(PlanFiles.walking)
        #expect(rows.count == plan.walks.count && rows.allSatisfy { Double($0["km"]!)! <= 15 && $0["share"] == "0.5" })
        let checker = try run.inspector()
        #expect(checker.violations().isEmpty && checker.unmetNeed(after: true) == 2)
        let served = try #require(rows.first?["served_school_id"])
        let page = try String(contentsOf: run.out.appendingPathComponent("schools/" + HTMLReport.fileName(for: served)), encoding: .utf8)
        #expect(page.contains("来本校走教的教师") && page.contains("walking-in"))
        let home = try String(contentsOf: run.out.appendingPathComponent("schools/" + HTMLReport.fileName(for: "A")), encoding: .utf8)
        #expect(home.contains("本校教师外出走教"))
    }

    @Test("unmet need may be a fraction: one walking teacher's half share leaves half a teacher short, written as 0.5")
    func fractionalNeed() throws {
        // One music teacher at A, whom A does not need; B needs one: with walking.max_schools 1 and share 0.5.
        let county = County(schools: [Tiny.school("A"), Tiny.school("B", km: 5)],
                            teachers: Tiny.teachers(1, at: "A", years: 2, subject: "音乐") + Tiny.teachers(2, at: "B", years: 2),
                            needs: [SubjectNeed(schoolID: "B", subject: "音乐", required: 1)])
        var policy = Tiny.permissive
        policy.walking.enabled = true
        policy.walking.maxSchools = 1
        let scratch = Scratch()
        let run = try PlannedRun(county, policy, in: scratch)
        guard case .plan(let plan) = run.outcome else { Issue.record("no plan"); return }
        #expect(plan.after.unmetNeed == Tenths(tenths: 5) && plan.status == .optimal)
        #expect((try run.summary()["unmet_need_after"] as? NSNumber)?.doubleValue == 0.5)
        #expect(try run.rows(PlanFiles.schools).first { $0["school_id"] == "B" }?["unmet_need_after"] == "0.5")
    }

    @Test("walking.share × walking.max_schools above one teacher, and a share not in tenths, are refused with the key named")
    func walkingPolicyChecked() {
        let county = Self.walkingCounty()
        let report = DatasetReader.read(schools: CountyWriter.schoolsCSV(county), teachers: CountyWriter.teachersCSV(county),
                                        needs: CountyWriter.needsCSV(county), overrides: ["walking.share=0.6", "walking.max_schools=2"])
        #expect(report.issues.errors.contains { $0.column == "walking.share" && $0.message.contains("max_schools") }, "\(report.issues.errors)")
        let tenths = DatasetReader.read(schools: CountyWriter.schoolsCSV(county), teachers: CountyWriter.teachersCSV(county),
                                        needs: CountyWriter.needsCSV(county), overrides: ["walking.share=0.25"])
        #expect(tenths.issues.errors.contains { $0.column == "walking.share" })
    }

    // MARK: R16

    /// A has six teachers against a quota of four; B two against four; C three and no quota.
    static func quotaCounty() -> County {
        var a = Tiny.school("A"), b = Tiny.school("B", km: 3), c = Tiny.school("C", km: 6)
        a.staffQuota = 4; b.staffQuota = 4
        return County(schools: [a, b, c], teachers: Tiny.teachers(6, at: "A") + Tiny.teachers(2, at: "B") + Tiny.teachers(3, at: "C"),
                      needs: [])
    }

    @Test("toward_quota: teachers go from the school over its quota to the one under it; none ends farther from its quota; a school without one keeps its headcount")
    func towardQuota() throws {
        var policy = Tiny.permissive
        policy.staffing = "toward_quota"
        let scratch = Scratch()
        let run = try PlannedRun(Self.quotaCounty(), policy, in: scratch)
        guard case .plan(let plan) = run.outcome else { Issue.record("no plan"); return }
        #expect(plan.after.schools.map(\.staff) == [4, 4, 3], "\(plan.after.schools.map(\.staff))")
        #expect(try run.inspector().violations().isEmpty)
        #expect(try run.summary()["staffing"] as? [String: Int] == ["schools_over_before": 1, "schools_over_after": 0, "schools_under_before": 1,
                                                                    "schools_under_after": 0, "distance_before": 4, "distance_after": 0])
        #expect(try run.rows(PlanFiles.schools).map { $0["staff_quota"] } == ["4", "4", ""])
        // The default (keep_headcount) leaves every headcount as it is.
        let kept = try #require(Self.plan(Self.quotaCounty(), { var p = Tiny.permissive; p.keepHeadcount = true; return p }()))
        #expect(kept.after.schools.map(\.staff) == [6, 2, 3])
    }

    @Test("a school over its quota that must receive but whose teachers cannot leave: a finding of R16 naming the school, with the remedy")
    func quotaConflict() {
        let county = Self.quotaCounty()
        var teachers = county.teachers
        // A's one eligible teacher lives 100 km away: no school is within the commute; the others are not eligible.
        for i in teachers.indices where teachers[i].schoolID == "A" { teachers[i].yearsAtSchool = i == 0 ? 8 : 1 }
        teachers[0].home = Coordinate(latitude: 31, longitude: 117)
        var policy = Tiny.permissive
        policy.staffing = "toward_quota"
        policy.everySchoolReceives = true
        policy.maxCommuteKm = 30
        guard case .cannotMeet(let d) = Planner.glpk.plan(county: county.with(teachers: teachers), policy: policy) else {
            Issue.record("a plan where A must receive and cannot send"); return
        }
        let finding = d.findings.first { $0.rules.contains(.R16) }
        #expect(finding?.message.contains("A") == true && finding?.remedy.contains("staffing: free") == true, "\(d.findings)")
    }

    // MARK: Everything together, on random counties

    @Test("random counties with several subjects, retraining, walking and quotas: the written plan keeps every rule, and its unmet need is the inspector's")
    func randomCounties() async throws {
        // 300 counties: about 95 plans, each feature used in 40–70 of them (measured; 120 counties gave 16–22 with
        // quotas and once fewer than 10 under a loaded machine), far above the floor of 10.
        let tally = Tally(), seen = Seen()
        await propertyCheck(count: 300, input: Gen.int(in: 1...1_000_000)) { seed in
            // Half of them with terms (returners, mid-term teachers) as well.
            var (county, policy) = RandomCounty.make(seed: UInt64(seed), terms: seed % 2 == 0, subjects: true)
            policy.maxCommuteKm = 40
            policy.maxTurnover = Rate(numerator: 5, denominator: 10)
            let scratch = Scratch()
            let run = try! PlannedRun(county, policy, in: scratch)
            tally.add(run.outcome)
            guard case .plan(let plan) = run.outcome else { return }
            let checker = try! run.inspector()
            #expect(checker.violations().isEmpty, "seed \(seed): \(checker.violations())")
            #expect((try! run.summary()["unmet_need_after"] as? NSNumber)?.doubleValue == checker.unmetNeed(after: true), "seed \(seed)")
            #expect(plan.inspector.violations().isEmpty, "seed \(seed)")
            seen.add(walks: !plan.walks.isEmpty, reassigned: !plan.reassigned.isEmpty,
                     quotas: plan.policy.staffing == "toward_quota" && plan.movers.count > 0)
        }
        #expect(tally.plans >= 30, "plans \(tally.plans), cannot meet \(tally.cannotMeet)")
        // The features were used, not only allowed.
        #expect(seen.walks >= 10 && seen.reassigned >= 10 && seen.quotas >= 10, "\(seen.walks) \(seen.reassigned) \(seen.quotas)")
    }
}

/// How many plans of a property test used each feature.
final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var walks = 0, reassigned = 0, quotas = 0
    func add(walks w: Bool, reassigned r: Bool, quotas q: Bool) {
        lock.lock(); defer { lock.unlock() }
        if w { walks += 1 }
        if r { reassigned += 1 }
        if q { quotas += 1 }
    }
}

/// Tiny counties whose every plan can be listed: each teacher's school, subject and walks enumerated, each
/// combination judged by the independent inspector, the least unmet need found by brute force.
@Suite("R14–R16 by enumeration")
struct SubjectsWalkingEnumerationTests {
    static func county(seed: UInt64) -> (County, Policy) {
        var rng = SplitMix64(seed: seed)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        let kms = [0.0, pick([4.0, 8.0]), pick([9.0, 14.0])]
        var schools = ["A", "B", "C"].enumerated().map { Tiny.school($1, km: kms[$0]) }
        let subjects = ["语文", "音乐", "体育"]
        var teachers: [Teacher] = []
        for k in 0..<4 {
            var t = Tiny.teachers(1, at: schools[k % 3].id, from: k, years: u() < 0.5 ? 8 : 2, subject: pick(subjects))[0]
            if u() < 0.5, let second = subjects.filter({ $0 != t.subject }).randomElement(using: &rng) { t.otherSubjects = [second] }
            if u() < 0.3, let r = subjects.filter({ !t.subjects.contains($0) }).randomElement(using: &rng) { t.retrain = [r] }
            teachers.append(t)
        }
        var needs: [SubjectNeed] = []
        for s in schools { for j in ["音乐", "体育"] where u() < 0.6 { needs.append(SubjectNeed(schoolID: s.id, subject: j, required: Int(rng.next() % 3))) } }
        var policy = Tiny.permissive
        policy.weights.balance = 0
        policy.keepHeadcount = u() < 0.5
        policy.rotationRate = pick([Rate(numerator: 0, denominator: 1), Rate(numerator: 5, denominator: 10)])
        policy.maxCommuteKm = pick([10, 1000])
        policy.walking.enabled = u() < 0.7
        policy.walking.maxKm = pick([6, 15])
        policy.walking.maxSchools = pick([1, 2])
        if u() < 0.4 {
            policy.staffing = "toward_quota"
            for i in schools.indices where u() < 0.7 { schools[i].staffQuota = Int(rng.next() % 3) }
        }
        return (County(schools: schools, teachers: teachers, needs: needs), policy)
    }

    /// Every (school, subject, walks) a teacher could have, before the rules judge the whole.
    static func options(_ t: Teacher, _ county: County, _ policy: Policy) -> [(school: String, subject: String, walks: [String])] {
        var out: [(String, String, [String])] = []
        let needed = { (s: String, j: String) in county.needs.contains { $0.schoolID == s && $0.subject == j && $0.required > 0 } }
        for s in county.schools {
            for j in t.subjects + t.retrain where j == t.subject || needed(s.id, j) {
                out.append((s.id, j, []))
                guard policy.walking.enabled, s.id == t.schoolID, t.subjects.contains(j), policy.walking.subjects.contains(j) else { continue }
                let servable = county.schools.filter { $0.id != s.id && needed($0.id, j) }.map(\.id)
                for a in servable { out.append((s.id, j, [a])) }
                if policy.walking.maxSchools >= 2 {
                    for (i, a) in servable.enumerated() { for b in servable.dropFirst(i + 1) { out.append((s.id, j, [a, b])) } }
                }
            }
        }
        return out
    }

    @Test("the planner's unmet need is the least of every legal combination of schools, subjects and walks; no plan only when none is legal")
    func leastUnmet() {
        var compared = 0
        for seed in 1...70 {
            let (county, policy) = Self.county(seed: UInt64(seed))
            let opts = county.teachers.map { Self.options($0, county, policy) }
            var best: Int?
            var choice = [Int](repeating: 0, count: opts.count)
            func visit(_ k: Int) {
                if k == opts.count {
                    var checker = RuleChecker(county: county, policy: policy, destination: [:])
                    var destination: [String: String] = [:]
                    for (i, t) in county.teachers.enumerated() {
                        let o = opts[i][choice[i]]
                        destination[t.id] = o.school
                        if o.subject != t.subject { checker.assigned[t.id] = o.subject }
                        for w in o.walks { checker.walks.append((t.id, o.school, w, o.subject, policy.walking.share.doubleValue)) }
                    }
                    checker = RuleChecker(county: county, policy: policy, destination: destination, learners: [:],
                                          assigned: checker.assigned, walks: checker.walks)
                    guard checker.violations().isEmpty else { return }
                    let unmet = checker.unmetTenths(after: true)
                    best = min(best ?? unmet, unmet)
                    return
                }
                for i in opts[k].indices { choice[k] = i; visit(k + 1) }
            }
            visit(0)
            let outcome = Planner.glpk.plan(county: county, policy: policy)
            switch outcome {
            case .plan(let plan):
                #expect(best != nil, "seed \(seed): a plan where enumeration finds none: \(plan.inspector.violations())")
                #expect(plan.inspector.violations().isEmpty, "seed \(seed): \(plan.inspector.violations())")
                if let best {
                    #expect(plan.after.unmetNeed.tenths == best, "seed \(seed): \(plan.after.unmetNeed) vs least \(best) tenths")
                    compared += 1
                }
            case .cannotMeet, .noPlan:
                #expect(best == nil, "seed \(seed): no plan, but enumeration finds one with \(best ?? 0) tenths unmet")
            }
        }
        #expect(compared >= 40, "compared \(compared)")
    }
}
