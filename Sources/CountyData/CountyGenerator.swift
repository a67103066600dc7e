import Foundation
import RotationModel

/// A small deterministic random number generator (SplitMix64): the same seed gives the same county on every
/// machine and Swift version (the standard library's generator makes no such promise).
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
    mutating func double(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func weighted<T>(_ items: [(T, Double)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var r = unit() * total
        for (item, w) in items { r -= w; if r < 0 { return item } }
        return items[items.count - 1].0
    }
}

/// Makes synthetic counties shaped like a real Chinese county: a county seat with larger, stronger urban
/// schools; townships and villages with small rural schools; enrolment-based staffing (about 1:19 primary,
/// 1:13.5 junior); rural schools short of music, PE, art, English and science teachers while urban ones have
/// a surplus; backbone teachers concentrated in strong urban schools; a few percent exempt; some couples;
/// homes mostly near the school, some rural teachers living in the county seat.
public struct CountyGenerator {
    public var schools: Int
    public var teachers: Int
    public var seed: UInt64
    public var year: Int
    /// School groups (学区) to cut the county into, by geography (``grouped(_:into:)``); 0: none.
    public var groups: Int
    /// Pairs of schools (结对) to make (``paired(_:count:)``); 0: none.
    public var pairs: Int

    public init(schools: Int, teachers: Int, seed: UInt64, year: Int = Policy().year, groups: Int = 0, pairs: Int = 0) {
        self.schools = schools; self.teachers = teachers; self.seed = seed; self.year = year
        self.groups = groups; self.pairs = pairs
    }

    static let seat = Coordinate(latitude: 31.0, longitude: 117.0)
    static let townNames = ["石桥", "青山", "河口", "柳塘", "白沙", "龙泉", "梅林", "东湖", "桃源", "新港", "松岗", "金牛",
                            "大庙", "双河", "黄岭", "杨柳", "长岗", "花园", "凤凰", "三元"]
    static let villageNames = ["王庄", "李湾", "张村", "陈岗", "刘集", "周塘", "吴店", "孙岭", "马坊", "朱楼", "胡寨", "高桥",
                               "林场", "何家", "罗洼", "郑营", "梁河", "谢村", "宋集", "唐湾", "许庄", "韩店", "冯岗", "邓湾"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").map(String.init)
    static let givenChars = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华霞平刚桂兰玉萍红娥玲芬燕建国文辉鹏飞宇浩凯晨欣怡佳琪梦雪婷慧颖晓海波宁俊峰").map(String.init)

    static let primarySubjects: [(String, Double)] = [("语文", 0.30), ("数学", 0.25), ("英语", 0.09), ("科学", 0.07),
                                                       ("音乐", 0.07), ("体育", 0.08), ("美术", 0.06), ("道德与法治", 0.08)]
    static let juniorSubjects: [(String, Double)] = [("语文", 0.15), ("数学", 0.15), ("英语", 0.14), ("物理", 0.07),
                                                      ("化学", 0.05), ("生物", 0.05), ("历史", 0.06), ("地理", 0.05),
                                                      ("道德与法治", 0.07), ("音乐", 0.05), ("体育", 0.09), ("美术", 0.04),
                                                      ("信息技术", 0.03)]
    /// Subjects rural schools are short of (and needs.csv lists for every school).
    static let scarce: Set<String> = ["音乐", "体育", "美术", "英语", "科学", "物理"]

    private struct Plan { var id: String; var name: String; var level: SchoolLevel; var area: Area
        var strength: Strength; var students: Int; var sp: Int?; var sj: Int?; var location: Coordinate }

    public func generate() -> County {
        var rng = SplitMix64(seed: seed)
        let plans = schoolPlans(&rng)
        let parts = staffingParts(plans)
        let counts = staffCounts(parts)
        var (list, needs) = teachersAndNeeds(&rng, plans, parts, counts)
        let location = Dictionary(uniqueKeysWithValues: plans.map { ($0.id, $0.location) })
        pairCouples(&rng, &list, location)
        let policy = { var p = Policy(); p.year = year; return p }()
        addWishes(&rng, &list, plans, location, policy)
        addLocks(&rng, &list, plans, location, policy)
        // Facilities from a stream of their own, so that the teachers of a seed stay what they were.
        var facilityRNG = SplitMix64(seed: seed ^ 0x0FAC_1117_1E50_0000)
        let schoolList = plans.enumerated().map { i, p in
            School(id: p.id, name: p.name, level: p.level, area: p.area, strength: p.strength, students: p.students,
                   studentsPrimary: p.sp, studentsJunior: p.sj, location: p.location,
                   staffQuota: parts.indices.filter { parts[$0].school == i }.reduce(0) { $0 + Int(parts[$1].ideal.rounded()) },
                   facilities: Self.facilities(p, &facilityRNG))
        }
        // Groups and pairs take no random numbers: a county without them is what it always was.
        return Self.paired(Self.grouped(County(schools: schoolList, teachers: list, needs: needs), into: groups), count: pairs)
    }

    /// The county with leaders: at each school the teacher longest there becomes its principal (校长), the next
    /// its vice principal (副校长) and the next a middle leader (中层干部); ties by id. No random numbers.
    public static func withLeaders(_ county: County) -> County {
        var teachers = county.teachers
        for school in county.schools {
            let staff = teachers.indices.filter { teachers[$0].schoolID == school.id }
                .sorted { (teachers[$1].yearsAtSchool, teachers[$0].id) < (teachers[$0].yearsAtSchool, teachers[$1].id) }
            for (k, role) in [Role.principal, .vicePrincipal, .middleLeader].enumerated() where k < staff.count && staff.count > 3 {
                teachers[staff[k]].role = role
            }
        }
        return county.with(teachers: teachers)
    }

    /// The county with teachers of several subjects and with retraining options (R14), from a random stream of its
    /// own (the rest of the county stays what the seed made): about one teacher in seven also teaches a second subject
    /// of their level, most often one that rural schools lack (音乐, 体育, 美术, 英语, 科学, 物理); about one in twelve
    /// may be retrained (转岗) for such a subject.
    public static func withSubjects(_ county: County, seed: UInt64) -> County {
        var rng = SplitMix64(seed: seed ^ 0x5B1E_C75B_1E00_0000)
        var teachers = county.teachers
        for t in teachers.indices {
            let level = teachers[t].level
            let all = (level == .primary ? primarySubjects : juniorSubjects).map(\.0)
            let scarceHere = all.filter { scarce.contains($0) }
            if rng.chance(0.15) {
                let pool = rng.chance(0.7) ? scarceHere : all
                if let second = pool.filter({ !teachers[t].subjects.contains($0) }).randomElement(using: &rng) {
                    teachers[t].otherSubjects.append(second)
                }
            }
            if rng.chance(0.08), let retrain = scarceHere.filter({ !teachers[t].subjects.contains($0) }).randomElement(using: &rng) {
                teachers[t].retrain.append(retrain)
            }
        }
        return county.with(teachers: teachers)
    }

    /// The county with staff quotas (编制) that differ from the headcount: each school's quota is its number of
    /// teachers now plus a whole number from −4 to 4 (at least 1), from a random stream of its own, so that some
    /// schools are over their quota and some under (for `staffing: toward_quota`).
    public static func withQuotas(_ county: County, seed: UInt64) -> County {
        var rng = SplitMix64(seed: seed ^ 0x0B1A_5EED_0000_0000)
        var staff: [String: Int] = [:]
        for t in county.teachers { staff[t.schoolID, default: 0] += 1 }
        var schools = county.schools
        for i in schools.indices { schools[i].staffQuota = max(1, (staff[schools[i].id] ?? 0) + rng.int(-4...4)) }
        return County(schools: schools, teachers: county.teachers, needs: county.needs, objections: county.objections, pairs: county.pairs)
    }

    /// The county with its schools cut into `count` groups by geography: sorted west to east (by longitude, then
    /// latitude, then id) and cut into `count` runs of sizes differing by at most one, named 第1学区, 第2学区 … from the
    /// west. `count` ≤ 0 leaves the county as it is; more groups than schools makes one per school.
    public static func grouped(_ county: County, into count: Int) -> County {
        guard count > 0, !county.schools.isEmpty else { return county }
        let n = county.schools.count, k = min(count, n)
        let order = county.schools.indices.sorted { i, j in
            let a = county.schools[i], b = county.schools[j]
            if a.location.longitude != b.location.longitude { return a.location.longitude < b.location.longitude }
            if a.location.latitude != b.location.latitude { return a.location.latitude < b.location.latitude }
            return a.id < b.id
        }
        var schools = county.schools
        for (rank, i) in order.enumerated() { schools[i].group = "第\(rank * k / n + 1)学区" }
        return County(schools: schools, teachers: county.teachers, needs: county.needs, objections: county.objections,
                      pairs: county.pairs)
    }

    /// The county with up to `count` new pairs of schools (结对帮扶), each a strong or urban school (school_a) with a
    /// weak or rural one (school_b) of a shared level (a nine-year school shares one with any school): of all such
    /// couples the nearest first, ties by the ids, each school in at most one pair (those already paired included).
    /// A weak or rural school never helps another. Fewer pairs when no more can be made; the new pairs follow any
    /// the county had, in the order of their weak or rural school in the county. `count` ≤ 0 leaves it as it is.
    public static func paired(_ county: County, count: Int) -> County {
        guard count > 0 else { return county }
        let schools = county.schools
        let needy = schools.indices.filter { schools[$0].strength == .weak || schools[$0].area == .rural }
        let needySet = Set(needy)
        let helpers = schools.indices.filter {
            !needySet.contains($0) && (schools[$0].strength == .strong || schools[$0].area == .urban)
        }
        func share(_ a: SchoolLevel, _ b: SchoolLevel) -> Bool { a == b || a == .nineYear || b == .nineYear }
        var couples: [(helper: Int, needy: Int, km: Double)] = []
        for h in helpers {
            // Inside a group, when the schools have groups (学区 pair their own schools).
            for w in needy where share(schools[h].level, schools[w].level) && schools[h].group == schools[w].group {
                couples.append((h, w, schools[h].location.distanceKm(to: schools[w].location)))
            }
        }
        couples.sort { x, y in
            if x.km != y.km { return x.km < y.km }
            if schools[x.helper].id != schools[y.helper].id { return schools[x.helper].id < schools[y.helper].id }
            return schools[x.needy].id < schools[y.needy].id
        }
        var used = Set(county.pairs.flatMap { [$0.a, $0.b] })
        var made: [(helper: Int, needy: Int)] = []
        for c in couples where made.count < count {
            let a = schools[c.helper].id, b = schools[c.needy].id
            guard !used.contains(a), !used.contains(b) else { continue }
            used.insert(a); used.insert(b)
            made.append((c.helper, c.needy))
        }
        let pairs = made.sorted { $0.needy < $1.needy }.map { SchoolPair(schools[$0.helper].id, schools[$0.needy].id) }
        return County(schools: schools, teachers: county.teachers, needs: county.needs, objections: county.objections,
                      pairs: county.pairs + pairs)
    }

    /// A school's facility values: around the audit's standard of its level, better in town and at strong
    /// schools, some rural and weak ones short.
    private static func facilities(_ p: Plan, _ rng: inout SplitMix64) -> [AuditIndicator: Double] {
        let standards = Policy().audit.standards(p.level == .primary ? .primary : .junior)
        let (low, high): (Double, Double) = p.area == .urban ? (p.strength == .weak ? 0.8 : 0.95, 1.6)
            : (p.area == .town ? (0.8, 1.3) : (p.strength == .weak ? 0.7 : 0.8, 1.15))
        var values: [AuditIndicator: Double] = [:]
        for f in AuditIndicator.facilities {
            let v = standards[f].doubleValue * rng.double(low, high)
            values[f] = f == .equipment ? (v / 10).rounded() * 10 : (v * 10).rounded() / 10
        }
        return values
    }

    /// The schools: a quarter urban around the county seat, some in townships, the rest in villages.
    private func schoolPlans(_ rng: inout SplitMix64) -> [Plan] {
        let n = max(1, schools)
        let urbanCount = max(1, Int((Double(n) * 0.25).rounded()))
        let townCount = min(n - urbanCount, max(n > 2 ? 1 : 0, Int((Double(n) * 0.3).rounded())))
        let townships = max(1, min(Self.townNames.count, (n + 7) / 8))
        var centres: [Coordinate] = []
        for k in 0..<townships {
            let angle = (Double(k) + rng.double(0, 0.6)) * 2 * Double.pi / Double(townships)
            centres.append(Self.offset(Self.seat, km: rng.double(9, 20), angle: angle))
        }
        var plans: [Plan] = []
        var urbanPrimary = 0, urbanJunior = 0
        var townSchoolCount = [Int](repeating: 0, count: townships)
        var villageUse = 0
        for i in 0..<n {
            let area: Area = i < urbanCount ? .urban : (i < urbanCount + townCount ? .town : .rural)
            let (level, strength, students) = Self.kind(of: area, &rng)
            var sp: Int?, sj: Int?
            if level == .nineYear { sp = Int((Double(students) * 0.64).rounded()); sj = students - sp! }
            let location: Coordinate
            let name: String
            let kind = level == .primary ? "小学" : (level == .junior ? "中学" : "九年一贯制学校")
            switch area {
            case .urban:
                location = Self.offset(Self.seat, km: rng.double(0.3, 4), angle: rng.double(0, 2 * .pi))
                if level == .primary { urbanPrimary += 1; name = "城关第\(Self.chineseNumber(urbanPrimary))\(kind)" } else {
                    urbanJunior += 1; name = "城关第\(Self.chineseNumber(urbanJunior))\(kind)"
                }
            case .town:
                let t = i % townships
                townSchoolCount[t] += 1
                location = Self.offset(centres[t], km: rng.double(0.2, 1.5), angle: rng.double(0, 2 * .pi))
                let suffix = townSchoolCount[t] > 1 ? "第\(Self.chineseNumber(townSchoolCount[t]))" : ""
                name = "\(Self.townNames[t])镇\(level == .primary ? "中心" : suffix)\(kind)"
                    + (level == .primary && townSchoolCount[t] > 1 ? "（\(townSchoolCount[t])）" : "")
            case .rural:
                let t = rng.int(0...(townships - 1))
                location = Self.offset(centres[t], km: rng.double(2.5, 7), angle: rng.double(0, 2 * .pi))
                let village = Self.villageNames[villageUse % Self.villageNames.count]
                let round = villageUse / Self.villageNames.count
                villageUse += 1
                name = "\(Self.townNames[t])镇\(village)\(round > 0 ? String(round + 1) : "")\(kind)"
            }
            plans.append(Plan(id: String(format: "S%03d", i + 1), name: name, level: level, area: area,
                              strength: strength, students: students, sp: sp, sj: sj, location: location))
        }
        return plans
    }

    /// A school's level, strength and enrolment, by its area.
    private static func kind(of area: Area, _ rng: inout SplitMix64) -> (SchoolLevel, Strength, Int) {
        let level: SchoolLevel
        let r = rng.unit()
        switch area {
        case .urban: level = r < 0.62 ? .primary : (r < 0.92 ? .junior : .nineYear)
        case .town: level = r < 0.55 ? .primary : (r < 0.85 ? .junior : .nineYear)
        case .rural: level = r < 0.70 ? .primary : (r < 0.80 ? .junior : .nineYear)
        }
        let strength: Strength
        switch area {
        case .urban: strength = rng.weighted([(.strong, 0.5), (.ordinary, 0.4), (.weak, 0.1)])
        case .town: strength = rng.weighted([(.strong, 0.1), (.ordinary, 0.6), (.weak, 0.3)])
        case .rural: strength = rng.weighted([(.ordinary, 0.3), (.weak, 0.7)])
        }
        let students: Int
        switch (area, level) {
        case (.urban, .junior): students = rng.int(800...1600)
        case (.urban, _): students = rng.int(1000...2200)
        case (.town, _): students = rng.int(400...1000)
        case (.rural, _): students = rng.int(60...400)
        }
        return (level, strength, students)
    }

    private typealias Part = (school: Int, level: TeachingLevel, ideal: Double)

    /// Staffing by enrolment (1:19 primary, 1:13.5 junior): each school's part of each level it teaches.
    private func staffingParts(_ plans: [Plan]) -> [Part] {
        var parts: [Part] = []
        for (i, p) in plans.enumerated() {
            switch p.level {
            case .primary: parts.append((i, .primary, Double(p.students) / 19))
            case .junior: parts.append((i, .junior, Double(p.students) / 13.5))
            case .nineYear:
                parts.append((i, .primary, Double(p.sp!) / 19)); parts.append((i, .junior, Double(p.sj!) / 13.5))
            }
        }
        return parts
    }

    /// The parts' teachers, scaled to the requested number (at least 3 each; largest remainders first).
    private func staffCounts(_ parts: [Part]) -> [Int] {
        let idealTotal = parts.reduce(0) { $0 + $1.ideal }
        let minimum = 3
        let target = max(teachers, minimum * parts.count)
        let spare = Double(target - minimum * parts.count)
        var counts = parts.map { minimum + Int(($0.ideal / idealTotal * spare).rounded(.down)) }
        let remainders = parts.enumerated().map { ($0.offset, $0.element.ideal / idealTotal * spare
                                                   - Double(counts[$0.offset] - minimum)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var short = target - counts.reduce(0, +)
        for (k, _) in remainders where short > 0 { counts[k] += 1; short -= 1 }
        return counts
    }

    /// The teachers of every part, and each school's needs of the scarce subjects.
    private func teachersAndNeeds(_ rng: inout SplitMix64, _ plans: [Plan], _ parts: [Part], _ counts: [Int])
        -> ([Teacher], [SubjectNeed]) {
        var list: [Teacher] = []
        var needs: [SubjectNeed] = []
        var usedNames: Set<String> = []
        for (k, part) in parts.enumerated() {
            let p = plans[part.school]
            let mix = part.level == .primary ? Self.primarySubjects : Self.juniorSubjects
            // Rural and weak schools get fewer of the scarce subjects; strong urban ones more.
            let factor: Double = p.area == .rural ? 0.35 : (p.area == .town ? 0.7 : (p.strength == .strong ? 1.5 : 1.1))
            let adjusted = mix.map { ($0.0, Self.scarce.contains($0.0) || $0.0 == "美术" ? $0.1 * factor : $0.1) }
            let size = counts[k]
            for subject in Set(mix.map(\.0)).sorted() where Self.scarce.contains(subject) {
                guard let share = mix.first(where: { $0.0 == subject })?.1 else { continue }
                let required = max(1, Int((share * Double(size)).rounded()))
                if let k = needs.firstIndex(where: { $0.schoolID == p.id && $0.subject == subject }) {
                    needs[k].required += required
                } else {
                    needs.append(SubjectNeed(schoolID: p.id, subject: subject, required: required))
                }
            }
            for _ in 0..<size {
                list.append(teacher(&rng, number: list.count + 1, part, plans, subjects: adjusted, usedNames: &usedNames))
            }
        }
        return (list, needs)
    }

    /// One teacher of a part: age, tenure, backbone level, degree, title, exemption, home, name, history.
    private func teacher(_ rng: inout SplitMix64, number: Int, _ part: Part, _ plans: [Plan],
                         subjects: [(String, Double)], usedNames: inout Set<String>) -> Teacher {
        let p = plans[part.school]
        let gender: Gender = rng.chance(part.level == .primary ? 0.7 : 0.55) ? .female : .male
        let age = rng.int(23...(gender == .male ? 59 : 54))
        let yearsCap = max(0, age - 22)
        let years = min(yearsCap, rng.chance(0.5) ? rng.int(0...5) : rng.int(6...20))
        let backboneChance = p.strength == .strong ? (p.area == .urban ? 0.2 : 0.12)
            : (p.strength == .ordinary ? 0.08 : 0.03)
        let backbone: BackboneLevel = age >= 30 && rng.chance(backboneChance)
            ? rng.weighted([(.county, 0.6), (.city, 0.3), (.province, 0.1)]) : BackboneLevel.none
        let degree: Degree
        if part.level == .junior {
            degree = rng.weighted([(.associate, p.area == .rural ? 0.3 : 0.12), (.bachelor, 0.75), (.master, 0.1)])
        } else if p.area == .rural {
            degree = rng.weighted([(.secondary, 0.1), (.associate, 0.45), (.bachelor, 0.45)])
        } else {
            degree = rng.weighted([(.associate, 0.25), (.bachelor, 0.7), (.master, 0.05)])
        }
        let title: Title = age < 28 ? rng.weighted([(.none, 0.5), (.second, 0.5)])
            : (age < 40 ? rng.weighted([(.second, 0.5), (.first, 0.5)]) : rng.weighted([(.first, 0.6), (.senior, 0.4)]))
        var exemption: Exemption?
        let e = rng.unit()
        if e < 0.01 { exemption = .illness } else if e < 0.025, gender == .female, age < 40 { exemption = .pregnancy }
        else if e < 0.03 { exemption = .other }
        var home: Coordinate?
        if p.area != .urban, rng.chance(0.2) {
            home = Self.offset(Self.seat, km: rng.double(0.2, 4), angle: rng.double(0, 2 * .pi))
        } else if rng.chance(0.85) {
            home = Self.offset(p.location, km: rng.double(0.2, 3), angle: rng.double(0, 2 * .pi))
        }
        var name = rng.pick(Self.surnames) + rng.pick(Self.givenChars) + (rng.chance(0.7) ? rng.pick(Self.givenChars) : "")
        if usedNames.contains(name) { name += rng.pick(Self.givenChars) }
        usedNames.insert(name)
        var leftSchool: String?, leftYear: Int?
        if years < 6, age > 30, plans.count > 1, rng.chance(0.5) {
            let other = rng.int(0...(plans.count - 1))
            if other != part.school { leftSchool = plans[other].id; leftYear = year - years }
        }
        return Teacher(id: String(format: "T%05d", number), name: name, gender: gender, birthYear: year - age, schoolID: p.id,
                       subject: rng.weighted(subjects), level: part.level, backbone: backbone, title: title,
                       degree: degree, yearsAtSchool: years, exemption: exemption, home: home,
                       leftSchoolID: leftSchool, leftYear: leftYear)
    }

    /// Couples: about 3% of teachers, partners at schools within 10 km, living together.
    private func pairCouples(_ rng: inout SplitMix64, _ list: inout [Teacher], _ location: [String: Coordinate]) {
        var unpaired = Array(list.indices)
        let couples = list.count * 3 / 200
        for _ in 0..<couples {
            guard unpaired.count > 2 else { break }
            let a = unpaired.remove(at: rng.int(0...(unpaired.count - 1)))
            let candidates = unpaired.filter {
                list[$0].gender != list[a].gender
                    && location[list[$0].schoolID]!.distanceKm(to: location[list[a].schoolID]!) <= 10
                    && abs(list[$0].birthYear - list[a].birthYear) <= 5
            }
            guard !candidates.isEmpty else { continue }
            let b = rng.pick(candidates)
            unpaired.removeAll { $0 == b }
            list[a].partnerID = list[b].id; list[b].partnerID = list[a].id
            list[b].home = list[a].home ?? location[list[a].schoolID]
        }
    }

    /// Ranked wishes for a quarter of the eligible: schools of their level within 25 km of home.
    private func addWishes(_ rng: inout SplitMix64, _ list: inout [Teacher], _ plans: [Plan], _ location: [String: Coordinate],
                           _ policy: Policy) {
        for i in list.indices where policy.eligibility(of: list[i]).isEligible && rng.chance(0.25) {
            let home = list[i].home ?? location[list[i].schoolID]!
            let options = plans.filter {
                $0.id != list[i].schoolID && $0.level.admits(list[i].level) && $0.location.distanceKm(to: home) <= 25
            }
            guard !options.isEmpty else { continue }
            var picks: [String] = []
            for _ in 0..<rng.int(1...3) {
                let o = rng.pick(options).id
                if !picks.contains(o) { picks.append(o) }
            }
            list[i].preferences = picks
        }
    }

    /// A few manual decisions: one teacher in 250 locked to stay; in a larger county one locked move.
    private func addLocks(_ rng: inout SplitMix64, _ list: inout [Teacher], _ plans: [Plan], _ location: [String: Coordinate],
                          _ policy: Policy) {
        for i in list.indices where rng.chance(0.004) && list[i].partnerID == nil { list[i].lock = .stay }
        let urbanIDs = Set(plans.filter { $0.area == .urban }.map(\.id))
        if plans.count >= 10, let i = list.indices.first(where: { k in
            policy.eligibility(of: list[k]).isEligible && list[k].partnerID == nil && !list[k].backbone.isBackbone
                && urbanIDs.contains(list[k].schoolID)
        }) {
            let from = location[list[i].schoolID]!
            if let target = plans.filter({ $0.area != .urban && $0.level.admits(list[i].level) })
                .min(by: { $0.location.distanceKm(to: from) < $1.location.distanceKm(to: from) }) {
                list[i].lock = .moveTo(schoolID: target.id)
            }
        }
    }

    static func offset(_ c: Coordinate, km: Double, angle: Double) -> Coordinate {
        let dLat = km * cos(angle) / 111.195
        let dLon = km * sin(angle) / (111.195 * cos(c.latitude * Double.pi / 180))
        return Coordinate(latitude: c.latitude + dLat, longitude: c.longitude + dLon)
    }

    static func chineseNumber(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n < 10 { return digits[n] }
        if n < 20 { return "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        if n < 100 { return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        return String(n)
    }
}
