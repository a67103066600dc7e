/// The school levels of compulsory education. A nine-year school (九年一贯制) teaches both.
public enum SchoolLevel: String, Sendable, CaseIterable, Codable {
    case primary, junior
    case nineYear = "nine_year"

    /// Whether a teacher of `level` may work here.
    public func admits(_ level: TeachingLevel) -> Bool {
        self == .nineYear || rawValue == level.rawValue
    }
}

/// The level a teacher teaches.
public enum TeachingLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case primary, junior
    public static func < (a: TeachingLevel, b: TeachingLevel) -> Bool { a == .primary && b == .junior }
}

/// 城区 / 镇区 / 乡村.
public enum Area: String, Sendable, CaseIterable, Codable { case urban, town, rural }

/// 优质校 / 普通校 / 薄弱校, ordered weak < ordinary < strong.
public enum Strength: String, Sendable, CaseIterable, Codable, Comparable {
    case weak, ordinary, strong
    var rank: Int { self == .weak ? 0 : (self == .ordinary ? 1 : 2) }
    public static func < (a: Strength, b: Strength) -> Bool { a.rank < b.rank }
}

/// A point on the Earth in decimal degrees.
public struct Coordinate: Sendable, Equatable, Hashable {
    public var latitude: Double
    public var longitude: Double
    public init(latitude: Double, longitude: Double) { self.latitude = latitude; self.longitude = longitude }

    /// Great-circle (haversine) distance in km on a sphere of radius 6371.0 km.
    public func distanceKm(to other: Coordinate) -> Double {
        let r = 6371.0, rad = Double.pi / 180
        let dLat = (other.latitude - latitude) * rad, dLon = (other.longitude - longitude) * rad
        let a = sinHalfSquared(dLat) + cosDeg(latitude) * cosDeg(other.latitude) * sinHalfSquared(dLon)
        return 2 * r * asinClamped(a.squareRoot())
    }
}

private func sinHalfSquared(_ x: Double) -> Double { let s = sinApprox(x / 2); return s * s }
private func cosDeg(_ degrees: Double) -> Double { cosApprox(degrees * Double.pi / 180) }
// Foundation-free trigonometry keeps this module dependency-free; these call the C library through Glibc.
#if canImport(Glibc)
import Glibc
private func sinApprox(_ x: Double) -> Double { Glibc.sin(x) }
private func cosApprox(_ x: Double) -> Double { Glibc.cos(x) }
private func asinClamped(_ x: Double) -> Double { Glibc.asin(min(1, max(-1, x))) }
#else
import Foundation
private func sinApprox(_ x: Double) -> Double { Foundation.sin(x) }
private func cosApprox(_ x: Double) -> Double { Foundation.cos(x) }
private func asinClamped(_ x: Double) -> Double { Foundation.asin(min(1, max(-1, x))) }
#endif

/// A public compulsory-education school of the county.
public struct School: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var level: SchoolLevel
    public var area: Area
    public var strength: Strength
    /// Enrolment.
    public var students: Int
    /// For a nine-year school, the split of enrolment by level, when known.
    public var studentsPrimary: Int?
    public var studentsJunior: Int?
    public var location: Coordinate
    /// 编制 headcount, when given (informational).
    public var staffQuota: Int?
    /// The audit's facility indicators, where given (`rooms_m2_per_student` …): constants for the plan.
    public var facilities: [AuditIndicator: Double]
    /// The school group (学区 / 集团 / 联盟), free text; nil: the school is its own group.
    public var group: String?
    /// The group as the plan sees it: the school's own id when it has none.
    public var groupKey: String { group ?? "#" + id }

    public init(id: String, name: String, level: SchoolLevel, area: Area, strength: Strength, students: Int,
                studentsPrimary: Int? = nil, studentsJunior: Int? = nil, location: Coordinate, staffQuota: Int? = nil,
                facilities: [AuditIndicator: Double] = [:], group: String? = nil) {
        self.id = id; self.name = name; self.level = level; self.area = area; self.strength = strength
        self.students = students; self.studentsPrimary = studentsPrimary; self.studentsJunior = studentsJunior
        self.location = location; self.staffQuota = staffQuota; self.facilities = facilities; self.group = group
    }

    /// The enrolment of one level, or `nil` when this school does not report it: a nine-year school counts
    /// in a level only when its split is given.
    public func students(of level: TeachingLevel) -> Int? {
        switch self.level {
        case .primary: return level == .primary ? students : nil
        case .junior: return level == .junior ? students : nil
        case .nineYear: return level == .primary ? studentsPrimary : studentsJunior
        }
    }
}
