import RotationModel

/// The language of the HTML pages (`--lang zh|en`); Chinese by default.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case zh, en

    /// Every fixed text of the pages, by key, as the templates use them (`{{t.key}}`).
    var texts: [String: String] {
        Dictionary(uniqueKeysWithValues: ReportLanguage.table.map { ($0.key, self == .zh ? $0.zh : $0.en) })
    }

    func text(_ key: String) -> String {
        guard let row = ReportLanguage.table.first(where: { $0.key == key }) else { return key }
        return self == .zh ? row.zh : row.en
    }

    func level(_ l: TeachingLevel) -> String { text("level_\(l.rawValue)") }
    func schoolLevel(_ l: SchoolLevel) -> String { text("schoollevel_\(l.rawValue)") }
    func area(_ a: Area) -> String { text("area_\(a.rawValue)") }
    func strength(_ s: Strength) -> String { text("strength_\(s.rawValue)") }
    func indicator(_ i: Indicator) -> String { text("indicator_\(i.rawValue)") }
    func backbone(_ b: BackboneLevel) -> String { text("backbone_\(b.rawValue)") }
    func title(_ t: Title) -> String { text("title_\(t.rawValue)") }

    private static let table: [(key: String, zh: String, en: String)] = [
        ("lang", "zh-CN", "en"),
        ("county_title", "教师交流轮岗方案", "Teacher rotation plan"),
        ("index_title", "交流轮岗方案 · 目录", "Rotation plan · contents"),
        ("year", "学年", "School year"),
        ("status", "求解状态", "Status"),
        ("status_optimal", "最优（GLPK 已证明没有更好的方案）", "optimal (GLPK proved no better plan exists)"),
        ("status_feasible", "可行，未证明最优", "feasible, not proven optimal"),
        ("gap", "与最优界的差距", "gap to the best bound"),
        ("stopped_by", "停止原因", "stopped by"),
        ("key_figures", "主要数字", "Key figures"),
        ("teachers", "教师", "Teachers"),
        ("eligible", "符合交流条件", "Eligible to move"),
        ("movers", "交流人数", "Movers"),
        ("minimum_movers", "规则要求至少", "the rules require at least"),
        ("backbone_movers", "骨干教师交流", "Backbone movers"),
        ("backbone_share", "骨干占比", "backbone share"),
        ("policy_at_least", "政策要求不低于", "policy: at least"),
        ("schools_sending", "派出学校", "Schools sending"),
        ("schools_receiving", "接收学校", "Schools receiving"),
        ("quotas_met", "完成交流比例的学校", "Schools meeting their quota"),
        ("of", "/", "of"),
        ("unmet_title", "学科缺口（缺编人数）", "Unmet subject need (teachers missing)"),
        ("subject", "学科", "Subject"),
        ("before", "交流前", "Before"),
        ("after", "交流后", "After"),
        ("total", "合计", "Total"),
        ("no_unmet", "没有学科缺口。", "No unmet subject need."),
        ("balance_title", "优质均衡指标（每百名学生）", "Quality-balance indicators (per 100 students)"),
        ("balance_note", "差异系数按在校生数加权计算，越低越均衡；县域上限：小学 0.50，初中 0.45。",
         "Enrolment-weighted coefficient of variation, lower is more even; county caps: primary 0.50, junior 0.45."),
        ("level", "学段", "Level"),
        ("indicator", "指标", "Indicator"),
        ("cv_before", "差异系数（前）", "CV before"),
        ("cv_after", "差异系数（后）", "CV after"),
        ("cv_cap", "上限", "Cap"),
        ("floor", "校际达标线", "Per-school floor"),
        ("meeting_floor", "达标学校（前 → 后）", "Schools meeting the floor (before → after)"),
        ("schools_counted", "参与计算的学校", "schools counted"),
        ("within_cap", "达到", "within"),
        ("above_cap", "未达到", "above"),
        ("flow_title", "流向：从哪类学校到哪类学校", "Flow: from which kind of school to which"),
        ("flow_note", "线的粗细表示人数。", "Line width shows the number of teachers."),
        ("map_title", "学校分布与交流路线", "Schools and moves"),
        ("map_note", "按经纬度绘制；圆圈大小表示学生数，颜色表示办学水平，箭头表示交流方向。",
         "Drawn by latitude and longitude; circle size shows enrolment, colour shows strength, arrows show moves."),
        ("bars_title", "各校指标：交流前后", "Each school's indicator, before and after"),
        ("bars_note", "灰色为交流前，蓝色为交流后，红线为达标线。", "Grey: before; blue: after; red line: the floor."),
        ("schools_title", "各校预览（供校长查看）", "School previews (for principals)"),
        ("county_report", "全县均衡报告", "County balance report"),
        ("school", "学校", "School"),
        ("out", "调出", "Leaving"),
        ("in", "调入", "Arriving"),
        ("students", "在校生", "Students"),
        ("duties_title", "本校交流任务", "The school's rotation duties"),
        ("staff_before", "交流前教师数", "Staff before"),
        ("staff_after", "交流后教师数", "Staff after"),
        ("required_leavers", "应交流人数（至少）", "Required to leave (at least)"),
        ("turnover_cap", "流动上限", "Turnover cap"),
        ("sent", "实际调出", "Sent"),
        ("received", "实际调入", "Received"),
        ("leaving_title", "调出教师", "Teachers leaving"),
        ("arriving_title", "调入教师", "Teachers arriving"),
        ("name", "姓名", "Name"),
        ("title", "职称", "Title"),
        ("backbone", "骨干", "Backbone"),
        ("years_at_school", "本校任教年限", "Years at school"),
        ("destination", "去向", "To"),
        ("origin", "来自", "From"),
        ("nobody_leaves", "本校今年没有教师调出。", "Nobody leaves this school this year."),
        ("nobody_arrives", "本校今年没有教师调入。", "Nobody arrives at this school this year."),
        ("coverage_title", "学科配备：交流前后与需求", "Subject coverage before and after, against needs"),
        ("need", "需求", "Need"),
        ("short", "缺", "short"),
        ("met", "满足", "met"),
        ("indicators_title", "本校均衡指标（每百名学生）", "The school's indicators (per 100 students)"),
        ("meets", "达标", "meets"),
        ("audit_title", "优质均衡督导评估：校际达标与差异系数", "Quality-balance audit: schools passing and CVs"),
        ("audited", "参评学校", "Schools audited"),
        ("passing_before", "达标学校（交流前）", "Passing before"),
        ("passing_after", "达标学校（交流后）", "Passing after"),
        ("facility_constant", "办学条件指标，交流不改变", "facilities: the plan cannot change it"),
        ("cap_out_of_reach", "任何方案都达不到此上限（在学科缺口最少的前提下）：可提高交流比例、骨干教师比例或最远通勤距离。",
         "No plan meets this cap with the least unmet need: raise rotation_rate, backbone_share or max_commute_km."),
        ("passing_not_proven", "尚未证明没有更多学校达标的方案（搜索达到工作量上限）。",
         "Not proven that no plan passes more schools (the search stopped at its work limit)."),
        ("teachers_only", "以下学校未提供办学条件数据，仅按教师指标评估：", "Audited on the teacher indicators only (no facility data):"),
        ("below", "未达标", "below"),
        ("not_counted", "本校不参与该学段的均衡计算。", "The school does not count in this level's balance figures."),
        ("back_to_index", "返回目录", "Back to contents"),
        ("level_primary", "小学", "primary"),
        ("level_junior", "初中", "junior"),
        ("schoollevel_primary", "小学", "primary"),
        ("schoollevel_junior", "初中", "junior"),
        ("schoollevel_nine_year", "九年一贯制", "nine-year"),
        ("area_urban", "城区", "urban"),
        ("area_town", "镇区", "town"),
        ("area_rural", "乡村", "rural"),
        ("strength_strong", "优质校", "strong"),
        ("strength_ordinary", "普通校", "ordinary"),
        ("strength_weak", "薄弱校", "weak"),
        ("indicator_degree", "高于规定学历教师", "teachers above the required degree"),
        ("indicator_backbone", "县级及以上骨干教师", "county-level or higher backbone teachers"),
        ("indicator_pe_arts", "体育、艺术（美术、音乐）专任教师", "PE and arts (art, music) teachers"),
        ("backbone_none", "—", "—"),
        ("backbone_county", "县级", "county"),
        ("backbone_city", "市级", "city"),
        ("backbone_province", "省级", "province"),
        ("title_none", "—", "—"),
        ("title_second", "二级", "second"),
        ("title_first", "一级", "first"),
        ("title_senior", "高级", "senior"),
        ("generated_by", "由 rotation 生成，数据来自本次方案。", "Made by rotation from this plan."),
    ]
}
