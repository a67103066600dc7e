/// The Mustache templates of the HTML pages. `{{ }}` escapes every value for HTML; nothing taken from the
/// input is ever inserted with `{{{ }}}`. Pages are self-contained: inline CSS, inline SVG, no scripts, no
/// network.
public enum ReportTemplates {
    static let all: [String: String] = [
        "head": head, "county": county, "school": school, "index": index,
        "bars": bars, "map": map, "flow": flow,
    ]

    /// The `<head>` contents every page shares: charset, viewport and the inline style sheet.
    public static let head = """
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <style>
    :root { --ink: #1d2733; --muted: #5b6776; --line: #d8dee6; --accent: #1f6fb2; --bad: #c0392b; --good: #1e8449; }
    * { box-sizing: border-box; }
    body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
           color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 16px; line-height: 1.5; }
    h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.2rem; margin: 28px 0 8px; border-bottom: 2px solid var(--line); }
    .sub { color: var(--muted); margin: 0 0 12px; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 10px; }
    .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
    .card .value { font-size: 1.5rem; font-weight: 600; } .card .label { color: var(--muted); font-size: .85rem; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-size: .92rem; }
    th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
    th { background: #f3f6f9; font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .good { color: var(--good); } .bad { color: var(--bad); } .note { color: var(--muted); font-size: .85rem; }
    svg { width: 100%; height: auto; display: block; } svg text { font-size: 11px; fill: var(--ink); }
    .status-optimal { color: var(--good); font-weight: 600; } .status-feasible { color: #b9770e; font-weight: 600; }
    nav a { margin-right: 12px; } a { color: var(--accent); }
    footer { margin-top: 32px; color: var(--muted); font-size: .8rem; }
    @page { size: A4; margin: 14mm; }
    @media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } table, svg, .card { break-inside: avoid; }
                   nav { display: none; } a { color: inherit; text-decoration: none; } }
    @media (max-width: 600px) { body { padding: 8px; } h1 { font-size: 1.3rem; } th, td { padding: 4px; } }
    </style>
    """

    static let county = """
    <!DOCTYPE html>
    <html lang="{{t.lang}}">
    <head>{{> head}}<title>{{t.county_title}} {{year}}</title></head>
    <body>
    <nav><a href="index.html">{{t.back_to_index}}</a></nav>
    <h1>{{t.county_title}} · {{year}}</h1>
    <p class="sub">{{t.status}}: <span class="status-{{status}}" data-status="{{status}}">{{statusText}}</span>{{#gap}} · {{t.gap}} {{gap}}{{/gap}}{{#stoppedBy}} · {{t.stopped_by}} {{stoppedBy}}{{/stoppedBy}}</p>

    <h2>{{t.key_figures}}</h2>
    <div class="cards">
      <div class="card"><div class="value" data-figure="teachers">{{teachers}}</div><div class="label">{{t.teachers}}</div></div>
      <div class="card"><div class="value" data-figure="eligible">{{eligible}}</div><div class="label">{{t.eligible}}</div></div>
      <div class="card"><div class="value" data-figure="movers">{{movers}}</div><div class="label">{{t.movers}} ({{t.minimum_movers}} {{minimumMovers}})</div></div>
      <div class="card"><div class="value" data-figure="backbone_movers">{{backboneMovers}}</div><div class="label">{{t.backbone_movers}}: {{backboneShare}} ({{t.policy_at_least}} {{backboneSharePolicy}})</div></div>
      <div class="card"><div class="value">{{schoolsSending}} {{t.of}} {{schools}}</div><div class="label">{{t.schools_sending}}</div></div>
      <div class="card"><div class="value">{{schoolsReceiving}} {{t.of}} {{schools}}</div><div class="label">{{t.schools_receiving}}</div></div>
      <div class="card"><div class="value" data-figure="quotas_met">{{quotasMet}} {{t.of}} {{quotaSchools}}</div><div class="label">{{t.quotas_met}}</div></div>
    </div>

    <h2>{{t.unmet_title}}</h2>
    {{#hasUnmet}}
    <div class="scroll"><table>
      <tr><th>{{t.subject}}</th><th class="num">{{t.before}}</th><th class="num">{{t.after}}</th></tr>
      {{#unmet}}<tr data-subject="{{subject}}"><td>{{subject}}</td><td class="num">{{before}}</td><td class="num" data-unmet-after="{{subject}}">{{after}}</td></tr>{{/unmet}}
      <tr><th>{{t.total}}</th><th class="num" data-figure="unmet_before">{{unmetBefore}}</th><th class="num" data-figure="unmet_after">{{unmetAfter}}</th></tr>
    </table></div>
    {{/hasUnmet}}
    {{^hasUnmet}}<p>{{t.no_unmet}}</p>{{/hasUnmet}}

    {{#hasStaffing}}<h2>{{t.staffing_title}}</h2>
    <div class="scroll"><table id="staffing">
      <tr><th></th><th class="num">{{t.before}}</th><th class="num">{{t.after}}</th></tr>
      {{#staffing}}<tr><td>{{label}}</td><td class="num">{{before}}</td><td class="num">{{after}}</td></tr>{{/staffing}}
    </table></div>
    {{#overAfter}}<p class="note" id="over-quota">{{t.over_quota_after}}{{overAfter}}</p>{{/overAfter}}
    {{#underAfter}}<p class="note" id="under-quota">{{t.under_quota_after}}{{underAfter}}</p>{{/underAfter}}{{/hasStaffing}}

    <h2>{{t.balance_title}}</h2>
    <p class="note">{{t.balance_note}}</p>
    <div class="scroll"><table>
      <tr><th>{{t.level}}</th><th>{{t.indicator}}</th><th class="num">{{t.cv_before}}</th><th class="num">{{t.cv_after}}</th><th class="num">{{t.cv_cap}}</th><th class="num">{{t.floor}}</th><th class="num">{{t.meeting_floor}}</th></tr>
      {{#balance}}<tr>
        <td>{{level}}</td><td>{{indicator}}</td>
        <td class="num" data-cv="{{key}}-before">{{cvBefore}}</td>
        <td class="num {{cvClass}}" data-cv="{{key}}-after">{{cvAfter}}</td>
        <td class="num">{{cap}}</td><td class="num">{{floor}}</td>
        <td class="num" data-floor="{{key}}">{{floorBefore}} → {{floorAfter}} {{t.of}} {{schools}}</td>
      </tr>{{/balance}}
    </table></div>

    <h2>{{t.audit_title}}</h2>
    <p class="note">{{auditRule}}</p>
    <div class="scroll"><table>
      <tr><th>{{t.level}}</th><th class="num">{{t.audited}}</th><th class="num">{{t.passing_before}}</th><th class="num">{{t.passing_after}}</th></tr>
      {{#auditLevels}}<tr><td>{{level}}</td><td class="num">{{audited}}</td><td class="num" data-passing="{{key}}-before">{{before}}</td><td class="num" data-passing="{{key}}-after">{{after}}</td></tr>{{/auditLevels}}
    </table></div>
    <div class="scroll"><table>
      <tr><th>{{t.level}}</th><th>{{t.indicator}}</th><th class="num">{{t.cv_before}}</th><th class="num">{{t.cv_after}}</th><th class="num">{{t.cv_cap}}</th><th></th></tr>
      {{#auditSpreads}}<tr><td>{{level}}</td><td>{{indicator}}</td><td class="num">{{cvBefore}}</td><td class="num {{cvClass}}" data-audit-cv="{{key}}">{{cvAfter}}</td><td class="num">{{cap}}</td><td class="note">{{note}}</td></tr>{{/auditSpreads}}
    </table></div>
    {{#auditNotes}}<p class="note">{{.}}</p>{{/auditNotes}}

    {{#hasGroups}}<h2>{{t.groups_title}}</h2>
    <div class="scroll"><table>
      <tr><th>{{t.group}}</th><th class="num">{{t.schools_word}}</th><th class="num">{{t.group_out}}</th><th class="num">{{t.group_in}}</th><th class="num">{{t.group_within}}</th><th class="num">{{t.unmet_before}}</th><th class="num">{{t.unmet_after}}</th><th>{{t.group_cv}}</th></tr>
      {{#groups}}<tr data-group="{{name}}"><td>{{name}}</td><td class="num">{{schools}}</td><td class="num">{{out}}</td><td class="num">{{in}}</td><td class="num">{{within}}</td><td class="num">{{unmetBefore}}</td><td class="num">{{unmetAfter}}</td><td class="note">{{cvs}}</td></tr>{{/groups}}
    </table></div>{{/hasGroups}}

    <h2>{{t.flow_title}}</h2>
    <p class="note">{{t.flow_note}}</p>
    {{#flow}}{{> flow}}{{/flow}}

    <h2>{{t.map_title}}</h2>
    <p class="note">{{t.map_note}}</p>
    {{#map}}{{> map}}{{/map}}

    <h2>{{t.bars_title}}</h2>
    <p class="note">{{t.bars_note}}</p>
    {{#barCharts}}<h3>{{caption}}</h3>{{> bars}}{{/barCharts}}

    <footer>{{t.generated_by}}</footer>
    </body>
    </html>

    """

    static let flow = """
    <svg viewBox="0 0 {{width}} {{height}}" role="img" aria-label="{{label}}">
      {{#links}}<line x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" stroke="#1f6fb2" stroke-opacity="0.45" stroke-width="{{width}}"><title>{{from}} → {{to}}: {{count}}</title></line>{{/links}}
      {{#left}}<rect x="{{x}}" y="{{y}}" width="10" height="{{h}}" fill="#5b6776"/><text x="{{tx}}" y="{{ty}}" text-anchor="end">{{label}} ({{count}})</text>{{/left}}
      {{#right}}<rect x="{{x}}" y="{{y}}" width="10" height="{{h}}" fill="#5b6776"/><text x="{{tx}}" y="{{ty}}">{{label}} ({{count}})</text>{{/right}}
    </svg>
    """

    static let map = """
    <svg viewBox="0 0 {{width}} {{height}}" role="img" aria-label="{{label}}">
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f6fb2"/></marker></defs>
      <rect x="0" y="0" width="{{width}}" height="{{height}}" fill="#f7f9fb" stroke="#d8dee6"/>
      {{#arrows}}<line x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" stroke="#1f6fb2" stroke-opacity="0.5" stroke-width="{{w}}" marker-end="url(#arrow)"><title>{{from}} → {{to}}: {{count}}</title></line>{{/arrows}}
      {{#schools}}<circle cx="{{x}}" cy="{{y}}" r="{{r}}" fill="{{colour}}" fill-opacity="0.8" stroke="#fff"><title>{{name}} ({{id}}): {{students}}</title></circle>{{/schools}}
      {{#legend}}<circle cx="{{x}}" cy="{{y}}" r="6" fill="{{colour}}"/><text x="{{tx}}" y="{{ty}}">{{label}}</text>{{/legend}}
    </svg>
    """

    static let bars = """
    <svg viewBox="0 0 {{width}} {{height}}" role="img" aria-label="{{caption}}">
      {{#rows}}<text x="{{labelX}}" y="{{ty}}" text-anchor="end">{{name}}</text>
      <rect x="{{x0}}" y="{{y}}" width="{{before}}" height="{{h}}" fill="#b8c2cc"><title>{{name}}: {{beforeValue}}</title></rect>
      <rect x="{{x0}}" y="{{y2}}" width="{{after}}" height="{{h}}" fill="#1f6fb2"><title>{{name}}: {{afterValue}}</title></rect>{{/rows}}
      <line x1="{{floorX}}" y1="0" x2="{{floorX}}" y2="{{height}}" stroke="#c0392b" stroke-dasharray="4 3"/>
    </svg>
    """

    static let school = """
    <!DOCTYPE html>
    <html lang="{{t.lang}}">
    <head>{{> head}}<title>{{name}} · {{t.county_title}} {{year}}</title></head>
    <body>
    <nav><a href="../index.html">{{t.back_to_index}}</a></nav>
    <h1>{{name}}</h1>
    <p class="sub">{{id}} · {{level}} · {{area}} · {{strength}} · {{t.students}} {{students}} · {{t.year}} {{year}}</p>

    <h2>{{t.duties_title}}</h2>
    <div class="cards">
      <div class="card"><div class="value">{{staffBefore}} → {{staffAfter}}</div><div class="label">{{t.staff_before}} → {{t.staff_after}}</div></div>
      <div class="card"><div class="value" data-duty="eligible">{{eligible}}</div><div class="label">{{t.eligible}}</div></div>
      <div class="card"><div class="value" data-duty="required">{{required}}</div><div class="label">{{t.required_leavers}}</div></div>
      <div class="card"><div class="value" data-duty="sent">{{sent}}</div><div class="label">{{t.sent}}</div></div>
      <div class="card"><div class="value" data-duty="received">{{received}}</div><div class="label">{{t.received}}</div></div>
      <div class="card"><div class="value">{{cap}}</div><div class="label">{{t.turnover_cap}}</div></div>
    </div>

    <h2>{{t.leaving_title}}</h2>
    {{#hasLeaving}}<div class="scroll"><table>
      <tr><th>{{t.name}}</th><th>{{t.subject}}</th><th>{{t.title}}</th><th>{{t.backbone}}</th><th class="num">{{t.years_at_school}}</th><th>{{t.destination}}</th><th>{{t.reason}}</th></tr>
      {{#leaving}}<tr class="leaving"><td>{{name}}</td><td>{{subject}}</td><td>{{title}}</td><td>{{backbone}}</td><td class="num">{{years}}</td><td>{{other}}</td><td class="reason">{{reason}}</td></tr>{{/leaving}}
    </table></div>{{/hasLeaving}}
    {{^hasLeaving}}<p>{{t.nobody_leaves}}</p>{{/hasLeaving}}

    <h2>{{t.arriving_title}}</h2>
    {{#incomingHeads}}<p class="incoming-head" data-role="{{role}}"><strong>{{text}}</strong></p>{{/incomingHeads}}
    {{#hasArriving}}<div class="scroll"><table>
      <tr><th>{{t.name}}</th><th>{{t.subject}}</th><th>{{t.title}}</th><th>{{t.backbone}}</th><th class="num">{{t.years_at_school}}</th><th>{{t.origin}}</th><th>{{t.reason}}</th></tr>
      {{#arriving}}<tr class="arriving"><td>{{name}}</td><td>{{subject}}</td><td>{{title}}</td><td>{{backbone}}</td><td class="num">{{years}}</td><td>{{other}}</td><td class="reason">{{reason}}</td></tr>{{/arriving}}
    </table></div>{{/hasArriving}}
    {{^hasArriving}}<p>{{t.nobody_arrives}}</p>{{/hasArriving}}

    {{#hasWalking}}
    {{#hasWalkingIn}}<h2>{{t.walking_in_title}}</h2>
    <div class="scroll"><table id="walking-in">
      <tr><th>{{t.name}}</th><th>{{t.subject}}</th><th>{{t.origin}}</th><th class="num">{{t.share}}</th></tr>
      {{#walkingIn}}<tr class="walking-in"><td>{{name}}</td><td>{{subject}}</td><td>{{other}}</td><td class="num">{{share}}</td></tr>{{/walkingIn}}
    </table></div>{{/hasWalkingIn}}
    {{#hasWalkingOut}}<h2>{{t.walking_out_title}}</h2>
    <div class="scroll"><table id="walking-out">
      <tr><th>{{t.name}}</th><th>{{t.subject}}</th><th>{{t.served_school}}</th><th class="num">{{t.share}}</th></tr>
      {{#walkingOut}}<tr class="walking-out"><td>{{name}}</td><td>{{subject}}</td><td>{{other}}</td><td class="num">{{share}}</td></tr>{{/walkingOut}}
    </table></div>{{/hasWalkingOut}}
    {{/hasWalking}}
    {{#hasReassigned}}<h2>{{t.reassigned_title}}</h2>
    <div class="scroll"><table id="reassigned">
      <tr><th>{{t.name}}</th><th>{{t.main_subject}}</th><th>{{t.assigned_subject}}</th></tr>
      {{#reassigned}}<tr><td>{{name}}</td><td>{{main}}</td><td>{{assigned}}</td></tr>{{/reassigned}}
    </table></div>{{/hasReassigned}}

    <h2>{{t.coverage_title}}</h2>
    <div class="scroll"><table>
      <tr><th>{{t.subject}}</th><th class="num">{{t.need}}</th><th class="num">{{t.before}}</th><th class="num">{{t.after}}</th><th></th></tr>
      {{#coverage}}<tr data-coverage="{{subject}}"><td>{{subject}}</td><td class="num">{{need}}</td><td class="num">{{before}}</td><td class="num">{{after}}</td><td class="{{statusClass}}">{{status}}</td></tr>{{/coverage}}
    </table></div>

    <h2>{{t.indicators_title}}</h2>
    <div class="scroll"><table>
      <tr><th>{{t.level}}</th><th>{{t.indicator}}</th><th class="num">{{t.before}}</th><th class="num">{{t.after}}</th><th class="num">{{t.floor}}</th><th></th></tr>
      {{#indicators}}<tr><td>{{level}}</td><td>{{indicator}}</td><td class="num">{{before}}</td><td class="num" data-indicator="{{key}}">{{after}}</td><td class="num">{{floor}}</td><td class="{{statusClass}}">{{status}}</td></tr>{{/indicators}}
    </table></div>
    {{#notCounted}}<p class="note">{{t.not_counted}}</p>{{/notCounted}}
    {{#auditSentences}}<p data-audit-school="{{key}}">{{text}}</p>{{/auditSentences}}

    <footer>{{t.generated_by}}</footer>
    </body>
    </html>

    """

    static let index = """
    <!DOCTYPE html>
    <html lang="{{t.lang}}">
    <head>{{> head}}<title>{{t.index_title}} {{year}}</title></head>
    <body>
    <h1>{{t.index_title}} · {{year}}</h1>
    <p class="sub">{{t.status}}: <span class="status-{{status}}">{{statusText}}</span></p>
    <p><a href="report.html">{{t.county_report}}</a></p>
    <h2>{{t.schools_title}}</h2>
    <div class="scroll"><table>
      <tr><th>{{t.school}}</th><th>{{t.level}}</th><th class="num">{{t.out}}</th><th class="num">{{t.in}}</th></tr>
      {{#schools}}<tr><td><a href="schools/{{file}}">{{name}}</a> <span class="note">{{id}}</span></td><td>{{level}}</td><td class="num">{{out}}</td><td class="num">{{in}}</td></tr>{{/schools}}
    </table></div>
    <footer>{{t.generated_by}}</footer>
    </body>
    </html>

    """
}
