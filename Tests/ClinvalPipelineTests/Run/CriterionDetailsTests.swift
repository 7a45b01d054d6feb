import ClinvalGate
import ClinvalMetrics
import Testing

@testable import ClinvalPipeline

@Suite struct CriterionDetailsTests {
    @Test func aBaselineCriterionSurvivesTheDatabaseRoundTrip() throws {
        let result = CriterionResult(
            id: "no-regression-top1", metric: "top1_accuracy", scope: .casebank("red-flags"), severity: .blocking,
            passed: false, outcome: .notMet, observed: -0.031, threshold: -0.02, comparison: .atLeast, use: .ciLower,
            message: "Top-1 accuracy fell.",
            baseline: .init(
                runID: "base", candidateValue: 0.7, baselineValue: 0.72, difference: -0.02, differenceCILower: -0.031,
                differenceCIUpper: -0.009, pValue: 0.04, pairedN: 480))
        let record = CriterionDetails.record(result)
        #expect(record.scope == "casebank:red-flags")
        #expect(record.baseline?.pairedN == 480)
        #expect(CriterionDetails.result(record) == result)
    }

    @Test func aThresholdCriterionAndANoBaselineOneSurviveToo() throws {
        let threshold = CriterionResult(
            id: "top3", metric: "top3_accuracy", scope: .age(18...39), severity: .warning, passed: true, outcome: .met,
            observed: 0.81, threshold: 0.8, comparison: .atLeast, use: .ciLower, message: "ok")
        #expect(CriterionDetails.result(CriterionDetails.record(threshold)) == threshold)
        let noBaseline = CriterionResult(
            id: "nr", metric: "top1_accuracy", scope: .all, severity: .blocking, passed: false, outcome: .noBaseline,
            observed: nil, threshold: -0.02, comparison: .atLeast, use: .ciLower, message: "no baseline run",
            baseline: .init(runID: nil))
        #expect(CriterionDetails.result(CriterionDetails.record(noBaseline)) == noBaseline)
    }
}
