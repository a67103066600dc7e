import IntegerProgramming
import RotationPlanner

/// Planning's progress as one line for people, in their language and terms: the step, what the solver is doing,
/// and the best plan so far by its unmet need and movers with the gap as a percentage. Never a raw solver
/// number (an objective value, an infinite bound). The terminal and the server's job page both show it.
public enum ProgressLine {
    public static func text(_ p: PlanProgress, seconds: Double, language: ReportLanguage) -> String {
        let zh = language == .zh
        var parts = [phase(p.phase, zh)]
        switch p.stage {
        case nil:
            parts.append(zh ? "建立模型" : "building the model")
        case .relaxation?:
            parts.append(zh ? "计算最优界" : "computing the best possible")
        case .pricing?:
            let n = p.movesIn.map(count) ?? "…"
            parts.append(zh ? "纳入更多候选调动（已纳入 \(n) 个）" : "taking in more candidate moves (\(n) in)")
        case .search?:
            if !p.hasPlan {
                parts.append(zh ? "搜索方案，尚无方案" : "searching, no plan yet")
            } else {
                var best: [String] = []
                if let u = p.unmetNeed { best.append(zh ? "学科缺口 \(number(u)) 人" : "unmet need \(number(u))") }
                if let m = p.movers { best.append(zh ? "交流 \(count(m)) 人" : "\(count(m)) movers") }
                var line = zh ? "当前最好方案" : "best plan so far"
                if !best.isEmpty { line += (zh ? "：" : ": ") + best.joined(separator: zh ? "，" : ", ") }
                if let g = p.gap, g.isFinite {
                    line += zh ? "，与最优界相差 \(percent(g))" : ", within \(percent(g)) of the best possible"
                }
                parts.append(line)
            }
        }
        parts.append(zh ? "\(String(format: "%.0f", seconds)) 秒" : "\(String(format: "%.0f", seconds)) s")
        return parts.joined(separator: " · ")
    }

    static func phase(_ phase: PlanProgress.Phase, _ zh: Bool) -> String {
        switch phase {
        case .fewestChanges: return zh ? "保持原方案：找改动最少的方案" : "keeping the previous plan: the fewest changes"
        case .plan: return zh ? "规划交流方案" : "planning"
        case .seed: return zh ? "先找一个满足规则的方案" : "finding any plan that keeps the rules"
        case .leastShortage: return zh ? "核实学科缺口已最少" : "checking that unmet need is the least possible"
        case .replan: return zh ? "在缺口最少的前提下重新规划" : "planning again with the least unmet need"
        case .auditCaps: return zh ? "督导评估：核定差异系数上限" : "audit: settling the CV caps"
        case .auditPassing: return zh ? "督导评估：使达标学校最多" : "audit: the most schools passing"
        case .freshPlan: return zh ? "重新规划一次，比较保持原方案的代价" : "a fresh plan, for the cost of keeping the old one"
        case .diagnosis: return zh ? "查找无法同时满足的规则" : "finding the rules that cannot all be met"
        }
    }

    /// A gap as a percentage: two decimals below 10 %, never in exponent notation nor a number of many digits.
    static func percent(_ g: Double) -> String {
        let p = max(0, g) * 100
        if !(p < 1000) { return ">999%" }
        return p >= 10 ? String(format: "%.0f%%", p) : p >= 0.01 || p == 0 ? String(format: "%.2f%%", p) : "<0.01%"
    }

    static func number(_ d: Double) -> String { d == d.rounded() ? count(Int(d)) : String(format: "%.1f", d) }

    /// A whole number with thousands separators.
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
