#!/usr/bin/env python3
"""The bureau's server end to end, as its users run it: `rotation serve` on a loopback port, a real headless
Chromium (selenium + Debian's chromium-driver) walking the office's year, principals and planners checked
against what their role may see, and plain HTTP for the server's promises (403 whatever the URL, CSRF, login
throttling, pages answering while a plan solves, a kill during a plan leaving the database as it was).

Usage: bureau_year.py ROTATION_BINARY   (run by `swift test`, suite "The bureau's server"; exits 0 when all hold)
"""
import csv
import http.cookiejar
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROTATION = os.path.abspath(sys.argv[1])
SCRATCH = tempfile.mkdtemp(prefix="bureau-test-")
FAILURES = []
SERVERS = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        FAILURES.append(what)


def run(*args):
    return subprocess.run([ROTATION, *args], capture_output=True, text=True, timeout=600)


def start_server(data, county=None):
    """Starts `rotation serve --port 0`, returns (process, base url, the one-time office password or None)."""
    args = [ROTATION, "serve", "--data", data, "--port", "0"] + (["--county", county] if county else [])
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    SERVERS.append(p)
    password, deadline = None, time.time() + 120
    while time.time() < deadline:
        line = p.stdout.readline()
        if not line:
            raise SystemExit("the server stopped before listening")
        m = re.search(r"一次性密码：([A-Za-z0-9]+)", line)
        if m:
            password = m.group(1)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            threading.Thread(target=lambda: p.stdout.read(), daemon=True).start()
            return p, "http://127.0.0.1:%s" % m.group(1), password
    raise SystemExit("the server did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A user agent with its own cookies that does not follow redirects (a 303 is an answer to look at)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path, data=None, headers=None):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.read().decode("utf-8", "replace"), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace"), dict(e.headers)

    def get(self, path):
        return self.request(path)

    def post(self, path, fields):
        return self.request(path, urllib.parse.urlencode(fields).encode())

    def login(self, username, password):
        return self.post("/login", {"username": username, "password": password})

    def csrf(self):
        status, body, _ = self.get("/compare")
        if status != 200:
            status, body, _ = self.get("/")
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', body)
        return m.group(1) if m else ""

    def wait_for_job(self, job, limit=600):
        deadline = time.time() + limit
        while time.time() < deadline:
            status, body, _ = self.get("/jobs/%d" % job)
            if 'id="cancel"' not in body:
                return body
            time.sleep(0.5)
        raise SystemExit("job %d did not finish" % job)


def job_id(headers):
    m = re.search(r"/jobs/(\d+)", headers.get("Location", ""))
    return int(m.group(1)) if m else None


def add_user(data, username, role, password, school=None):
    args = [ROTATION, "users", "add", "--data", data, "--username", username, "--role", role] + (["--school", school] if school else [])
    r = subprocess.run(args, input=password + "\n", capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, "rotation users add %s (%s): %s" % (username, role, (r.stdout + r.stderr).strip()))


# ---------------------------------------------------------------------------------------------------------
# The county: a generated one as CSV files (imported at start) and the same county as an uploaded workbook.

county = os.path.join(SCRATCH, "county")
workbook_county = os.path.join(SCRATCH, "workbook-county")
check(run("generate", "--schools", "8", "--teachers", "240", "--seed", "5", "--out", county).returncode == 0, "generate a county")
check(run("generate", "--schools", "8", "--teachers", "240", "--seed", "5", "--out", workbook_county, "--workbook").returncode == 0,
      "generate the same county as county.xlsx")
with open(os.path.join(county, "teachers.csv"), encoding="utf-8-sig") as f:
    teachers = list(csv.DictReader(f))
with open(os.path.join(county, "schools.csv"), encoding="utf-8-sig") as f:
    schools = [row["id"] for row in csv.DictReader(f)]
own, other = schools[0], schools[1]
homes = {t["home_lat"] for t in teachers if t["home_lat"]}

data = os.path.join(SCRATCH, "data")
server, base, office_password = start_server(data, county)
check(office_password is not None and len(office_password) >= 12, "the first start prints the office's one-time password")
add_user(data, "principal1", "principal", "principal-pass-1", own)
add_user(data, "planner1", "planner", "planner-pass-1")
add_user(data, "planner2", "planner", "planner-pass-2")  # locked out by the throttling checks
r = subprocess.run([ROTATION, "users", "add", "--data", data, "--username", "p2", "--role", "principal", "--school", "NOPE"],
                   input="long-enough-pass\n", capture_output=True, text=True)
check(r.returncode == 2, "users add refuses a school the county does not have")

# ---------------------------------------------------------------------------------------------------------
# Plain HTTP: health, login, roles, CSRF.

anonymous = Client(base)
check(anonymous.get("/healthz")[0] == 200, "GET /healthz → 200")
status, _, headers = anonymous.get("/schools/" + own)
check(status == 303 and headers.get("Location") == "/login", "a school page without a session sends to the login page")

office = Client(base)
status, _, headers = office.login("office", office_password)
cookie = headers.get("Set-Cookie", "")
check(status == 303 and "bureau_session=" in cookie, "POST /login → a session cookie")
check("HttpOnly" in cookie and "SameSite=Strict" in cookie, "the session cookie is HTTP-only and SameSite=Strict: " + cookie)
secure = Client(base)
_, _, h = secure.request("/login", urllib.parse.urlencode({"username": "office", "password": office_password}).encode(),
                         {"X-Forwarded-Proto": "https"})
check("Secure" in h.get("Set-Cookie", ""), "behind a TLS proxy the session cookie is Secure")

status, body, _ = office.get("/schools/" + own)
check(status == 200 and "<h1>" in body, "the office sees a school's page before any plan (its staff)")
_, _, h = office.get("/")
check(h.get("X-Frame-Options") == "DENY", "pages may not be framed by another site")
status, _, h = anonymous.get("//evil.example/?lang=en")
check(status == 303 and h.get("Location") == "/", "switching the language never redirects to another site: %s" % h.get("Location"))
check(office.post("/plan", {"csrf": "0" * 64})[0] == 403, "a form with a wrong CSRF token → 403")
check(office.post("/plan", {})[0] == 403, "a form without a CSRF token → 403")

principal = Client(base)
status, _, headers = principal.login("principal1", "principal-pass-1")
check(status == 303, "a principal logs in")
status, _, headers = principal.get("/")
check(status == 303 and headers.get("Location") == "/schools/" + own, "a principal's home is their school")
status, body, _ = principal.get("/schools/" + own)
check(status == 200, "a principal sees their school's page")
for school in schools[1:]:
    check(principal.get("/schools/" + school)[0] == 403, "a principal of %s gets 403 on %s" % (own, school))
for path in ["/eligible", "/eligible.csv", "/objections", "/audit", "/users", "/compare", "/plans/1/transfers.csv", "/plans/1/index.html",
             "/history?teacher=" + teachers[0]["id"], "/history?school=" + other, "/jobs/1"]:
    check(principal.get(path)[0] == 403, "a principal gets 403 on " + path)
pcsrf = principal.csrf()
for path in ["/plan", "/replan", "/publish", "/adopt", "/objections", "/users", "/compare"]:
    check(principal.post(path, {"csrf": pcsrf})[0] == 403, "a principal gets 403 posting to " + path)

planner = Client(base)
check(planner.login("planner1", "planner-pass-1")[0] == 303, "a planner logs in")
check(planner.get("/eligible")[0] == 200, "a planner sees the public list")
for path in ["/objections", "/audit", "/users"]:
    check(planner.get(path)[0] == 403, "a planner gets 403 on " + path)
plcsrf = planner.csrf()
for path in ["/plan", "/replan", "/publish", "/adopt", "/objections", "/users"]:
    check(planner.post(path, {"csrf": plcsrf})[0] == 403, "a planner gets 403 posting to " + path)

# Throttling: five failures for a username, then even the right password is refused for a while.
intruder = Client(base)
codes = [intruder.login("planner2", "wrong-password-%d" % i)[0] for i in range(5)]
check(codes == [401] * 5, "wrong passwords → 401")
check(intruder.login("planner2", "planner-pass-2")[0] == 429, "after five failures the login is refused (429), right password or not")
# An address (behind the proxy: X-Forwarded-For) trying many usernames: refused after 30 failures, others not.
sprayer = Client(base)
spray = lambda user, pw: sprayer.request("/login", urllib.parse.urlencode({"username": user, "password": pw}).encode(),
                                         {"X-Forwarded-For": "203.0.113.9"})[0]
codes = [spray("nobody%d" % i, "wrong-password") for i in range(30)]
check(codes == [401] * 30, "thirty wrong logins from one address → 401")
check(spray("principal1", "principal-pass-1") == 429, "then that address is refused (429), even with a right password")
check(Client(base).login("principal1", "principal-pass-1")[0] == 303, "another address still logs in")
# A new password ends the account's sessions.
add_user(data, "planner3", "planner", "planner-pass-3")
third = Client(base)
third.login("planner3", "planner-pass-3")
check(third.get("/eligible")[0] == 200, "a planner's session works")
add_user(data, "planner3", "planner", "planner-pass-3-new")
check(third.get("/eligible")[0] == 303, "after a new password the old session is gone")

# ---------------------------------------------------------------------------------------------------------
# The office's year in a real browser.

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

options = Options()
for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1400"]:
    options.add_argument(a)
options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
browser = webdriver.Chrome(service=Service(driver_path), options=options)
wait = WebDriverWait(browser, 600)


def browser_login(username, password):
    browser.delete_all_cookies()
    browser.get(base + "/login")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.ID, "login").click()
    WebDriverWait(browser, 30).until(lambda d: not d.current_url.endswith("/login") or d.find_elements(By.ID, "login-error"))
    settle()
    check(not browser.current_url.endswith("/login"), "%s logs in through the login page" % username)


def click(element_id):
    """Clicks a link or button that loads another page, and waits until the old page is gone."""
    click_element(browser.find_element(By.ID, element_id))


def click_element(element):
    old = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 60).until(gone(old))
    settle()


def gone(old):
    """Like expected_conditions.staleness_of, but Chromium sometimes reports a node of the page that went away as
    "does not belong to the document" instead of a stale element: that is gone too."""
    def predicate(_):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise
    return predicate


def settle():
    """Waits until the page (after any redirect) has loaded completely."""
    def loaded(d):
        try:
            return d.execute_script("return document.readyState") == "complete" and d.find_elements(By.TAG_NAME, "body")
        except Exception:
            return False
    WebDriverWait(browser, 60).until(loaded)


def wait_for_job_page():
    wait.until(lambda d: d.find_elements(By.ID, "job-plan") or d.find_elements(By.ID, "job-page")
               or "未完成" in d.find_element(By.ID, "job-line").text)


try:
    browser_login("office", office_password)
    check("首页" in browser.title and browser.find_element(By.ID, "county").is_displayed(), "office: the home page, in Chinese")

    # Import the workbook through the page (the file input).
    browser.find_element(By.ID, "workbook").send_keys(os.path.join(workbook_county, "county.xlsx"))
    browser.find_element(By.CSS_SELECTOR, "#import-form button").click()
    wait.until(lambda d: d.find_elements(By.ID, "message"))
    check("已导入" in browser.find_element(By.ID, "message").text, "office: county.xlsx imported through the page")
    # A file that is not a workbook: refused with the reason, nothing imported.
    bad = os.path.join(SCRATCH, "bad.xlsx")
    with open(bad, "wb") as f:
        f.write(b"not a workbook")
    browser.get(base + "/")
    browser.find_element(By.ID, "workbook").send_keys(bad)
    browser.find_element(By.CSS_SELECTOR, "#import-form button").click()
    wait.until(lambda d: d.find_elements(By.ID, "message"))
    check("有错" in browser.find_element(By.ID, "message").text and browser.find_elements(By.CSS_SELECTOR, "#problems li"),
          "office: a broken upload lists its problems and imports nothing")
    # The CSV files, chosen together: one with a wrong school id is refused naming the file, the line and the column.
    broken = os.path.join(SCRATCH, "broken-csv")
    shutil.copytree(county, broken)
    with open(os.path.join(broken, "teachers.csv"), encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    lines[3] = lines[3].replace(",S00", ",X99", 1)
    with open(os.path.join(broken, "teachers.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    browser.get(base + "/")
    browser.find_element(By.ID, "workbook").send_keys("\n".join(os.path.join(broken, n) for n in ["schools.csv", "teachers.csv", "needs.csv"]))
    browser.find_element(By.CSS_SELECTOR, "#import-form button").click()
    wait.until(lambda d: d.find_elements(By.ID, "message"))
    problems = " ".join(li.text for li in browser.find_elements(By.CSS_SELECTOR, "#problems li"))
    check("teachers.csv 第 4 行" in problems and "X99" in problems, "office: a CSV upload's error names file, line and value: " + problems[:200])
    browser.get(base + "/")
    browser.find_element(By.ID, "workbook").send_keys("\n".join(os.path.join(county, n) for n in ["schools.csv", "teachers.csv", "needs.csv", "policy.yaml"]))
    browser.find_element(By.CSS_SELECTOR, "#import-form button").click()
    wait.until(lambda d: d.find_elements(By.ID, "message"))
    check("已导入" in browser.find_element(By.ID, "message").text, "office: the CSV files imported through the page")

    browser.get(base + "/")
    click("publish")
    check(len(browser.find_elements(By.CSS_SELECTOR, "#eligible tr")) == len(teachers) + 1, "office: the public list has every teacher")
    page = browser.page_source
    check(not any(code in page for code in ["illness", "pregnancy"]), "the public list shows no private exemption reason")

    browser.get(base + "/")
    click("plan")
    wait_for_job_page()
    check(bool(browser.find_elements(By.ID, "job-plan")), "office: the plan finishes with live progress and links its report")
    browser.get(base + "/")
    check(len(browser.find_elements(By.CSS_SELECTOR, "#plans tr")) == 2 and browser.find_elements(By.CSS_SELECTOR, "#school-links a"),
          "office: the home page lists the plan and links every school's page")
    browser.back()
    click("job-plan")
    check("<h1>" in browser.page_source, "office: the county report of the plan")

    # Who moves: the first mover in the stored transfer list.
    status, transfers, _ = office.get("/plans/1/transfers.csv")
    check(status == 200, "office downloads transfers.csv")
    movers = list(csv.DictReader(transfers.lstrip("\ufeff").splitlines()))
    check(len(movers) > 0, "the plan moves teachers")
    status, _, h = office.get("/plans/1/transfers.xlsx")
    check(status == 200 and "spreadsheetml" in h.get("Content-Type", ""), "office downloads transfers.xlsx")
    mover = movers[0]

    # An objection: the mover asks to stay; accepted; re-plan keeping the previous list.
    browser.get(base + "/objections")
    browser.find_element(By.NAME, "teacher_id").send_keys(mover["teacher_id"])
    browser.find_element(By.NAME, "request").send_keys("stay")
    browser.find_element(By.NAME, "note").send_keys("家中有事 <b>private</b>")
    click("add-objection")
    click_element(browser.find_element(By.CSS_SELECTOR, "#objections button.accept"))
    check("采纳" in browser.find_element(By.ID, "objections").text, "office: the objection is accepted")
    click("replan")
    wait_for_job_page()
    check(bool(browser.find_elements(By.ID, "job-plan")), "office: the re-plan finishes")
    status, transfers2, _ = office.get("/plans/2/transfers.csv")
    movers2 = {r["teacher_id"] for r in csv.DictReader(transfers2.lstrip("\ufeff").splitlines())}
    check(mover["teacher_id"] not in movers2, "the re-plan keeps the teacher whose objection was accepted")
    check(office.get("/plans/2/changes.csv")[0] == 200, "the re-plan has changes.csv")

    # The principal's page after the plan: who leaves and arrives, with reasons; nothing private.
    browser_login("principal1", "principal-pass-1")
    check(browser.current_url.endswith("/schools/" + own), "principal: lands on their school's page")
    page = browser.page_source
    check("交流原因" in page and ("调出教师" in page or "调入教师" in page), "principal: leavers and arrivals with the reason in words")
    check(not any(h in page for h in homes), "principal: no home address on the page")
    check("private" not in page and "家中有事" not in page, "principal: no objection note on the page")
    browser.get(base + "/schools/" + other)
    check("无权访问" in browser.page_source, "principal: another school's page is refused in the browser")
    browser.set_window_size(375, 800)
    browser.get(base + "/schools/" + own)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 1, "principal: the page fits a phone's width (overflow %d px)" % overflow)
    browser.save_screenshot(os.path.join(SCRATCH, "principal-phone.png"))
    browser.set_window_size(1200, 1400)
    click("lang")
    check("Teachers leaving" in browser.page_source or "leaving" in browser.page_source.lower(), "principal: English on request")
    click("lang")

    # The planner compares policies.
    browser_login("planner1", "planner-pass-1")
    browser.get(base + "/compare")
    click("run-compare")
    wait_for_job_page()
    check(bool(browser.find_elements(By.ID, "job-page")), "planner: the comparison finishes")
    click("job-page")
    check("rate15" in browser.page_source, "planner: the scenarios side by side")
    check(not any(h in browser.page_source for h in homes), "planner: no home address on the comparison")
    status, report, _ = planner.get("/plans/2/index.html")
    check(status == 200, "planner: the county report")
    check(planner.get("/plans/2/transfers.csv")[0] == 403, "planner: no transfer list with names (403)")

    # Adopt the re-plan: next year's county, the ledger, the school's history.
    browser_login("office", office_password)
    click("adopt")
    check("2028" in browser.find_element(By.ID, "county").text, "office: adopting makes next year's county (2028)")
    browser.get(base + "/history?school=" + own)
    check(len(browser.find_elements(By.CSS_SELECTOR, "#history tr")) > 1, "office: the school's history from the ledger")
    browser.get(base + "/audit")
    audit = browser.find_element(By.ID, "audit").text
    for action in ["import", "publish", "plan", "objection decided", "adopt", "login"]:
        check(action in audit, "the audit log records " + action)
finally:
    browser.quit()

# ---------------------------------------------------------------------------------------------------------
# Never blocked, never lost: a larger county, pages answering while it plans, a second plan refused, a kill.

big = os.path.join(SCRATCH, "big")
check(run("generate", "--schools", "60", "--teachers", "3000", "--seed", "11", "--out", big).returncode == 0, "generate a larger county")
data2 = os.path.join(SCRATCH, "data2")
server2, base2, password2 = start_server(data2, big)
office2 = Client(base2)
office2.login("office", password2)
token = office2.csrf()
status, _, headers = office2.post("/plan", {"csrf": token})
job = job_id(headers)
check(status == 303 and job is not None, "a plan of 3,000 teachers starts")
check(office2.post("/plan", {"csrf": token})[0] == 409, "a second plan while one runs is refused (409)")

answered, failed, slowest, stop = [0], [0], [0.0], [False]


def load():
    c = Client(base2)
    c.login("office", password2)
    while not stop[0]:
        for path in ["/healthz", "/schools/S001", "/"]:
            began = time.time()
            status = c.get(path)[0]
            slowest[0] = max(slowest[0], time.time() - began)
            if status == 200:
                answered[0] += 1
            else:
                failed[0] += 1


threads = [threading.Thread(target=load) for _ in range(4)]
for t in threads:
    t.start()
time.sleep(4)
running_page = office2.get("/jobs/%d" % job)[1]
still_running = 'id="cancel"' in running_page
job_line = re.search(r'<p id="job-line">([^<]*)</p>', running_page)
stop[0] = True
for t in threads:
    t.join()
print("     %d page requests answered in 4 s while planning (%d failed, slowest %.2f s)" % (answered[0], failed[0], slowest[0]))
check(still_running, "the plan was still solving while the pages were asked for")
check(job_line is not None and job_line.group(1).startswith("规划交流方案 · ") and "e+" not in job_line.group(1)
      and not re.search(r"\d{7}", job_line.group(1)),
      "the running plan's line says its step in words, no raw solver numbers: " + (job_line.group(1) if job_line else running_page[:200]))
check(answered[0] >= 12 and failed[0] == 0 and slowest[0] < 5, "pages keep answering while a plan solves")
office2.wait_for_job(job)

# Cancel: a cancelled plan stores nothing.
con = sqlite3.connect(os.path.join(data2, "bureau.sqlite"))
plans_before = con.execute("SELECT count(*) FROM plan").fetchone()[0]
status, _, headers = office2.post("/replan", {"csrf": token})
job = job_id(headers)
office2.post("/jobs/%d/cancel" % job, {"csrf": token})
body = office2.wait_for_job(job)
check("已取消" in body, "a cancelled plan says so")
check(con.execute("SELECT count(*) FROM plan").fetchone()[0] == plans_before, "a cancelled plan stores nothing")

# A kill during a plan: the database is as it was before it.
status, _, headers = office2.post("/replan", {"csrf": token})
time.sleep(1.5)
server2.send_signal(signal.SIGKILL)
server2.wait()
check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "after a kill during a plan the database is intact")
check(con.execute("SELECT count(*) FROM plan").fetchone()[0] == plans_before, "after a kill during a plan no plan was stored")
con.close()
server3, base3, _ = start_server(data2, big)
office3 = Client(base3)
office3.login("office", password2)
check(office3.get("/")[0] == 200, "the server starts again on the same data after a kill")

for p in SERVERS:
    if p.poll() is None:
        p.terminate()
        p.wait()
if FAILURES:
    print("\n%d checks failed:" % len(FAILURES))
    for f in FAILURES:
        print("  " + f)
    sys.exit(1)
shutil.rmtree(SCRATCH, ignore_errors=True)
print("all checks passed")
