import CSV
import Foundation
import RotationModel
import Yams

/// The Chinese words of the messages whose English comes from elsewhere: the errors of the CSV, YAML and workbook
/// readers, and the codes a message names.
enum ChineseMessages {
    /// A level code in Chinese (`primary` → 小学), or the code itself when it has no Chinese name.
    static func level(_ code: String) -> String { ChineseNames.chineseCodes[code] ?? code }
    /// A school of a level, in Chinese: 小学, 初中, 九年一贯制学校.
    static func school(_ level: SchoolLevel) -> String { level == .nineYear ? "九年一贯制学校" : self.level(level.rawValue) }

    /// Why a teacher is not eligible this year, in Chinese.
    static func eligibility(_ e: Eligibility) -> String {
        switch e {
        case .eligible: return "符合交流条件"
        case .tenure: return "在本校任教年限不足"
        case .exempt: return "免于交流"
        case .retirement: return "临近退休"
        case .lockedStay: return "已人工确定留任"
        case .midTerm: return "交流期未满"
        case .returning: return "交流期满返回"
        }
    }

    /// An error of CSV.swift, in Chinese.
    static func csvProblem(_ error: Error) -> String {
        guard let error = error as? CSVError else { return "\(error)" }
        switch error {
        case .cannotOpenFile: return "无法打开文件"
        case .cannotReadFile: return "无法读取文件"
        case .cannotWriteStream: return "无法写入数据流"
        case .streamErrorHasOccurred(let inner): return "读取数据流时出错（\(inner)）"
        case .unicodeDecoding: return "无法解码 Unicode 文本"
        case .cannotReadHeaderRow: return "无法读取表头行"
        case .stringEncodingMismatch: return "文本编码不一致"
        case .stringEndianMismatch: return "文本字节序不一致"
        }
    }

    /// The problem of a YAML error, in Chinese: libyaml's problems (`did not find expected key`) have a fixed
    /// wording, translated here; any other keeps its words.
    static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .reader(let problem, _, _, _), .scanner(_, let problem, _, _), .parser(_, let problem, _, _),
             .composer(_, let problem, _, _):
            return yamlProblems[problem] ?? problem
        case .dataCouldNotBeDecoded: return "无法按 UTF-8 解码文本"
        default: return "\(error)"
        }
    }

    /// Every problem libyaml's reader, scanner and parser (and Yams' composer) report, in Chinese.
    static let yamlProblems: [String: String] = [
        // The reader.
        "control characters are not allowed": "不允许出现控制字符",
        "input error": "输入错误",
        "input is too long": "输入过长",
        "invalid Unicode character": "无效的 Unicode 字符",
        "incomplete UTF-8 octet sequence": "UTF-8 字节序列不完整",
        "invalid leading UTF-8 octet": "无效的 UTF-8 首字节",
        "invalid length of a UTF-8 sequence": "UTF-8 序列长度无效",
        "invalid trailing UTF-8 octet": "无效的 UTF-8 后续字节",
        "incomplete UTF-16 character": "UTF-16 字符不完整",
        "incomplete UTF-16 surrogate pair": "UTF-16 代理对不完整",
        "expected low surrogate area": "缺少 UTF-16 低位代理",
        "unexpected low surrogate area": "多余的 UTF-16 低位代理",
        // The scanner.
        "block sequence entries are not allowed in this context": "此处不允许出现块序列项（-）",
        "could not find expected ':'": "找不到应有的 ':'",
        "could not find expected directive name": "找不到应有的指令名",
        "did not find URI escaped octet": "找不到 URI 转义字节",
        "did not find expected '!'": "找不到应有的 '!'",
        "did not find expected alphabetic or numeric character": "找不到应有的字母或数字字符",
        "did not find expected comment or line break": "找不到应有的注释或换行",
        "did not find expected digit or '.' character": "找不到应有的数字或 '.' 字符",
        "did not find expected hexdecimal number": "找不到应有的十六进制数",
        "did not find expected tag URI": "找不到应有的标签 URI",
        "did not find expected version number": "找不到应有的版本号",
        "did not find expected whitespace": "找不到应有的空白字符",
        "did not find expected whitespace or line break": "找不到应有的空白字符或换行",
        "did not find the expected '>'": "找不到应有的 '>'",
        "found a tab character that violates indentation": "制表符（Tab）破坏了缩进",
        "found a tab character where an indentation space is expected": "此处应以空格缩进，却出现了制表符（Tab）",
        "found an incorrect leading UTF-8 octet": "UTF-8 首字节有误",
        "found an incorrect trailing UTF-8 octet": "UTF-8 后续字节有误",
        "found an indentation indicator equal to 0": "缩进指示符为 0",
        "found character that cannot start any token": "出现了不能作为任何标记开头的字符",
        "found extremely long version number": "版本号过长",
        "found invalid Unicode character escape code": "无效的 Unicode 字符转义码",
        "found unexpected ':'": "出现了多余的 ':'",
        "found unexpected document indicator": "出现了多余的文档标记（--- 或 ...）",
        "found unexpected end of stream": "文件意外结束",
        "found unexpected non-alphabetical character": "出现了多余的非字母字符",
        "found unknown directive name": "未知的指令名",
        "found unknown escape character": "未知的转义字符",
        "mapping keys are not allowed in this context": "此处不允许出现映射的键",
        "mapping values are not allowed in this context": "此处不允许出现映射的值",
        // The parser.
        "Maximum nesting level reached, set with yaml_set_max_nest_level())": "嵌套层数超过上限",
        "did not find expected ',' or ']'": "找不到应有的 ',' 或 ']'",
        "did not find expected ',' or '}'": "找不到应有的 ',' 或 '}'",
        "did not find expected '-' indicator": "找不到应有的 '-' 标记",
        "did not find expected <document start>": "找不到应有的文档开始标记",
        "did not find expected <stream-start>": "找不到应有的数据流开始标记",
        "did not find expected key": "找不到应有的键",
        "did not find expected node content": "找不到应有的节点内容",
        "found duplicate %TAG directive": "%TAG 指令重复",
        "found duplicate %YAML directive": "%YAML 指令重复",
        "found incompatible YAML document": "YAML 文档版本不兼容",
        "found undefined tag handle": "未定义的标签句柄",
        // Yams.
        "but found another document": "却又出现了另一个文档（文件中只能有一个 YAML 文档）",
        "found undefined alias": "未定义的别名",
    ]

    /// An error of the workbook reader (Spreadsheets), in Chinese: its sentences have a fixed form, read back
    /// here (they are matched whole, so a changed sentence falls back); any other is named as a problem of the
    /// workbook with its own words.
    static func workbookProblem(_ error: Error) -> String {
        let text = "\(error)"
        for (pattern, chinese) in workbookPatterns {
            guard let match = try? pattern.wholeMatch(in: text) else { continue }
            let parts = match.output.dropFirst().map { $0.substring.map(String.init) ?? "" }
            return chinese(parts)
        }
        return "无法读取工作簿：\(text)"
    }

    private nonisolated(unsafe) static let workbookPatterns: [(Regex<AnyRegexOutput>, ([String]) -> String)] = [
        (#"cannot read the file \(missing or unreadable\): (.*)"#, { "无法读取文件（文件不存在或无法读取）：\($0[0])" }),
        (#"the file is (\d+) MiB; at most (\d+) MiB is read"#, { "文件大小为 \($0[0]) MiB，最多只读取 \($0[1]) MiB" }),
        (#"not an \.xlsx workbook \(it cannot be opened as a zip archive\); save it from Excel as .*"#,
         { _ in "不是 .xlsx 工作簿（无法作为 zip 压缩包打开）；请在 Excel 中另存为“Excel 工作簿(*.xlsx)”" }),
        (#"sheet (.*), cell (.*): a shared string that the workbook does not have"#,
         { "工作表 \($0[0]) 单元格 \($0[1])：引用了工作簿中不存在的共享字符串" }),
        (#"not an \.xlsx workbook: it has no (.*)"#, { "不是 .xlsx 工作簿：缺少 \($0[0])" }),
        (#"(.*) unpacks to (\d+) MiB; at most (\d+) MiB is read"#,
         { "\($0[0]) 解压后为 \($0[1]) MiB，最多只读取 \($0[2]) MiB" }),
        (#"(.*) unpacks to more than (\d+) MiB"#, { "\($0[0]) 解压后超过 \($0[1]) MiB" }),
        // The unzip and XML libraries' own words (in English) are left to the English message.
        (#"the workbook is damaged: (\S+) cannot be unpacked \((.*)\)"#, { "工作簿已损坏：\($0[0]) 无法解压" }),
        (#"the workbook is damaged: (\S+) is not the XML Excel writes \((.*)\)"#,
         { "工作簿已损坏：\($0[0]) 不是 Excel 所写的 XML 格式" }),
    ].compactMap { pattern, chinese in
        (try? Regex(pattern).dotMatchesNewlines()).map { ($0, chinese) }
    }
}
