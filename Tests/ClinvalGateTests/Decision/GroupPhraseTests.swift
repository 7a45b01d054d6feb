import ClinvalCore
@testable import ClinvalGate
import ClinvalMetrics
import Testing

@Suite struct GroupPhraseTests {
    @Test(arguments: [
        (Scope.all, "all 515 vignettes"),
        (.casebank("red-flags"), "the 515 vignettes of bank red-flags"),
        (.tag("cardiac"), "the 515 vignettes tagged cardiac"),
        (.sex(.female), "the 515 vignettes of female patients"),
        (.age(18...39), "the 515 vignettes of patients aged 18–39"),
        (.triage(.emergency), "the 515 vignettes whose gold triage starts at emergency"),
        (.triage(.selfCare), "the 515 vignettes whose gold triage starts at self-care"),
        (.condition("pneumonia"), "the 515 vignettes whose gold diagnosis is pneumonia"),
    ])
    func scopesReadAsWords(_ scope: Scope, _ text: String) {
        #expect(GroupPhrase(scope: scope, population: .scope).counted(515) == text)
    }

    @Test(arguments: [
        (MetricDefinition.Population.emergencyGold, "the 120 emergency vignettes tagged cardiac"),
        (.mustPass, "the 120 must-pass vignettes tagged cardiac"),
        (.goldDifferential, "the 120 vignettes tagged cardiac with a doctors' differential"),
        (.nonEmptyDifferential, "the 120 vignettes tagged cardiac that the model answered with a differential"),
        (.okResults, "the 120 vignettes tagged cardiac that the model answered without error"),
    ])
    func populationsNarrowTheScope(_ population: MetricDefinition.Population, _ text: String) {
        #expect(GroupPhrase(scope: .tag("cardiac"), population: population).counted(120) == text)
    }

    @Test func countsOfZeroAndOneReadNaturally() {
        let group = GroupPhrase(scope: .tag("cardiac"), population: .scope)
        #expect(group.counted(0) == "no vignettes tagged cardiac")
        #expect(group.counted(1) == "the single vignette tagged cardiac")
        #expect(group.bare(1) == "1 vignette tagged cardiac")
        #expect(group.bare(12) == "12 vignettes tagged cardiac")
    }

    @Test func everythingCanBeNamedWithoutAll() {
        let group = GroupPhrase(scope: .all, population: .scope)
        #expect(group.counted(480, everything: false) == "the 480 vignettes")
        #expect(group.scopeOnly == "all vignettes")
    }
}
