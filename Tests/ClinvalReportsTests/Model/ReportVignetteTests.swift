import ClinvalCore
import ClinvalMetrics
import ClinvalReports
import Testing

struct ReportVignetteTests {
    @Test func theScoreIsDerivedOnceFromTheOutcome() {
        let outcome = VignetteOutcome(
            casebankID: "bank", casebankVersion: "1", vignetteID: "v1", age: 30, sex: .female, goldDiagnosis: "a",
            goldTriage: TriageRange(.urgent), status: .ok,
            differential: [RankedCondition(condition: "b", probability: 0.6), RankedCondition(condition: "a", probability: 0.3)],
            triage: .routine)
        let vignette = ReportVignette(outcome: outcome, summary: "s", error: nil, approximation: .init(method: "gibbs", samples: 10))
        #expect(vignette.score == VignetteScore(outcome))
        #expect(vignette.score.bestRank == 2 && vignette.score.returnedTriage == .routine)
        #expect(vignette.approximation == Approximation(method: "gibbs", samples: 10))
        #expect(vignette.present.isEmpty && vignette.absent.isEmpty)
        let withFindings = ReportVignette(outcome: outcome, present: ["E_2", "E_1"], absent: ["E_3"])
        #expect(withFindings.present == ["E_2", "E_1"] && withFindings.absent == ["E_3"], "the bank's order is kept")
    }
}
