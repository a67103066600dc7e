import CountyData
import Foundation
import IntegerProgramming
import RotationModel
@testable import RotationPlanner
import Testing

/// The catalogue is one home for every rule: its registry, its terms and the policy keys agree with each other
/// and with the documentation.
@Suite("The rule catalogue and the policy key table")
struct CatalogueTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Two policies with the same value for every key (a rate of 0.1 equals one of 0.10).
    static func same(_ a: Policy, _ b: Policy) -> Bool { Policy.keys.allSatisfy { $0.text(in: a) == $0.text(in: b) } }

    @Test func everyRuleHasOneIdASummaryInBothLanguagesAndKnownKeys() {
        let ids = Catalogue.rules.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids == [.R1, .R2, .R3, .R4, .R5, .R6, .R7, .R8, .R9, .R10, .R11, .R12, .R13, .R14, .R15, .R16])
        let keyNames = Set(Policy.keys.map(\.name))
        for unit in Catalogue.rules as [any CatalogueUnit] + Catalogue.terms as [any CatalogueUnit] + Catalogue.goals {
            #expect(!unit.summary.zh.isEmpty && !unit.summary.en.isEmpty && unit.summary.zh != unit.summary.en, "\(unit.unitID)")
            for key in unit.keys {
                #expect(keyNames.contains(key), "\(unit.unitID) reads \(key), which is not in Policy.keys")
                #expect(Policy.key(key)?.usedBy.contains(unit.unitID) == true, "Policy.keys does not say \(key) is read by \(unit.unitID)")
            }
        }
        // And the other way: a key's readers list it.
        for key in Policy.keys {
            for reader in key.usedBy {
                let unit = (Catalogue.rules as [any CatalogueUnit] + Catalogue.terms + Catalogue.goals).first { $0.unitID == reader }
                #expect(unit?.keys.contains(key.name) == true, "\(key.name) names \(reader), which does not read it")
            }
        }
    }

    @Test func everyObjectiveTermHasExactlyOneUnitInEnumOrder() {
        #expect(Catalogue.terms.map(\.term) == ObjectiveTerm.allCases)
        #expect(Catalogue.perMoveTerms.map(\.term) == [.commute, .moves, .preference])
    }

    @Test("the key table of docs/data-format.md is the one made from Policy.keys")
    func docsTableMatches() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/data-format.md"), encoding: .utf8)
        let begin = try #require(doc.range(of: "<!-- policy-keys:begin -->\n"))
        let end = try #require(doc.range(of: "<!-- policy-keys:end -->"))
        #expect(String(doc[begin.upperBound..<end.lowerBound]) == CountyWriter.policyKeysMarkdown(),
                "regenerate the table with `rotation rules --keys`")
    }

    @Test("a generated policy.yaml reads back to the same policy, for the defaults and for changed values")
    func generatedPolicyRoundTrips() throws {
        var changed = Policy()
        changed.rotationRate = Rate(decimal: "0.07")!
        changed.retirementAge[.female] = 58
        changed.weights.floor = 20
        changed.peArtsSubjects = ["体育", "音乐"]
        changed.solver.gap = 0.001
        for policy in [Policy(), changed] {
            var read = Policy()
            var issues = DataIssues()
            PolicyReader.apply(yaml: CountyWriter.policyYAML(policy), file: "policy.yaml", to: &read, issues: &issues)
            #expect(issues.all.isEmpty)
            #expect(Self.same(read, policy))
        }
    }

    @Test("the bundled examples' policy files are what the generator writes for their values")
    func examplesPolicyFilesAreGenerated() throws {
        for name in ["small-county", "medium-county"] {
            let text = try String(contentsOf: Self.root.appendingPathComponent("Examples/\(name)/policy.yaml"), encoding: .utf8)
            var policy = Policy()
            var issues = DataIssues()
            PolicyReader.apply(yaml: text, file: "policy.yaml", to: &policy, issues: &issues)
            #expect(CountyWriter.policyYAML(policy) == text, "\(name)")
        }
    }

    @Test("every key can be set with --set, and a value out of its range is refused with the key named")
    func everyKeyIsSettable() {
        for key in Policy.keys {
            var policy = Policy()
            var issues = DataIssues()
            PolicyReader.apply(override: "\(key.name)=\(key.text(in: Policy()))", to: &policy, issues: &issues)
            #expect(issues.all.isEmpty, "\(key.name)")
            #expect(Self.same(policy, Policy()), "\(key.name)")
            var bad = DataIssues()
            PolicyReader.apply(override: "\(key.name)=not a value", to: &policy, issues: &bad)
            #expect(bad.errors.count == 1 && bad.errors.first?.column == key.name, "\(key.name)")
        }
    }

    @Test("each move's reasons come from the catalogue: a lock first, then a filled shortage, then the rules")
    func reasonsOrder() {
        let order = Catalogue.reasonSources.map(\.unitID)
        #expect(order.prefix(2) == ["R1", "shortage"])
        #expect(Set(order).count == Catalogue.rules.count + Catalogue.terms.count + Catalogue.goals.count)
    }
}
