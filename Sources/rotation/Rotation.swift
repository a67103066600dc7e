import ArgumentParser
import Foundation
import OutputFiles
import PlanReports

@main
struct Rotation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotation",
        abstract: "Plans a county's yearly teacher rotation (教师交流轮岗) with GLPK.",
        discussion: """
        Exit codes: 0 done; 2 bad input (every problem is listed with file, line and column); 3 the policy \
        cannot be met (a diagnosis is written and printed); 4 no plan found within the time limit.
        """,
        subcommands: [PlanCommand.self, ValidateCommand.self, CompareCommand.self, SweepCommand.self, DiffCommand.self,
                      ExplainCommand.self, GenerateCommand.self, BenchCommand.self, RulesCommand.self, PublishCommand.self,
                      AdoptCommand.self, HistoryCommand.self, SimulateCommand.self, ServeCommand.self, UsersCommand.self])
}

/// Exit codes shared by the commands.
enum Exit {
    static let badInput = ExitCode(2)
    static let cannotMeet = ExitCode(3)
    static let noPlan = ExitCode(4)
}

/// Standard error, for messages that are not the command's result.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}
nonisolated(unsafe) var standardError = StandardError()

func warn(_ text: String) { print(text, to: &standardError) }

/// An error for people, in `lang`: the output folder's refusals and write failures have their Chinese.
func describe(_ error: Error, _ lang: ReportLanguage) -> String {
    if lang == .zh, let f = error as? OutputDirectory.Failure { return f.chinese }
    return "\(error)"
}

/// Whether standard error is a terminal (live progress only then).
var standardErrorIsTerminal: Bool { isatty(2) == 1 }
