/// The Chinese names of the columns and codes that `docs/data-format.md` lists, accepted beside the English
/// ones: a personnel office's own files read as they are.
enum ChineseNames {
    /// The Chinese name of each column, per file: Chinese → English (one Chinese name per column: the one written).
    static let names: [String: [String: String]] = [
        DatasetFile.schools: [
            "学校代码": "id", "学校名称": "name", "学段": "level", "城乡类别": "area", "办学水平": "strength",
            "在校生数": "students", "小学学生数": "students_primary", "初中学生数": "students_junior",
            "纬度": "lat", "经度": "lon", "编制数": "staff_quota", "所属学区": "group",
            "生均教学及辅助用房面积": "rooms_m2_per_student", "生均体育运动场馆面积": "sports_m2_per_student",
            "生均教学仪器设备值": "equipment_yuan_per_student", "每百名学生拥有网络多媒体教室数": "multimedia_per_100",
        ],
        DatasetFile.teachers: [
            "教师编号": "id", "姓名": "name", "性别": "gender", "出生年份": "birth_year", "现任教学校": "school_id",
            "任教学科": "subject", "任教学段": "level", "骨干教师": "backbone", "职称": "title", "学历": "degree",
            "本校连续任教年限": "years_at_school", "免于交流": "exempt", "配偶编号": "partner_id",
            "住址纬度": "home_lat", "住址经度": "home_lon", "人工确定": "lock", "上次调出学校": "left_school_id",
            "上次调出年份": "left_year", "意向学校": "preferences", "人事关系学校": "home_school_id", "交流期满学年": "term_end_year",
            "职务": "role", "跟岗学习": "learner", "可转岗学科": "retrain",
        ],
        DatasetFile.needs: ["学校代码": "school_id", "学科": "subject", "需求人数": "required"],
        DatasetFile.objections: ["教师编号": "teacher_id", "申请": "request", "决定": "decision", "备注": "note"],
        DatasetFile.pairs: ["结对学校甲": "school_a", "结对学校乙": "school_b"],
    ]
    /// Other Chinese names read as well, per file: Chinese → English (never written, never in messages).
    static let aliases: [String: [String: String]] = [
        DatasetFile.schools: ["学区": "group"],
        DatasetFile.pairs: ["学校甲": "school_a", "学校乙": "school_b"],
    ]
    /// Column names per file as read: Chinese → English (`names` and `aliases`).
    static let columns: [String: [String: String]] = names.merging(aliases) { a, b in a.merging(b) { x, _ in x } }

    /// The files of `columns`, in a fixed order.
    static let files = [DatasetFile.schools, DatasetFile.teachers, DatasetFile.needs, DatasetFile.objections, DatasetFile.pairs]
    /// Column names per file: English → Chinese (`names` inverted), for messages in Chinese and the workbook's headers.
    static let chineseColumns: [String: [String: String]] = names.mapValues { names in
        Dictionary(names.map { ($0.value, $0.key) }, uniquingKeysWith: { a, b in min(a, b) })
    }

    /// Codes: Chinese → the code (the same words serve every column that takes them).
    static let codes: [String: String] = [
        "小学": "primary", "初中": "junior", "九年一贯制": "nine_year",
        "城区": "urban", "镇区": "town", "乡村": "rural",
        "优质校": "strong", "普通校": "ordinary", "薄弱校": "weak",
        "男": "M", "女": "F",
        "县级": "county", "市级": "city", "省级": "province",
        "中专": "secondary", "专科": "associate", "本科": "bachelor", "硕士": "master", "博士": "doctor",
        "二级": "second", "一级": "first", "高级": "senior",
        "留任": "stay",
        "采纳": "accepted", "不采纳": "rejected",
        "教师": "teacher", "校长": "principal", "副校长": "vice_principal", "中层干部": "middle_leader",
    ]
    /// `无` is `none` in the columns that have it (backbone, title).
    static let none = "无"
    /// Codes: the code → Chinese (`codes` inverted, and `none` → `无`), for messages in Chinese.
    static let chineseCodes: [String: String] = Dictionary(codes.map { ($0.value, $0.key) }, uniquingKeysWith: { a, b in min(a, b) })
        .merging(["none": none]) { a, _ in a }
}
