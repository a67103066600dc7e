import Foundation
import PlanReports
import PolicyWhatIf
import RotationModel
import RotationPlanner
import Testing

/// The diagnosis and the catalogue's "why not" sentences in Chinese (`--lang zh`, the default): every finding of
/// hand-made broken counties (each rule's precheck, and a conflict found by the relaxed re-solve) has its Chinese
/// sentence and remedy, and `explain` tells a forbidden move in Chinese.
@Suite("The diagnosis in Chinese")
struct ChineseDiagnosisTests {
    static func school(_ id: String, lat: Double, level: SchoolLevel = .primary, strength: Strength = .ordinary) -> School {
        DiagnosisTests.school(id, lat: lat, level: level, strength: strength)
    }
    static func teachers(_ n: Int, at school: String, from k: Int, eligible: Bool = true,
                         backbone: BackboneLevel = .none) -> [Teacher] {
        DiagnosisTests.teachers(n, at: school, from: k, eligible: eligible, backbone: backbone)
    }

    /// A policy without the backbone share (so that a county breaks only where a test breaks it).
    static var looseShare: Policy { var p = Policy(); p.backboneShare = Rate(numerator: 0, denominator: 1); return p }

    /// English words no Chinese sentence should hold. Policy keys and values (`max_commute_km`,
    /// `every_school_receives: false`, `lock: stay`) are allowed: a key is one token with its underscores, and a
    /// `key: value` is left out.
    static let englishWords: Set<String> = ["cannot", "teachers", "teacher", "school", "schools", "would", "raise", "lower",
                                            "the", "but", "and", "needs", "eligible", "partners", "backbone", "leave"]

    static func hasCJK(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

    /// The English words of `s`: runs of ASCII letters and underscores, lowercased, that are in ``englishWords``.
    static func englishIn(_ s: String) -> [String] {
        let text = s.lowercased().replacing(/[a-z_.]+: [a-z0-9_.]+/, with: "")
        var words: [String] = [], word = ""
        for ch in text + " " {
            if ch.isASCII && (ch.isLetter || ch == "_") { word.append(ch); continue }
            if englishWords.contains(word) { words.append(word) }
            word = ""
        }
        return words
    }

    /// A Chinese sentence: some CJK, no English sentence words.
    static func expectChinese(_ s: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(hasCJK(s), "\(what) has no Chinese: \(s)", sourceLocation: sourceLocation)
        #expect(englishIn(s).isEmpty, "\(what) has English words \(englishIn(s)): \(s)", sourceLocation: sourceLocation)
    }

    func diagnose(_ county: County, _ policy: Policy) -> Diagnosis? {
        if case .cannotMeet(let d) = Planner.glpk.plan(county: county, policy: policy) { return d }
        return nil
    }

    /// Every finding in Chinese, the text in Chinese, and the English kept as it was.
    func expectBilingual(_ d: Diagnosis, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!d.findings.isEmpty, sourceLocation: sourceLocation)
        for f in d.findings {
            Self.expectChinese(f.messageZH, "message_zh of [\(f.rules)]", sourceLocation: sourceLocation)
            Self.expectChinese(f.remedyZH, "remedy_zh of [\(f.rules)]", sourceLocation: sourceLocation)
            #expect(!Self.hasCJK(f.remedy), "the English remedy stays English: \(f.remedy)", sourceLocation: sourceLocation)
            #expect(f.message("zh") == f.messageZH && f.message("en") == f.message && f.remedy("zh") == f.remedyZH,
                    sourceLocation: sourceLocation)
        }
        let zh = d.text("zh")
        #expect(zh.hasPrefix("政策无法满足（\(d.findings.count) 处冲突，"), "\(zh)", sourceLocation: sourceLocation)
        #expect(zh.contains("   建议：") && zh.contains("1. [\(d.findings[0].rules.map(\.rawValue).joined(separator: " vs "))] "),
                sourceLocation: sourceLocation)
        #expect(d.text("en") == d.text && d.text.hasPrefix("The policy cannot be met"), sourceLocation: sourceLocation)
        // diagnosis.json keeps the English keys and adds the Chinese ones.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(d)) as! [String: Any]
        let first = (json["findings"] as! [[String: Any]])[0]
        #expect(first["message"] as? String == d.findings[0].message && first["message_zh"] as? String == d.findings[0].messageZH,
                sourceLocation: sourceLocation)
        #expect(first["remedy_zh"] as? String == d.findings[0].remedyZH, sourceLocation: sourceLocation)
        #expect(try JSONDecoder().decode(Diagnosis.self, from: JSONEncoder().encode(d)) == d, sourceLocation: sourceLocation)
    }

    @Test("R3 vs R2 and R4 vs R2 (precheck): a school out of everyone's reach")
    func unreachable() throws {
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S3", lat: 30.05), Self.school("S2", lat: 31)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S3", from: 20)
                                + Self.teachers(10, at: "S2", from: 10),
                            needs: [])
        let d = try #require(diagnose(county, Self.looseShare))
        #expect(d.method == .precheck)
        try expectBilingual(d)
        let f = try #require(d.findings.first { $0.schoolID == "S2" && $0.rules.first == .R3 })
        #expect(f.messageZH.contains("S2小学（S2）") && f.messageZH.contains("30 公里") && f.messageZH.contains("rotation_rate"))
        #expect(f.remedyZH.contains("max_commute_km"))
        #expect(d.findings.contains { $0.rules.first == .R4 && $0.remedyZH.contains("every_school_receives: false") })
        #expect(d.text("zh").hasPrefix("政策无法满足（\(d.findings.count) 处冲突，求解前发现）："))
    }

    @Test("R4 vs R2 (precheck): a school that must send one, none of whose teachers can go anywhere")
    func mustSendOne() throws {
        var p = Self.looseShare
        p.rotationRate = Rate(numerator: 0, denominator: 1)
        p.keepHeadcount = false
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S3", lat: 30.05), Self.school("S2", lat: 31)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S3", from: 20)
                                + Self.teachers(3, at: "S2", from: 10),
                            needs: [])
        let d = try #require(diagnose(county, p))
        try expectBilingual(d)
        let f = try #require(d.findings.first { $0.schoolID == "S2" && $0.rules == [.R4, .R2] && $0.messageZH.contains("派出") })
        #expect(f.remedyZH.contains("every_school_sends: false"))
    }

    @Test("R3 vs R2 with no other school of the level: the Chinese remedy is not a longer commute either")
    func onlySchoolOfItsLevel() throws {
        var juniors = Self.teachers(10, at: "J1", from: 100)
        for i in juniors.indices { juniors[i].level = .junior }
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S3", lat: 30.05),
                                      Self.school("J1", lat: 30.02, level: .junior)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S3", from: 20) + juniors,
                            needs: [])
        let d = try #require(diagnose(county, Self.looseShare))
        try expectBilingual(d)
        let f = try #require(d.findings.first { $0.schoolID == "J1" && $0.rules.first == .R3 })
        #expect(f.messageZH.contains("全县没有其他初中学段的学校"), "\(f.messageZH)")
        #expect(f.remedyZH.contains("lock: stay") && !f.remedyZH.contains("提高最远通勤距离"))
    }

    @Test("R3 vs R6 (precheck): the quota above the turnover cap")
    func quotaAboveCap() throws {
        var p = Self.looseShare
        p.rotationRate = Rate(numerator: 5, denominator: 10)
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S2", from: 10), needs: [])
        let d = try #require(diagnose(county, p))
        try expectBilingual(d)
        let f = try #require(d.findings.first { $0.rules == [.R3, .R6] })
        #expect(f.messageZH.contains("至少 5 人") && f.messageZH.contains("至多 2 人") && f.messageZH.contains("max_turnover"))
    }

    @Test("R5 vs R3 (precheck): no backbone teacher can move")
    func noBackbone() throws {
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S2", from: 10), needs: [])
        let d = try #require(diagnose(county, Policy()))
        try expectBilingual(d)
        #expect(d.findings.contains { $0.rules.first == .R5 && $0.messageZH.contains("骨干教师") && $0.remedyZH.contains("backbone_share") })
    }

    @Test("R7 vs R1 (precheck): partners locked to schools far apart")
    func couple() throws {
        var ts = Self.teachers(5, at: "S1", from: 0, eligible: false) + Self.teachers(5, at: "S2", from: 10, eligible: false)
        ts[0].partnerID = ts[5].id; ts[5].partnerID = ts[0].id
        ts[0].lock = .moveTo(schoolID: "S3")
        var p = Self.looseShare
        p.everySchoolSends = false; p.everySchoolReceives = false; p.keepHeadcount = false
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05), Self.school("S3", lat: 30.5)],
                            teachers: ts, needs: [])
        let d = try #require(diagnose(county, p))
        try expectBilingual(d)
        let f = try #require(d.findings.first { $0.rules.first == .R7 })
        #expect(f.messageZH.hasPrefix("夫妻") && f.remedyZH.contains("couple_max_km"))
    }

    @Test("R1 (precheck): a teacher locked to leave with nowhere to go")
    func lockedToLeave() throws {
        var ts = Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S2", from: 10)
        ts[0].lock = .leave
        var p = Self.looseShare
        p.maxCommuteKm = 1
        p.everySchoolSends = false; p.everySchoolReceives = false; p.keepHeadcount = false
        p.rotationRate = Rate(numerator: 0, denominator: 1)
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05)], teachers: ts, needs: [])
        let d = try #require(diagnose(county, p))
        try expectBilingual(d)
        let f = try #require(d.findings.first { $0.rules.first == .R1 })
        #expect(f.messageZH.contains("教师0（S1-0）") && f.messageZH.contains("1 公里"), "\(f.messageZH)")
    }

    @Test("R6 vs R1 (precheck): more teachers locked to arrive than the cap")
    func locksAboveCap() throws {
        var ts = Self.teachers(10, at: "S1", from: 0) + Self.teachers(5, at: "S2", from: 10)
        for i in 0..<3 { ts[i].lock = .moveTo(schoolID: "S2") }
        var p = Self.looseShare
        p.everySchoolSends = false; p.everySchoolReceives = false; p.keepHeadcount = false
        p.rotationRate = Rate(numerator: 0, denominator: 1)
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05)], teachers: ts, needs: [])
        let d = try #require(diagnose(county, p))
        try expectBilingual(d)
        #expect(d.findings.contains { $0.rules == [.R6, .R1] && $0.messageZH.contains("人工确定调入") })
    }

    @Test("R6 vs R3 (precheck): keep_headcount, and nobody can come")
    func headcountNobodyComes() throws {
        // S2 must send one and so receive one, but S1's teachers are not eligible: nobody can come.
        var p = Self.looseShare
        p.everySchoolReceives = false
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05)],
                            teachers: Self.teachers(10, at: "S1", from: 0, eligible: false) + Self.teachers(10, at: "S2", from: 10),
                            needs: [])
        let d = try #require(diagnose(county, p))
        try expectBilingual(d)
        let f = try #require(d.findings.first { $0.rules == [.R6, .R3] })
        #expect(f.schoolID == "S2" && f.messageZH.contains("keep_headcount") && f.remedyZH.contains("keep_headcount: false"))
    }

    @Test("R6 vs R4 (precheck): keep_headcount, and nobody can leave")
    func headcountNobodyLeaves() throws {
        // N1, a nine-year school, teaches junior; no other school does, so its teachers cannot leave, yet primary
        // teachers can come.
        var juniors = Self.teachers(10, at: "N1", from: 100)
        for i in juniors.indices { juniors[i].level = .junior }
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S3", lat: 30.05),
                                      Self.school("N1", lat: 30.02, level: .nineYear)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S3", from: 20) + juniors,
                            needs: [])
        let d = try #require(diagnose(county, Self.looseShare))
        try expectBilingual(d)
        #expect(d.findings.contains { $0.rules == [.R6, .R4] && $0.schoolID == "N1" })
    }

    @Test("a conflict only a relaxed re-solve finds, in Chinese")
    func relaxation() throws {
        var p = Self.looseShare
        p.rotationRate = Rate(numerator: 2, denominator: 10)
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(5, at: "S2", from: 10), needs: [])
        let d = try #require(diagnose(county, p))
        #expect(d.method == .relaxation)
        try expectBilingual(d)
        #expect(d.text("zh").hasPrefix("政策无法满足（\(d.findings.count) 处冲突，放宽规则重新求解后发现）："))
    }

    @Test("what a single move breaks, in Chinese: level, commute, no-return, locks, eligibility, backbone-downward")
    func breaks() throws {
        var ts = Self.teachers(4, at: "S1", from: 0) + Self.teachers(4, at: "S2", from: 10)
        ts[1].leftSchoolID = "S2"; ts[1].leftYear = 2025
        ts[2].lock = .stay
        ts[3].backbone = .county
        ts[4].yearsAtSchool = 1
        let county = County(schools: [Self.school("S1", lat: 30, strength: .weak), Self.school("S2", lat: 30.05, strength: .strong),
                                      Self.school("J1", lat: 30.02, level: .junior), Self.school("F", lat: 31)],
                            teachers: ts, needs: [])
        let c = Candidates(county: county, policy: Policy())
        let cases: [(teacher: Int, to: Int?, rule: Rule, zh: String)] = [
            (0, 2, .R2, "是初中"), (0, 3, .R2, "max_commute_km"), (1, 1, .R2, "no_return_years"),
            (2, 1, .R1, "留任"), (3, 1, .R5, "骨干教师"), (4, 0, .R1, "不符合"),
        ]
        for (t, s, rule, zh) in cases {
            let broken = c.breaks(teacher: t, to: s)
            let first = try #require(broken.first, "teacher \(t) to \(String(describing: s))")
            #expect(first.rule == rule)
            #expect(first.why.zh.contains(zh), "\(first.why.zh)")
            Self.expectChinese(first.why.zh, "why \(rule)")
            #expect(!Self.hasCJK(first.why.en.replacingOccurrences(of: "S1小学", with: "").replacingOccurrences(of: "J1小学", with: "")),
                    "\(first.why.en)")
        }
    }

    @Test("explain in Chinese: a forbidden move is told as 违反 R2 with a Chinese reason")
    func explain() throws {
        // S1 and S2 exchange; F is a primary school 100 km away with nobody to send (no duty), J1 a junior school.
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S2", lat: 30.05), Self.school("F", lat: 31),
                                      Self.school("J1", lat: 30.02, level: .junior)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S2", from: 10), needs: [])
        for to in ["F", "J1"] {
            let e = try Explanation.explain(county: county, policy: Self.looseShare, teacherID: "S1-0", to: to, planner: .glpk,
                                            language: "zh")
            #expect(e.plan != nil, "\(e.text)")
            #expect(e.brokenRules == [.R2])
            let line = try #require(e.lines.first { $0.hasPrefix("  违反 R2：") }, "\(e.text)")
            let why = String(line.dropFirst("  违反 R2：".count))
            Self.expectChinese(why, "explain to \(to)")
            let en = try Explanation.explain(county: county, policy: Self.looseShare, teacherID: "S1-0", to: to, planner: .glpk)
            #expect(en.text.contains("breaks R2: "))
        }
    }

    @Test("the comparison table in Chinese shows the diagnosis in Chinese; the CSV keeps the English")
    func comparison() throws {
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S3", lat: 30.05), Self.school("S2", lat: 31)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S3", from: 20)
                                + Self.teachers(10, at: "S2", from: 10),
                            needs: [])
        let results = ScenarioRunner(planner: .glpk).run(county: county, scenarios: [(Scenario(name: "broken", overrides: []), Self.looseShare)])
        let problemZH = try #require(results[0].problem("zh"))
        #expect(problemZH.hasPrefix("[R3 vs R2] ") && Self.hasCJK(problemZH))
        #expect(results[0].problem == results[0].problem("en") && !Self.hasCJK(results[0].problem!.replacingOccurrences(of: "小学", with: "")))
        let table = ComparisonTable(results)
        #expect(table.text(language: "zh").contains("broken 的诊断：\(problemZH)"))
        #expect(table.text(language: "en").contains("diagnosis of broken: \(results[0].problem!)"))
        #expect(table.rows.first { $0.figure == "diagnosis" }!.values == [results[0].problem!])
    }

    @Test("the diagnosis files and workbook follow the language")
    func files() throws {
        let scratch = Scratch()
        let county = County(schools: [Self.school("S1", lat: 30), Self.school("S3", lat: 30.05), Self.school("S2", lat: 31)],
                            teachers: Self.teachers(10, at: "S1", from: 0) + Self.teachers(10, at: "S3", from: 20)
                                + Self.teachers(10, at: "S2", from: 10),
                            needs: [])
        let d = try #require(diagnose(county, Self.looseShare))
        for language in ReportLanguage.allCases {
            let out = scratch.path("plan-\(language.rawValue)")
            try PlanFiles.output(d, county: county, policy: Self.looseShare, to: out, language: language).commit(protecting: [])
            let text = try String(contentsOf: out.appendingPathComponent(PlanFiles.diagnosisText), encoding: .utf8)
            #expect(text == d.text(language.rawValue))
            let rows = try WorkbookOutputTests.sheet(out.appendingPathComponent(PlanWorkbook.file), language == .zh ? "诊断" : "Diagnosis")
            #expect(rows.count - 1 == d.findings.count)
            #expect(rows[1][5] == d.findings[0].message(language.rawValue) && rows[1][6] == d.findings[0].remedy(language.rawValue))
        }
    }
}
