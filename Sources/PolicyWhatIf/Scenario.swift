import CountyData
import Foundation
import RotationModel
import Yams

/// A policy to try: a name and overrides applied on top of the dataset's policy.
///
/// Written as a small YAML file of policy keys with an optional `name` (default: the file's name),
///
/// ```yaml
/// name: rate15
/// rotation_rate: 0.15
/// weights: {balance: 50}
/// ```
///
/// or on the command line as `NAME:key=value,key=value` (`base` alone: no overrides).
public struct Scenario: Sendable, Equatable {
    public var name: String
    /// Where the overrides come from, for messages.
    public var source: String
    enum Overrides: Sendable, Equatable {
        case yaml(String)
        case pairs([String])
    }
    var overrides: Overrides

    /// A scenario from `key=value` pairs.
    public init(name: String, overrides: [String]) {
        self.name = name
        self.source = "--scenario \(name)"
        self.overrides = .pairs(overrides)
    }

    /// A scenario file, or an inline `NAME:key=value,key=value` when no such file exists.
    public static func parse(_ argument: String) throws -> Scenario {
        let url = URL(fileURLWithPath: argument)
        if FileManager.default.fileExists(atPath: url.path) {
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw InvalidDataset(argument, "cannot read the scenario file: \(error.localizedDescription)", zh: "无法读取方案文件")
            }
            var name = url.deletingPathExtension().lastPathComponent
            if let node = try? Yams.compose(yaml: text), let n = node.mapping?["name"]?.scalar?.string, !n.isEmpty { name = n }
            var s = Scenario(name: name, overrides: [])
            s.source = argument
            s.overrides = .yaml(text)
            return s
        }
        let parts = argument.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts[0].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains("=") else {
            throw InvalidDataset("--scenario", value: argument,
                                 "expected a scenario file, or NAME:key=value,key=value (for example rate15:rotation_rate=0.15)",
                                 zh: "应为方案文件，或 名称:键=值,键=值（例如 rate15:rotation_rate=0.15）")
        }
        let pairs = parts.count > 1
            ? parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : []
        return Scenario(name: name, overrides: pairs)
    }

    /// The base policy with this scenario's overrides; every problem at once, with its place.
    public func policy(from base: Policy) throws -> Policy {
        var policy = base
        var issues = DataIssues()
        switch overrides {
        case .yaml(let text):
            PolicyReader.apply(yaml: text, file: source, to: &policy, issues: &issues, reserved: ["name"])
        case .pairs(let pairs):
            for p in pairs { PolicyReader.apply(override: p, to: &policy, issues: &issues) }
        }
        PolicyReader.checkTogether(policy, file: source, issues: &issues)
        if issues.hasErrors { throw InvalidDataset(issues: issues.all) }
        return policy
    }

    /// A one-line description of the overrides.
    public var description: String {
        switch overrides {
        case .pairs(let p): return p.isEmpty ? "the dataset's policy" : p.joined(separator: ", ")
        case .yaml: return source
        }
    }
}
