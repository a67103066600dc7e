import Foundation
import Mustache
import PlanReports

/// The HTML pages of a comparison and of a sweep: the table, and a chart per figure (bars across scenarios;
/// lines along a swept value, with the values where the policy cannot be met marked). Self-contained like the
/// plan's pages; every value is escaped by the templates.
public enum WhatIfPages {
    /// The figures charted, by their row name in ``ComparisonTable``.
    static let charted = ["movers", "moved_beyond_minimum", "backbone_share", "unmet_need_after",
                          "cv_after.primary.backbone", "cv_after.junior.backbone", "cv_after.primary.pe_arts",
                          "cv_after.junior.pe_arts", "commute_km_total", "commute_km_longest"]

    public static func comparison(_ table: ComparisonTable, title: String, language: ReportLanguage = .zh) -> String {
        var charts: [[String: Any]] = []
        for figure in charted {
            guard let row = table.rows.first(where: { $0.figure == figure }) else { continue }
            let values = row.values.map { Double($0.replacingOccurrences(of: "%", with: "")) }
            guard let top = values.compactMap({ $0 }).max(), top > 0 else { continue }
            let rows = zip(table.scenarios, zip(row.values, values)).enumerated().map { i, item -> [String: Any] in
                let (name, (text, value)) = item
                return ["label": name, "y": 6 + i * 22, "ty": 18 + i * 22,
                        "width": String(format: "%.1f", 520 * (value ?? 0) / top), "value": text.isEmpty ? "—" : text,
                        "vx": String(format: "%.1f", 186 + 520 * (value ?? 0) / top)]
            }
            charts.append(["figure": figure, "label": ComparisonTable.label(figure).text(language.rawValue), "rows": rows,
                           "height": 12 + table.scenarios.count * 22])
        }
        var context = words(language, table)
        context["title"] = title
        context["charts"] = charts
        return render("comparison", context)
    }

    public static func sweep(_ table: ComparisonTable, sweep: Sweep, results: [ScenarioResult], title: String,
                             language: ReportLanguage = .zh) -> String {
        var charts: [[String: Any]] = []
        let n = sweep.values.count
        let width = 720.0, left = 60.0, right = 20.0, height = 180.0, top = 14.0, bottom = 150.0
        func x(_ i: Int) -> Double { n == 1 ? left + (width - left - right) / 2 : left + (width - left - right) * Double(i) / Double(n - 1) }
        for figure in charted {
            guard let row = table.rows.first(where: { $0.figure == figure }) else { continue }
            let values = row.values.map { Double($0.replacingOccurrences(of: "%", with: "")) }
            let known = values.compactMap { $0 }
            guard let hi = known.max(), let lo = known.min() else { continue }
            let span = max(hi - lo, max(abs(hi), 1) * 0.1)
            let floor = max(0, lo - span * 0.1), ceiling = hi + span * 0.1
            func y(_ v: Double) -> Double { bottom - (bottom - top) * (v - floor) / (ceiling - floor) }
            let points = values.enumerated().compactMap { i, v in v.map { (i, $0) } }
            let polyline = points.map { String(format: "%.1f,%.1f", x($0.0), y($0.1)) }.joined(separator: " ")
            let dots = points.map { ["x": String(format: "%.1f", x($0.0)), "y": String(format: "%.1f", y($0.1)),
                                     "value": row.values[$0.0], "label": sweep.values[$0.0]] as [String: Any] }
            let missing = values.indices.filter { values[$0] == nil }.map {
                ["x": String(format: "%.1f", x($0)), "y": String(format: "%.1f", bottom - 6), "label": sweep.values[$0],
                 "status": results[$0].status] as [String: Any]
            }
            let ticks = sweep.values.enumerated().map { ["x": String(format: "%.1f", x($0.offset)), "label": $0.element] as [String: Any] }
            charts.append(["figure": figure, "label": ComparisonTable.label(figure).text(language.rawValue), "polyline": polyline, "dots": dots, "missing": missing, "ticks": ticks,
                           "width": width, "height": height, "bottom": bottom, "left": left, "right": width - right,
                           "hi": String(format: "%.3g", ceiling), "lo": String(format: "%.3g", floor),
                           "hiY": top + 4, "loY": bottom])
        }
        var context = words(language, table)
        context["title"] = title
        context["key"] = sweep.key
        context["lines"] = charts
        return render("sweep", context)
    }

    /// The table and the fixed words of both pages in `language`: each figure by its words (its key stays in
    /// `data-figure`, as in the CSV).
    static func words(_ language: ReportLanguage, _ table: ComparisonTable) -> [String: Any] {
        let zh = language == .zh
        return [
            "lang": zh ? "zh-CN" : "en", "scenarios": table.scenarios.map { ["name": $0] },
            "rows": table.rows.map { r in
                ["figure": r.figure, "label": ComparisonTable.label(r.figure).text(language.rawValue),
                 "values": (r.figure == "status" ? r.values.map { ComparisonTable.status($0).text(language.rawValue) }
                            : r.figure == "diagnosis" && zh && table.diagnosisZH.count == r.values.count ? table.diagnosisZH
                            : r.figure == "overrides" && zh ? r.values.map { $0 == "the dataset's policy" ? "数据集的政策文件（未调整）" : $0 } : r.values)
                    .map { ["value": $0] }] as [String: Any]
            },
            "t": [
                "figure": zh ? "指标" : "figure", "side_by_side": zh ? "方案对比" : "Side by side", "charts": zh ? "图表" : "Charts",
                "table": zh ? "数据表" : "Table",
                "sweep_note": zh ? "每个点是一个方案，其参数取点下方的值；红色 × 表示该值下政策无法满足（或未找到方案）。"
                    : "Each point is a plan with the key set to the value below it; a red × marks a value where the policy cannot be met (or no plan was found).",
            ],
        ]
    }

    private static func render(_ name: String, _ context: [String: Any]) -> String {
        var library = MustacheLibrary()
        // The templates are part of the program: an error in one is a bug the tests catch.
        try! library.register(ReportTemplates.head, named: "head")
        try! library.register(table, named: "table")
        try! library.register(name == "comparison" ? comparisonPage : sweepPage, named: name)
        return library.render(context, withTemplate: name) ?? ""
    }

    static let table = """
    <div class="scroll"><table>
      <tr><th>{{t.figure}}</th>{{#scenarios}}<th>{{name}}</th>{{/scenarios}}</tr>
      {{#rows}}<tr data-figure="{{figure}}"><td>{{label}}</td>{{#values}}<td>{{value}}</td>{{/values}}</tr>{{/rows}}
    </table></div>
    """

    static let comparisonPage = """
    <!DOCTYPE html>
    <html lang="{{lang}}">
    <head>{{> head}}<title>{{title}}</title></head>
    <body>
    <h1>{{title}}</h1>
    <h2>{{t.side_by_side}}</h2>
    {{> table}}
    <h2>{{t.charts}}</h2>
    {{#charts}}<h3>{{label}}</h3>
    <svg viewBox="0 0 760 {{height}}" role="img" aria-label="{{label}}" data-figure="{{figure}}">
      {{#rows}}<text x="180" y="{{ty}}" text-anchor="end">{{label}}</text><rect x="186" y="{{y}}" width="{{width}}" height="16" fill="#1f6fb2"/><text x="{{vx}}" y="{{ty}}" dx="4">{{value}}</text>{{/rows}}
    </svg>{{/charts}}
    </body>
    </html>

    """

    static let sweepPage = """
    <!DOCTYPE html>
    <html lang="{{lang}}">
    <head>{{> head}}<title>{{title}}</title></head>
    <body>
    <h1>{{title}}</h1>
    <p class="note">{{key}}: {{t.sweep_note}}</p>
    {{#lines}}<h3>{{label}}</h3>
    <svg viewBox="0 0 {{width}} {{height}}" role="img" aria-label="{{label}}" data-figure="{{figure}}">
      <line x1="{{left}}" y1="{{bottom}}" x2="{{right}}" y2="{{bottom}}" stroke="#b8c2cc"/>
      <text x="4" y="{{hiY}}">{{hi}}</text><text x="4" y="{{loY}}">{{lo}}</text>
      {{#ticks}}<text x="{{x}}" y="170" text-anchor="middle">{{label}}</text>{{/ticks}}
      <polyline points="{{polyline}}" fill="none" stroke="#1f6fb2" stroke-width="2"/>
      {{#dots}}<circle cx="{{x}}" cy="{{y}}" r="3.5" fill="#1f6fb2"><title>{{label}}: {{value}}</title></circle>{{/dots}}
      {{#missing}}<text x="{{x}}" y="{{y}}" text-anchor="middle" style="fill:#c0392b;font-size:16px">×<title>{{label}}: {{status}}</title></text>{{/missing}}
    </svg>{{/lines}}
    <h2>{{t.table}}</h2>
    {{> table}}
    </body>
    </html>

    """
}
