import ArgumentParser
import CountyData
import PlanReports
import RotationModel
import RotationPlanner

/// `rotation rules`: the rule catalogue and the policy keys, as the planner knows them.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Lists the hard rules and objective terms of the rule catalogue, with the policy keys each reads.",
        discussion: "With --keys, prints the table of policy keys (name, 中文, values, default, meaning) as in docs/data-format.md.")

    @Option(help: "The language of the summaries: zh or en.") var lang: ReportLanguage = .zh
    @Flag(help: "Print the policy key table (Markdown) instead.") var keys = false

    func validate() throws {

    }

    func run() throws {
        if keys {
            print(CountyWriter.policyKeysMarkdown(), terminator: "")
            return
        }
        print(lang == .en ? "Hard rules (every plan keeps them):" : "硬性规则（每个方案都必须满足）：")
        for rule in RuleCatalogue.rules {
            print("  \(rule.id)  \(rule.summary.text(lang.rawValue))" + (rule.keys.isEmpty ? "" : "  [\(rule.keys.joined(separator: ", "))]"))
        }
        print(lang == .en ? "Objective terms (in order of priority, shortage first):" : "优化目标（学科缺口优先）：")
        for term in RuleCatalogue.terms {
            print("  \(term.term.rawValue)  \(term.summary.text(lang.rawValue))  [\(term.keys.joined(separator: ", "))]")
        }
        print(lang == .en ? "Goals after the least unmet need (with audit.goal):" : "学科缺口最少之后的目标（audit.goal 时）：")
        for goal in RuleCatalogue.goals {
            print("  \(goal.id)  \(goal.summary.text(lang.rawValue))  [\(goal.keys.prefix(3).joined(separator: ", ")), …]")
        }
    }
}
