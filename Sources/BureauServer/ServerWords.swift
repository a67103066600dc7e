import PlanReports

/// Every word the server's pages show, in Chinese and English (`{{w.key}}` in the templates).
enum ServerWords {
    static func texts(_ language: ReportLanguage) -> [String: String] {
        language == .zh ? zh : en
    }

    static let zh: [String: String] = [
        "lang": "zh-CN", "title": "教师交流轮岗规划", "other_lang": "English", "other_lang_code": "en",
        "login": "登录", "logout": "退出", "username": "用户名", "password": "密码", "login_failed": "用户名或密码不正确。",
        "login_throttled": "登录失败次数过多，请 15 分钟后再试。",
        "home": "首页", "county": "县数据", "no_county": "尚未导入县数据。", "year": "学年", "teachers": "教师", "schools": "学校",
        "source": "来源", "imported": "导入时间", "import": "导入县数据", "import_help": "选择 county.xlsx（学校、教师、学科需求三张表，可含异议、结对），或 schools.csv、teachers.csv、needs.csv（可加 policy.yaml、pairs.csv、objections.csv），一并上传；数据有错时逐行列出，不会导入。未上传 policy.yaml 时沿用上一份县数据的政策。",
        "upload": "上传并导入", "import_errors": "数据有错，未导入：", "imported_ok": "已导入",
        "publish": "公示可交流人员", "published": "已公示", "eligible_list": "可交流人员公示", "download": "下载",
        "plan": "制定交流方案", "plans": "交流方案", "status": "状态", "movers": "交流人数", "created": "制定时间", "by": "操作人",
        "report": "全县报告", "files": "文件", "replan": "按异议重新规划（尽量保留上一方案）", "adopt": "采用此方案",
        "adopted": "已采用", "objections": "异议", "teacher_id": "教师编号", "request": "申请", "decision": "决定", "note": "备注（仅人事科可见）",
        "pending": "待定", "accepted": "采纳", "rejected": "不采纳", "accept": "采纳", "reject": "不采纳", "add_objection": "登记异议",
        "request_help": "stay（留任）、学校代码、leave、not:代码;代码、only:代码;代码",
        "compare": "政策比较", "scenarios": "方案（每行一个：名称:键=值,键=值；base 为现行政策）", "run_compare": "比较",
        "job": "规划进度", "cancel": "取消", "job_busy": "已有一项规划正在进行，请等它完成或取消后再试。",
        "history": "交流记录", "teacher_history": "教师交流记录", "school_history": "学校交流记录", "show": "查看",
        "audit": "操作日志", "at": "时间", "action": "操作", "detail": "内容", "users": "账号", "role": "角色", "school": "学校",
        "add_user": "添加账号", "save": "保存", "older": "更早的记录",
        "forbidden": "无权访问此页面。", "not_found": "没有这个页面。", "bad_request": "请求有误。",
        "staff": "本校教师（尚未制定方案）", "school_page": "本校交流情况", "no_plan_yet": "尚未制定交流方案。",
        "view_school": "查看学校页面", "latest_plan": "最新方案", "diagnosis": "政策无法满足：诊断",
        "year_in_pages": "年度工作：导入 → 公示 → 规划 → 异议 → 重新规划 → 采用",
    ]

    static let en: [String: String] = [
        "lang": "en", "title": "Teacher rotation planner", "other_lang": "中文", "other_lang_code": "zh",
        "login": "Log in", "logout": "Log out", "username": "Username", "password": "Password", "login_failed": "Wrong username or password.",
        "login_throttled": "Too many failed logins; try again in 15 minutes.",
        "home": "Home", "county": "County", "no_county": "No county imported yet.", "year": "Year", "teachers": "Teachers", "schools": "Schools",
        "source": "Source", "imported": "Imported", "import": "Import a county", "import_help": "Choose county.xlsx (sheets schools, teachers, needs; objections and pairs optional), or schools.csv, teachers.csv and needs.csv (with policy.yaml, pairs.csv, objections.csv if you have them), and upload them together; data with errors is listed row by row and not imported. Without a policy.yaml the last county's policy is kept.",
        "upload": "Upload and import", "import_errors": "The data has errors; nothing was imported:", "imported_ok": "Imported",
        "publish": "Publish the eligibility list", "published": "Published", "eligible_list": "Eligibility list", "download": "Download",
        "plan": "Make the plan", "plans": "Plans", "status": "Status", "movers": "Movers", "created": "Made", "by": "By",
        "report": "County report", "files": "Files", "replan": "Re-plan after objections (keeping the previous list)", "adopt": "Adopt this plan",
        "adopted": "Adopted", "objections": "Objections", "teacher_id": "Teacher id", "request": "Request", "decision": "Decision", "note": "Note (office only)",
        "pending": "pending", "accepted": "accepted", "rejected": "rejected", "accept": "Accept", "reject": "Reject", "add_objection": "Enter an objection",
        "request_help": "stay, a school id, leave, not:ID;ID, only:ID;ID",
        "compare": "Compare policies", "scenarios": "Scenarios (one per line: NAME:key=value,key=value; base is the current policy)", "run_compare": "Compare",
        "job": "Planning", "cancel": "Cancel", "job_busy": "A plan is already being made; wait for it or cancel it first.",
        "history": "History", "teacher_history": "A teacher's exchanges", "school_history": "A school's exchanges", "show": "Show",
        "audit": "Audit log", "at": "At", "action": "Action", "detail": "Detail", "users": "Accounts", "role": "Role", "school": "School",
        "add_user": "Add an account", "save": "Save", "older": "Older entries",
        "forbidden": "You may not open this page.", "not_found": "No such page.", "bad_request": "Bad request.",
        "staff": "The school's teachers (no plan yet)", "school_page": "The school's exchange", "no_plan_yet": "No plan has been made yet.",
        "view_school": "Open a school's page", "latest_plan": "Latest plan", "diagnosis": "The policy cannot be met: diagnosis",
        "year_in_pages": "The year: import → publish → plan → objections → re-plan → adopt",
    ]
}
