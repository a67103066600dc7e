import PlanReports

/// The server's Mustache templates. `{{ }}` escapes every value; `{{{body}}}` only ever takes another of these
/// templates' output. Forms that change anything are POSTs with the session's CSRF token.
enum ServerTemplates {
    static let all: [String: String] = [
        "head": ReportTemplates.head, "layout": layout, "login": login, "office": office, "planner": planner, "table": table,
        "job": job, "objections": objections, "compare": compare, "history": history, "school": school, "users": users,
        "message": message, "imported": imported,
    ]

    static let layout = """
    <!DOCTYPE html>
    <html lang="{{w.lang}}">
    <head>{{> head}}<title>{{title}} · {{w.title}}</title>
    <style>
    header.bar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; border-bottom: 2px solid var(--line); padding-bottom: 8px; margin-bottom: 12px; }
    header.bar form { display: inline; margin: 0; } button, input[type=submit] { font: inherit; padding: 4px 12px; }
    form.stack label { display: block; margin: 6px 0; } input[type=text], input[type=password], textarea, select { font: inherit; max-width: 100%; }
    .error { color: var(--bad); } .ok { color: var(--good); }
    </style></head>
    <body>
    <header class="bar"><strong>{{w.title}}</strong>
    {{#user}}<a href="/">{{w.home}}</a>{{#office}} <a href="/objections">{{w.objections}}</a> <a href="/audit">{{w.audit}}</a> <a href="/users">{{w.users}}</a>{{/office}}{{#canCompare}} <a href="/compare">{{w.compare}}</a>{{/canCompare}}
    <span class="note">{{name}} · {{roleName}}</span>
    <form method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{w.logout}}</button></form>{{/user}}
    <a href="?lang={{w.other_lang_code}}" id="lang">{{w.other_lang}}</a>
    </header>
    <main>
    {{^embedded}}<h1>{{title}}</h1>{{/embedded}}
    {{{body}}}
    </main>
    </body>
    </html>
    """

    static let login = """
    {{#error}}<p class="error" id="login-error">{{error}}</p>{{/error}}
    <form class="stack" method="post" action="/login">
    <label>{{w.username}} <input type="text" name="username" autocomplete="username" required></label>
    <label>{{w.password}} <input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit" id="login">{{w.login}}</button>
    </form>
    """

    static let message = """
    <p class="{{kind}}" id="message">{{text}}</p>
    {{#lines}}<ul id="problems">{{#items}}<li>{{.}}</li>{{/items}}</ul>{{/lines}}
    <p><a href="/">{{w.home}}</a></p>
    """

    static let imported = """
    <p class="ok" id="message">{{w.imported_ok}}: {{source}} — {{w.year}} {{year}}, {{w.teachers}} {{teachers}}, {{w.schools}} {{schools}}</p>
    {{#hasWarnings}}<ul>{{#warnings}}<li class="note">{{.}}</li>{{/warnings}}</ul>{{/hasWarnings}}
    <p><a href="/">{{w.home}}</a></p>
    """

    static let countyCard = """
    {{#county}}<div class="cards" id="county">
    <div class="card"><div class="value">{{year}}</div><div class="label">{{w.year}}</div></div>
    <div class="card"><div class="value">{{teachers}}</div><div class="label">{{w.teachers}}</div></div>
    <div class="card"><div class="value">{{schools}}</div><div class="label">{{w.schools}}</div></div>
    </div><p class="note">{{w.source}}: {{source}} · {{w.imported}}: {{imported}}{{#publishedAt}} · {{w.published}}: {{publishedAt}}{{/publishedAt}}</p>{{/county}}
    {{^county}}<p id="no-county">{{w.no_county}}</p>{{/county}}
    """

    static let plansTable = """
    {{#hasPlans}}<h2>{{w.plans}}</h2><div class="scroll"><table id="plans"><tr><th>#</th><th>{{w.status}}</th><th class="num">{{w.movers}}</th><th>{{w.created}}</th><th>{{w.by}}</th><th>{{w.files}}</th></tr>
    {{#plans}}<tr><td>{{id}}</td><td class="status">{{statusText}}{{#adopted}} · {{w.adopted}}{{/adopted}}</td><td class="num">{{movers}}</td><td>{{created}}</td><td>{{createdBy}}</td>
    <td>{{#hasReport}}<a href="/plans/{{id}}/{{prefix}}index.html" class="report">{{w.report}}</a>{{/hasReport}}{{#diagnosis}}<a href="/plans/{{id}}/{{prefix}}diagnosis.txt">{{w.diagnosis}}</a>{{/diagnosis}}
    {{#downloads}} <a href="/plans/{{id}}/{{path}}">{{label}}</a>{{/downloads}}</td></tr>{{/plans}}
    </table></div>{{/hasPlans}}
    """

    static let office = countyCard + """
    <p class="note">{{w.year_in_pages}}</p>
    <h2>{{w.import}}</h2>
    <p class="note">{{w.import_help}}</p>
    <form id="import-form" method="post" action="/import" onsubmit="return upload(this)">
    <input type="file" id="workbook" accept=".xlsx,.csv,.yaml,.yml" multiple required> <button type="submit">{{w.upload}}</button>
    </form>
    <script>
    function upload(form) {
      var chosen = Array.prototype.slice.call(document.getElementById('workbook').files);
      if (!chosen.length) return false;
      Promise.all(chosen.map(function (file) {
        return file.arrayBuffer().then(function (buffer) {
          var bytes = new Uint8Array(buffer), text = '';
          for (var i = 0; i < bytes.length; i += 32768) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 32768));
          return {name: file.name, data: btoa(text)};
        });
      })).then(function (files) {
        return fetch('/import', {method: 'POST', body: JSON.stringify({files: files}), credentials: 'same-origin',
                                 headers: {'Content-Type': 'application/json', 'X-CSRF-Token': '{{csrf}}'}});
      }).then(function (r) { return r.text(); })
        .then(function (html) { document.open(); document.write(html); document.close(); });
      return false;
    }
    </script>
    {{#county}}
    <h2>{{w.eligible_list}}</h2>
    <p><a href="/eligible" id="eligible-link">{{w.eligible_list}}</a> · <a href="/eligible.xlsx">eligible.xlsx</a> · <a href="/eligible.csv">eligible.csv</a></p>
    <form method="post" action="/publish"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="publish">{{w.publish}}</button></form>
    <h2>{{w.plan}}</h2>
    <form method="post" action="/plan"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="plan">{{w.plan}}</button></form>
    {{#canReplan}}<form method="post" action="/replan"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="replan">{{w.replan}}</button></form>{{/canReplan}}
    {{#canAdopt}}<form method="post" action="/adopt"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="plan" value="{{adoptID}}"><button type="submit" id="adopt">{{w.adopt}} (#{{adoptID}})</button></form>{{/canAdopt}}
    {{/county}}
    """ + plansTable + """
    {{#hasSchoolLinks}}<h2>{{w.view_school}}</h2><p id="school-links">{{#schoolLinks}}<a href="{{href}}">{{name}}</a> {{/schoolLinks}}</p>{{/hasSchoolLinks}}
    <h2>{{w.history}}</h2>
    <form method="get" action="/history"><label>{{w.teacher_id}} <input type="text" name="teacher"></label> <button type="submit">{{w.show}}</button></form>
    <form method="get" action="/history"><label>{{w.school}} <input type="text" name="school"></label> <button type="submit">{{w.show}}</button></form>
    """

    static let planner = countyCard + plansTable + """
    <p><a href="/compare">{{w.compare}}</a></p>
    """

    /// A sheet as a table (the public list, a school's staff, the audit log).
    static let table = """
    {{#intro}}<p>{{intro}}</p>{{/intro}}
    {{#links}}<p>{{#items}}<a href="{{href}}">{{label}}</a> {{/items}}</p>{{/links}}
    <div class="scroll"><table id="{{tableID}}"><tr>{{#header}}<th>{{.}}</th>{{/header}}</tr>
    {{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}</table></div>
    """

    static let job = """
    <p id="job-line">{{line}}</p>
    <p id="job-result">{{#planID}}<a href="/plans/{{planID}}/{{prefix}}index.html" id="job-plan">{{w.report}} #{{planID}}</a> · <a href="/">{{w.home}}</a>{{/planID}}{{#page}}<a href="/jobs/{{id}}/page" id="job-page">{{w.compare}}</a>{{/page}}</p>
    {{#running}}<form method="post" action="/jobs/{{id}}/cancel"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="cancel">{{w.cancel}}</button></form>
    <script>
    var source = new EventSource('/jobs/{{id}}/events');
    source.onmessage = function (e) {
      var m = JSON.parse(e.data);
      document.getElementById('job-line').textContent = m.line;
      if (m.done) { source.close(); location.reload(); }
    };
    </script>{{/running}}
    """

    static let objections = """
    <div class="scroll"><table id="objections"><tr><th>#</th><th>{{w.teacher_id}}</th><th></th><th>{{w.request}}</th><th>{{w.decision}}</th><th>{{w.note}}</th><th></th></tr>
    {{#rows}}<tr><td>{{id}}</td><td>{{teacherID}}</td><td>{{name}}</td><td>{{request}}</td><td>{{decisionText}}</td><td>{{note}}</td>
    <td>{{#pending}}<form method="post" action="/objections/{{id}}/decide" style="display:inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="decision" value="accepted"><button type="submit" class="accept">{{w.accept}}</button></form>
    <form method="post" action="/objections/{{id}}/decide" style="display:inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="decision" value="rejected"><button type="submit" class="reject">{{w.reject}}</button></form>{{/pending}}</td></tr>{{/rows}}
    </table></div>
    <h2>{{w.add_objection}}</h2>
    <form class="stack" method="post" action="/objections"><input type="hidden" name="csrf" value="{{csrf}}">
    <label>{{w.teacher_id}} <input type="text" name="teacher_id" required></label>
    <label>{{w.request}} <input type="text" name="request" required> <span class="note">{{w.request_help}}</span></label>
    <label>{{w.note}} <input type="text" name="note"></label>
    <button type="submit" id="add-objection">{{w.add_objection}}</button></form>
    {{#canReplan}}<form method="post" action="/replan"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="replan">{{w.replan}}</button></form>{{/canReplan}}
    """

    static let compare = """
    <form class="stack" method="post" action="/compare"><input type="hidden" name="csrf" value="{{csrf}}">
    <label>{{w.scenarios}}<br><textarea name="scenarios" rows="5" cols="60">{{scenarios}}</textarea></label>
    <button type="submit" id="run-compare">{{w.run_compare}}</button></form>
    """

    static let history = """
    <div class="scroll"><table id="history"><tr>{{#header}}<th>{{.}}</th>{{/header}}</tr>
    {{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}</table></div>
    """

    static let school = """
    <p class="note">{{schoolID}}</p>
    <p>{{w.no_plan_yet}}</p>
    <h2>{{w.staff}}</h2>
    <div class="scroll"><table id="staff"><tr>{{#header}}<th>{{.}}</th>{{/header}}</tr>
    {{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}</table></div>
    """

    static let users = """
    <div class="scroll"><table id="users"><tr><th>{{w.username}}</th><th>{{w.role}}</th><th>{{w.school}}</th><th>{{w.created}}</th></tr>
    {{#accounts}}<tr><td>{{username}}</td><td>{{roleName}}</td><td>{{school}}</td><td>{{created}}</td></tr>{{/accounts}}</table></div>
    <h2>{{w.add_user}}</h2>
    <form class="stack" method="post" action="/users"><input type="hidden" name="csrf" value="{{csrf}}">
    <label>{{w.username}} <input type="text" name="username" required></label>
    <label>{{w.password}} <input type="password" name="password" required></label>
    <label>{{w.role}} <select name="role"><option value="principal">校长 principal</option><option value="planner">规划人员 planner</option><option value="office">人事科 office</option></select></label>
    <label>{{w.school}} <input type="text" name="school"></label>
    <button type="submit">{{w.save}}</button></form>
    """
}
