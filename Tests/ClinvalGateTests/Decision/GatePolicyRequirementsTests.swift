import ClinvalGate
import ClinvalMetrics
import Testing

@Suite struct GatePolicyRequirementsTests {
    let policy = GatePolicy(
        gate: "release",
        criteria: [
            thresholdCriterion("a", metric: "top3_accuracy", min: 0.8),
            thresholdCriterion("b", metric: "top1_accuracy", scope: .tag("cardiac"), min: 0.5),
            baselineCriterion("c", metric: "top1_accuracy", margin: 0.02),
            baselineCriterion("d", metric: "ece", scope: .tag("cardiac"), margin: 0.01),
            baselineCriterion("e", metric: "top1_accuracy", margin: 0.05, severity: .warning),
        ], file: "policy.yaml", sha256: "")

    @Test func criterionScopesAreUniqueInPolicyOrder() {
        #expect(policy.criterionScopes == [.all, .tag("cardiac")])
    }

    @Test func baselineComparisonsAreUniqueInPolicyOrder() {
        let needed = policy.baselineComparisonsNeeded
        #expect(needed.map(\.metric) == ["top1_accuracy", "ece"])
        #expect(needed.map(\.scope) == [.all, .tag("cardiac")])
    }
}
