import Foundation
import RotationModel

/// Writes a ``County`` and a policy in the dataset format that ``DatasetReader`` reads.
public enum CountyWriter {
    public static func schoolsCSV(_ county: County) -> String {
        let header = ["id", "name", "level", "area", "strength", "students", "students_primary", "students_junior",
                      "lat", "lon", "staff_quota"]
        let rows = county.schools.map { s in
            [s.id, s.name, s.level.rawValue, s.area.rawValue, s.strength.rawValue, String(s.students),
             s.studentsPrimary.map(String.init) ?? "", s.studentsJunior.map(String.init) ?? "",
             coordinate(s.location.latitude), coordinate(s.location.longitude), s.staffQuota.map(String.init) ?? ""]
        }
        return CSVText.make(header: header, rows: rows)
    }

    public static func teachersCSV(_ county: County) -> String {
        let header = ["id", "name", "gender", "birth_year", "school_id", "subject", "level", "backbone", "title", "degree",
                      "years_at_school", "exempt", "partner_id", "home_lat", "home_lon", "lock", "left_school_id",
                      "left_year", "preferences"]
        let rows = county.teachers.map { t -> [String] in
            let lock: String
            switch t.lock {
            case nil: lock = ""
            case .stay?: lock = "stay"
            case .moveTo(let id)?: lock = id
            }
            return [t.id, t.name, t.gender.rawValue, String(t.birthYear), t.schoolID, t.subject, t.level.rawValue,
                    t.backbone.rawValue, t.title.rawValue, t.degree.rawValue, String(t.yearsAtSchool),
                    t.exemption?.rawValue ?? "", t.partnerID ?? "",
                    t.home.map { coordinate($0.latitude) } ?? "", t.home.map { coordinate($0.longitude) } ?? "",
                    lock, t.leftSchoolID ?? "", t.leftYear.map(String.init) ?? "",
                    t.preferences.joined(separator: ";")]
        }
        return CSVText.make(header: header, rows: rows)
    }

    public static func needsCSV(_ county: County) -> String {
        CSVText.make(header: ["school_id", "subject", "required"],
                     rows: county.needs.map { [$0.schoolID, $0.subject, String($0.required)] })
    }

    /// A policy file with a comment on every key, holding the values of `policy`.
    public static func policyYAML(_ p: Policy) -> String {
        func num(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e12 ? String(Int(d)) : String(d) }
        return """
        # Rotation policy for one school year. Every key is optional; the values below are the defaults
        # unless the county changed them. Keys and meanings: docs/data-format.md.
        year: \(p.year)                 # the school year being planned
        tenure_years: \(p.tenureYears)            # years at the current school before a teacher is eligible to move
        retirement_age: {M: \(p.retirementAge(of: .male)), F: \(p.retirementAge(of: .female))}
        retirement_exempt_years: \(p.retirementExemptYears) # not eligible when age >= retirement_age - this
        rotation_rate: \(p.rotationRate)        # R3: at least ceil(rate * eligible) of a school's eligible teachers move
        backbone_share: \(p.backboneShare)       # R5: backbone teachers are at least this share of all movers, county-wide
        backbone_downward: \(p.backboneDownward)   # R5: a backbone mover never goes to a stronger school than the one they leave
        every_school_sends: \(p.everySchoolSends)  # R4: each school with an eligible teacher sends at least one
        every_school_receives: \(p.everySchoolReceives) # R4: ... and receives at least one
        max_commute_km: \(num(p.maxCommuteKm))         # R2: from the teacher's home to the new school
        max_turnover: \(p.maxTurnover)         # R6: at most max(1, floor(this * staff)) leave a school, and as many arrive
        keep_headcount: \(p.keepHeadcount)      # R6: each school receives as many as it sends
        no_return_years: \(p.noReturnYears)         # R2: no return to the school left less than this many years ago
        couple_max_km: \(num(p.coupleMaxKm))          # R7: partners end up at schools at most this far apart
        cv_min_students: \(p.cvMinStudents)         # schools with this many students or fewer are left out of the balance CV
        pe_arts_subjects: [\(p.peArtsSubjects.joined(separator: ", "))]  # subjects of the PE-and-arts indicator
        weights: {shortage: \(num(p.weights.shortage)), balance: \(num(p.weights.balance)), commute: \(num(p.weights.commute)), moves: \(num(p.weights.moves)), preference: \(num(p.weights.preference)), floor: \(num(p.weights.floor))}
        # weights.floor > 0 also plans for the per-school floors of the balance indicators (docs/formulation.md)
        solver: {time_limit_s: \(num(p.solver.timeLimitSeconds)), gap: \(num(p.solver.gap))}

        """
    }

    /// Writes a dataset folder atomically.
    public static func write(_ county: County, policy: Policy, to folder: URL) throws {
        var out = OutputDirectory(folder)
        out.add(DatasetFile.schools, schoolsCSV(county))
        out.add(DatasetFile.teachers, teachersCSV(county))
        out.add(DatasetFile.needs, needsCSV(county))
        out.add(DatasetFile.policy, policyYAML(policy))
        try out.commit()
    }

    static func coordinate(_ d: Double) -> String {
        let scaled = (d * 1_000_000).rounded() / 1_000_000
        return String(format: "%.6f", scaled)
    }
}
