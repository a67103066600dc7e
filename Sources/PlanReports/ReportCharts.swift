import Foundation
import RotationModel
import RotationPlanner

/// The geometry of the report's SVG charts, as values for the templates (`flow`, `map`, `bars`).
enum ReportCharts {
    private static func r1(_ d: Double) -> String { String(format: "%.1f", d) }

    /// Kinds of school: area × strength, in a fixed order.
    private static let kinds: [(Area, Strength)] = Area.allCases.flatMap { a in
        [Strength.strong, .ordinary, .weak].map { (a, $0) }
    }

    /// Movers from each kind of school (left) to each kind (right), as lines whose width shows the count.
    static func flow(_ plan: Plan, _ language: ReportLanguage) -> [String: Any] {
        let county = plan.county
        func kind(_ s: Int) -> Int { kinds.firstIndex { $0.0 == county.schools[s].area && $0.1 == county.schools[s].strength }! }
        var counts = Array(repeating: Array(repeating: 0, count: kinds.count), count: kinds.count)
        for t in plan.movers { counts[kind(plan.candidates.current[t])][kind(plan.destination[t])] += 1 }
        let outOf = counts.map { $0.reduce(0, +) }
        let into = kinds.indices.map { k in counts.reduce(0) { $0 + $1[k] } }
        let total = max(1, outOf.reduce(0, +))
        let width = 760.0, rowHeight = 34.0, height = rowHeight * Double(kinds.count) + 10
        let leftX = 230.0, rightX = width - 240.0
        func label(_ k: Int) -> String { "\(language.area(kinds[k].0)) · \(language.strength(kinds[k].1))" }
        func y(_ k: Int) -> Double { 8 + rowHeight * Double(k) + rowHeight / 2 }
        func barHeight(_ n: Int) -> Double { max(2, (rowHeight - 8) * Double(n) / Double(max(1, outOf.max() ?? 1, into.max() ?? 1))) }
        var links: [[String: Any]] = []
        for a in kinds.indices {
            for b in kinds.indices where counts[a][b] > 0 {
                links.append(["x1": r1(leftX + 10), "y1": r1(y(a)), "x2": r1(rightX), "y2": r1(y(b)),
                              "width": r1(max(1, 24 * Double(counts[a][b]) / Double(total) * 3)),
                              "from": label(a), "to": label(b), "count": counts[a][b]])
            }
        }
        let left = kinds.indices.map { k -> [String: Any] in
            let h = barHeight(outOf[k])
            return ["x": r1(leftX), "y": r1(y(k) - h / 2), "h": r1(h), "tx": r1(leftX - 6), "ty": r1(y(k) + 4),
                    "label": label(k), "count": outOf[k]]
        }
        let right = kinds.indices.map { k -> [String: Any] in
            let h = barHeight(into[k])
            return ["x": r1(rightX), "y": r1(y(k) - h / 2), "h": r1(h), "tx": r1(rightX + 16), "ty": r1(y(k) + 4),
                    "label": label(k), "count": into[k]]
        }
        return ["width": r1(width), "height": r1(height), "links": links, "left": left, "right": right,
                "label": language.text("flow_title")]
    }

    /// Schools placed by position (equirectangular, scaled by the cosine of the mean latitude), with an arrow
    /// for each pair of schools that teachers move between.
    static func map(_ plan: Plan, _ language: ReportLanguage) -> [String: Any] {
        let schools = plan.county.schools
        let lats = schools.map(\.location.latitude), lons = schools.map(\.location.longitude)
        let meanLat = lats.reduce(0, +) / Double(max(1, lats.count))
        let k = cos(meanLat * .pi / 180)
        let minX = (lons.min() ?? 0) * k, maxX = (lons.max() ?? 0) * k
        let minY = lats.min() ?? 0, maxY = lats.max() ?? 0
        let spanX = max(maxX - minX, 1e-6), spanY = max(maxY - minY, 1e-6)
        let width = 760.0, plotW = 700.0
        let scale = min(plotW / spanX, 520 / spanY)
        let height = spanY * scale + 90
        func x(_ s: Int) -> Double { 30 + (schools[s].location.longitude * k - minX) * scale }
        func y(_ s: Int) -> Double { 30 + (maxY - schools[s].location.latitude) * scale }
        let colours: [Strength: String] = [.strong: "#1e8449", .ordinary: "#7f8c8d", .weak: "#d35400"]
        let maxStudents = Double(max(1, schools.map(\.students).max() ?? 1))
        var pairs: [Int: [Int: Int]] = [:]
        for t in plan.movers { pairs[plan.candidates.current[t], default: [:]][plan.destination[t], default: 0] += 1 }
        var arrows: [[String: Any]] = []
        for a in pairs.keys.sorted() {
            for b in pairs[a]!.keys.sorted() {
                let n = pairs[a]![b]!
                // Stop the arrow short of the destination's circle.
                let dx = x(b) - x(a), dy = y(b) - y(a), d = max(1e-6, (dx * dx + dy * dy).squareRoot())
                let stop = min(d * 0.9, 8)
                arrows.append(["x1": r1(x(a)), "y1": r1(y(a)), "x2": r1(x(b) - dx / d * stop), "y2": r1(y(b) - dy / d * stop),
                               "w": r1(min(5, 0.8 + Double(n) * 0.5)), "from": schools[a].name, "to": schools[b].name, "count": n])
            }
        }
        let dots = schools.indices.map { s -> [String: Any] in
            ["x": r1(x(s)), "y": r1(y(s)), "r": r1(3 + 7 * (Double(schools[s].students) / maxStudents).squareRoot()),
             "colour": colours[schools[s].strength]!, "name": schools[s].name, "id": schools[s].id, "students": schools[s].students]
        }
        let legend = [Strength.strong, .ordinary, .weak].enumerated().map { i, st -> [String: Any] in
            ["x": r1(40 + Double(i) * 130), "y": r1(height - 20), "tx": r1(50 + Double(i) * 130), "ty": r1(height - 16),
             "colour": colours[st]!, "label": language.strength(st)]
        }
        return ["width": r1(width), "height": r1(height), "arrows": arrows, "schools": dots, "legend": legend,
                "label": language.text("map_title")]
    }

    /// One bar pair (before, after) per counted school of the level, with the floor as a line.
    static func bars(_ plan: Plan, level: TeachingLevel, indicator: Indicator, _ language: ReportLanguage) -> [String: Any]? {
        let counted = Assessment.countedSchools(county: plan.county, policy: plan.policy, level: level)
        guard !counted.isEmpty else { return nil }
        let values = counted.map { s -> (name: String, before: Double, after: Double) in
            let p = Double(plan.county.schools[s].students(of: level)!)
            let b = Double(plan.before.schools[s].indicatorCounts[level]?[indicator] ?? 0) * 100 / p
            let a = Double(plan.after.schools[s].indicatorCounts[level]?[indicator] ?? 0) * 100 / p
            return (plan.county.schools[s].name, b, a)
        }
        let floor = plan.policy.standard(indicator, level).doubleValue
        let top = max(floor * 1.2, values.map { max($0.before, $0.after) }.max() ?? 1)
        let width = 760.0, x0 = 190.0, plotW = width - x0 - 20, h = 6.0, rowH = 16.0
        func w(_ v: Double) -> String { r1(plotW * min(v, top) / top) }
        let rows = values.enumerated().map { i, v -> [String: Any] in
            let y = 4 + Double(i) * rowH
            return ["name": v.name, "labelX": r1(x0 - 6), "ty": r1(y + 10), "x0": r1(x0), "y": r1(y), "y2": r1(y + h),
                    "h": r1(h), "before": w(v.before), "after": w(v.after),
                    "beforeValue": String(format: "%.2f", v.before), "afterValue": String(format: "%.2f", v.after)]
        }
        return ["width": r1(width), "height": r1(8 + Double(values.count) * rowH), "rows": rows,
                "floorX": r1(x0 + plotW * floor / top)]
    }
}
