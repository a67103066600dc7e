import CountyData
import Foundation
import RotationModel

/// Random small counties for property tests: a few schools scattered over ~40 km, tens of teachers with
/// random tenure, exemptions, backbone levels, couples, locks, wishes and no-return history.
enum RandomCounty {
    static func make(seed: UInt64, schools: ClosedRange<Int> = 3...6, teachers: ClosedRange<Int> = 12...40,
                     locks: Bool = true, terms: Bool = false, subjects withSubjects: Bool = false) -> (County, Policy) {
        var rng = SplitMix64(seed: seed)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
        func pick<T>(_ a: [T]) -> T { a[int(0...(a.count - 1))] }
        let n = int(schools)
        var list: [School] = []
        for i in 0..<n {
            let level: SchoolLevel = i == 0 ? .primary : (i == 1 ? .junior : pick([.primary, .primary, .junior, .nineYear]))
            let students = int(40...900)
            let split = level == .nineYear && u() < 0.7
            list.append(School(id: "S\(i + 1)", name: "学校\(i + 1), \"quoted\"", level: level, area: pick(Area.allCases),
                               strength: pick(Strength.allCases), students: students,
                               studentsPrimary: split ? students / 2 : nil, studentsJunior: split ? students - students / 2 : nil,
                               location: Coordinate(latitude: 30 + u() * 0.3, longitude: 117 + u() * 0.3)))
        }
        let subjects = ["语文", "数学", "英语", "音乐", "体育", "美术"]
        var people: [Teacher] = []
        let m = int(teachers)
        for k in 0..<m {
            let s = list[k % n]
            let level: TeachingLevel = s.level == .primary ? .primary : (s.level == .junior ? .junior : pick([.primary, .junior]))
            var t = Teacher(id: "T\(k + 1)", name: "教师\(k + 1)", gender: pick([.male, .female]), birthYear: 2027 - int(24...60),
                            schoolID: s.id, subject: pick(subjects), level: level,
                            backbone: u() < 0.3 ? pick([.county, .city, .province]) : .none, title: pick(Title.allCases),
                            degree: pick(Degree.allCases), yearsAtSchool: int(0...14))
            if u() < 0.05 { t.exemption = pick(Exemption.allCases) }
            if u() < 0.5 { t.home = Coordinate(latitude: s.location.latitude + (u() - 0.5) * 0.2, longitude: s.location.longitude + (u() - 0.5) * 0.2) }
            if u() < 0.2 { t.leftSchoolID = pick(list).id; t.leftYear = 2027 - int(0...10) }
            if u() < 0.3 { t.preferences = [pick(list).id, pick(list).id].reduce(into: []) { if !$0.contains($1) && $1 != s.id { $0.append($1) } } }
            if locks && u() < 0.04 { t.lock = .stay }
            // Some teachers serving a term (支教) away from a home school of their level: ended, or not yet.
            if terms && u() < 0.2, let home = list.filter({ $0.id != s.id && $0.level.admits(level) }).first {
                t.homeSchoolID = home.id
                t.termEndYear = 2027 - int(0...2) + int(0...1)
                if u() < 0.2 { t.lock = .stay }
            }
            people.append(t)
        }
        // A couple or two.
        for _ in 0..<int(0...2) {
            let a = int(0...(m - 1)), b = int(0...(m - 1))
            if a != b, people[a].partnerID == nil, people[b].partnerID == nil {
                people[a].partnerID = people[b].id; people[b].partnerID = people[a].id
            }
        }
        // Maybe a locked move to a school of the teacher's level.
        if locks && u() < 0.3 {
            let a = int(0...(m - 1))
            if let target = list.first(where: { $0.id != people[a].schoolID && $0.level.admits(people[a].level) }) {
                people[a].lock = .moveTo(schoolID: target.id)
            }
        }
        // Maybe an accepted objection on a teacher who is surely eligible (7+ years, no exemption, far from retirement).
        if locks && u() < 0.3, let a = people.indices.first(where: { k in
            people[k].yearsAtSchool >= 7 && people[k].exemption == nil && people[k].lock == nil && people[k].homeSchoolID == nil && 2027 - people[k].birthYear <= 45
        }) {
            let other = pick(list.filter { $0.id != people[a].schoolID }).id
            people[a].lock = pick([Lock.leave, .notTo([other]), .onlyTo([other])])
        }
        var needs: [SubjectNeed] = []
        for s in list where u() < 0.8 {
            for subject in ["音乐", "体育", "英语"] where u() < 0.6 {
                needs.append(SubjectNeed(schoolID: s.id, subject: subject, required: int(0...3)))
            }
        }
        var policy = Policy()
        policy.rotationRate = pick([Rate(numerator: 10, denominator: 100), Rate(numerator: 15, denominator: 100),
                                    Rate(numerator: 3, denominator: 10), Rate(numerator: 0, denominator: 1)])
        policy.backboneShare = pick([Rate(numerator: 20, denominator: 100), Rate(numerator: 0, denominator: 1),
                                     Rate(numerator: 35, denominator: 100)])
        policy.tenureYears = int(3...7)
        policy.maxCommuteKm = pick([15, 25, 40])
        policy.maxTurnover = pick([Rate(numerator: 2, denominator: 10), Rate(numerator: 5, denominator: 10)])
        policy.keepHeadcount = u() < 0.6
        policy.everySchoolSends = u() < 0.7
        policy.everySchoolReceives = u() < 0.5
        policy.backboneDownward = u() < 0.7
        policy.coupleMaxKm = pick([5, 20])
        policy.cvMinStudents = pick([0, 100])
        policy.solver.gap = 0
        policy.solver.timeLimitSeconds = 30
        if withSubjects { addSubjectsAndWalking(seed: seed, schools: &list, teachers: &people, policy: &policy) }
        return (County(schools: list, teachers: people, needs: needs), policy)
    }

    /// Teachers of several subjects and retraining options (R14), walking (R15) and staff quotas (R16), from a
    /// random stream of their own (the rest of the county is what the seed made without them).
    static func addSubjectsAndWalking(seed: UInt64, schools: inout [School], teachers: inout [Teacher], policy: inout Policy) {
        var rng = SplitMix64(seed: seed ^ 0x5B1E_C7)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        let all = ["语文", "数学", "英语", "音乐", "体育", "美术"]
        for k in teachers.indices {
            if u() < 0.3, let second = all.filter({ !teachers[k].subjects.contains($0) }).randomElement(using: &rng) {
                teachers[k].otherSubjects.append(second)
            }
            if u() < 0.15, let retrain = all.filter({ !teachers[k].subjects.contains($0) }).randomElement(using: &rng) {
                teachers[k].retrain.append(retrain)
            }
        }
        policy.walking.enabled = u() < 0.7
        policy.walking.maxKm = pick([10, 20, 40])
        policy.walking.maxSchools = pick([1, 2])
        policy.walking.share = pick([Rate(numerator: 5, denominator: 10), Rate(numerator: 3, denominator: 10)])
        if u() < 0.5 {
            policy.staffing = "toward_quota"
            var staff: [String: Int] = [:]
            for t in teachers { staff[t.schoolID, default: 0] += 1 }
            for i in schools.indices where u() < 0.7 { schools[i].staffQuota = max(0, (staff[schools[i].id] ?? 0) + Int(rng.next() % 7) - 3) }
        }
    }
}
