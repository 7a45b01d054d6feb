import ClinvalCore
import ClinvalMetrics
import Testing

struct ScopeMembershipTests {
    private let outcome = VignetteOutcome(
        casebankID: "red-flags", casebankVersion: "2026.11", vignetteID: "rf-1", age: 40, sex: .male,
        tags: ["cardiac"], goldDiagnosis: "mi", goldTriage: TriageRange(lower: .urgent, upper: .emergency)!,
        status: .ok)

    @Test(arguments: [
        (Scope.all, true), (.casebank("red-flags"), true), (.casebank("other"), false), (.tag("cardiac"), true),
        (.tag("resp"), false), (.sex(.male), true), (.sex(.female), false), (.age(18...40), true),
        (.age(40...64), true), (.age(41...64), false), (.triage(.urgent), true), (.triage(.emergency), false),
        (.condition("mi"), true), (.condition("angina"), false),
    ])
    func membershipFollowsTheContract(scope: Scope, expected: Bool) {
        #expect(scope.contains(outcome) == expected)
    }

    @Test func breakdownsOfNoVignettesAreAllAndTheStandardScopes() {
        #expect(Scope.breakdowns(for: []) == [.all] + Scope.standardBreakdowns)
    }
}
