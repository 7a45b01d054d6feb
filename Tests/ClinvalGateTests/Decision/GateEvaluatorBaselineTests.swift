import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import Testing

@Suite struct GateEvaluatorBaselineTests {
    let top1 = baselineCriterion("no-regression-top1", metric: "top1_accuracy", margin: 0.02)
    let ece = baselineCriterion("calibration", metric: "ece", margin: 0.01)

    func baseline(_ comparisons: BaselineComparison...) -> GateBaseline {
        GateBaseline(runID: "2026-11-28-a", comparisons: comparisons)
    }

    // MARK: No baseline run

    @Test func noBaselineRunFails() {
        let result = judge(top1, rows: top3Rows)
        #expect(!result.passed)
        #expect(result.outcome == .noBaseline)
        #expect(result.observed == nil)
        #expect(result.threshold == -0.02)
        #expect(result.baseline == BaselineFigures(runID: nil))
        #expect(
            result.message
                == "There is no baseline run to compare top-1 accuracy with; this criterion fails until one exists.")
    }

    @Test func noBaselineRunFailsTheGate() {
        let decision = decide([top1], rows: top3Rows)
        #expect(decision.verdict == .fail)
    }

    @Test func noBaselineRunPassesOnAFirstRunPolicy() {
        let decision = decide([top1], rows: top3Rows, firstRun: .pass)
        let result = decision.criteria.first
        #expect(decision.verdict == .pass)
        #expect(result?.passed == true)
        #expect(result?.outcome == .firstRunPassed)
        #expect(
            result?.message
                == "There is no baseline run to compare top-1 accuracy with; this criterion passes because the policy allows a first run (first_run: pass)."
        )
    }

    @Test func noBaselineSentenceNamesAScope() {
        let criterion = baselineCriterion(metric: "top1_accuracy", scope: .tag("cardiac"), margin: 0.02)
        #expect(
            judge(criterion, rows: []).message
                == "There is no baseline run to compare top-1 accuracy on the vignettes tagged cardiac with; this criterion fails until one exists."
        )
    }

    // MARK: Higher is better: the lower bound against −margin

    @Test func higherIsBetterNonInferiorPasses() {
        let result = judge(
            top1, rows: [],
            baseline: baseline(
                comparison(
                    "top1_accuracy", candidate: 0.70, baseline: 0.71, difference: -0.01, lower: -0.015, upper: 0.005,
                    pValue: 0.21, pairedN: 480)))
        #expect(result.passed)
        #expect(result.outcome == .met)
        #expect(result.observed == -0.015)
        #expect(result.threshold == -0.02)
        #expect(result.use == .ciLower)
        #expect(result.comparison == .atLeast)
        #expect(
            result.message
                == "Top-1 accuracy fell from 0.710 in baseline run 2026-11-28-a to 0.700 on the 480 vignettes in both runs; the difference −0.010 (95% CI −0.015 to +0.005; McNemar exact p = 0.21) has lower bound −0.015, at least the allowed −0.02, so this run is not worse than the baseline by more than the margin 0.02."
        )
    }

    @Test func higherIsBetterInferiorFails() {
        let result = judge(
            top1, rows: [],
            baseline: baseline(
                comparison(
                    "top1_accuracy", candidate: 0.69, baseline: 0.71, difference: -0.02, lower: -0.05, upper: 0.01,
                    pValue: 0.0004, pairedN: 480)))
        #expect(!result.passed)
        #expect(result.outcome == .notMet)
        #expect(result.observed == -0.05)
        #expect(
            result.message
                == "Top-1 accuracy fell from 0.710 in baseline run 2026-11-28-a to 0.690 on the 480 vignettes in both runs; the difference −0.020 (95% CI −0.050 to +0.010; McNemar exact p < 0.001) has lower bound −0.050, below the allowed −0.02, so this run may be worse than the baseline by more than the margin 0.02."
        )
    }

    @Test func higherIsBetterLowerBoundEqualToMinusMarginPasses() {
        let result = judge(
            top1, rows: [],
            baseline: baseline(
                comparison(
                    "top1_accuracy", candidate: 0.71, baseline: 0.71, difference: 0, lower: -0.02, upper: 0.02,
                    pValue: 1, pairedN: 480)))
        #expect(result.passed)
        #expect(result.observed == result.threshold)
        #expect(
            result.message
                == "Top-1 accuracy stayed at 0.710, as in baseline run 2026-11-28-a, on the 480 vignettes in both runs; the difference 0.000 (95% CI −0.020 to +0.020; McNemar exact p = 1.00) has lower bound −0.020, at least the allowed −0.02, so this run is not worse than the baseline by more than the margin 0.02."
        )
    }

    @Test func baselineFiguresAreCarried() {
        let result = judge(
            top1, rows: [],
            baseline: baseline(
                comparison(
                    "top1_accuracy", candidate: 0.69, baseline: 0.71, difference: -0.02, lower: -0.05, upper: 0.01,
                    pValue: 0.3, pairedN: 480)))
        #expect(
            result.baseline
                == BaselineFigures(
                    runID: "2026-11-28-a", candidateValue: 0.69, baselineValue: 0.71, difference: -0.02,
                    differenceCILower: -0.05, differenceCIUpper: 0.01, pValue: 0.3, pairedN: 480))
    }

    // MARK: Lower is better: the upper bound against +margin

    @Test func lowerIsBetterNonInferiorPasses() {
        let result = judge(
            ece, rows: [],
            baseline: baseline(
                comparison("ece", candidate: 0.041, baseline: 0.038, difference: 0.003, lower: -0.004, upper: 0.009, pairedN: 470)))
        #expect(result.passed)
        #expect(result.observed == 0.009)
        #expect(result.threshold == 0.01)
        #expect(result.use == .ciUpper)
        #expect(result.comparison == .atMost)
        #expect(
            result.message
                == "Expected calibration error rose from 0.038 in baseline run 2026-11-28-a to 0.041 on the 470 vignettes that the model answered with a differential in both runs; the difference +0.003 (95% CI −0.004 to +0.009) has upper bound +0.009, at most the allowed +0.01, so this run is not worse than the baseline by more than the margin 0.01."
        )
    }

    @Test func lowerIsBetterInferiorFails() {
        let result = judge(
            ece, rows: [],
            baseline: baseline(
                comparison("ece", candidate: 0.06, baseline: 0.038, difference: 0.022, lower: 0.01, upper: 0.035, pairedN: 470)))
        #expect(!result.passed)
        #expect(result.outcome == .notMet)
        #expect(result.observed == 0.035)
        #expect(
            result.message
                == "Expected calibration error rose from 0.038 in baseline run 2026-11-28-a to 0.060 on the 470 vignettes that the model answered with a differential in both runs; the difference +0.022 (95% CI +0.010 to +0.035) has upper bound +0.035, above the allowed +0.01, so this run may be worse than the baseline by more than the margin 0.01."
        )
    }

    @Test func lowerIsBetterUpperBoundEqualToMarginPasses() {
        let result = judge(
            ece, rows: [],
            baseline: baseline(
                comparison("ece", candidate: 0.04, baseline: 0.04, difference: 0, lower: -0.01, upper: 0.01, pairedN: 470)))
        #expect(result.passed)
        #expect(result.observed == 0.01)
    }

    @Test func zeroMarginGivesAPositiveZeroThreshold() {
        let criterion = baselineCriterion(metric: "top1_accuracy", margin: 0)
        let result = judge(criterion, rows: [])
        #expect(result.threshold == 0)
        #expect(result.threshold?.sign == .plus)
    }

    // MARK: Too few, undefined, missing

    @Test func noPairedVignettesFailAsTooFewCases() {
        let criterion = baselineCriterion(metric: "emergency_undertriage_rate", scope: .casebank("red-flags"), margin: 0.01)
        let result = judge(
            criterion, rows: [],
            baseline: baseline(
                comparison(
                    "emergency_undertriage_rate", scope: .casebank("red-flags"), candidate: nil, baseline: nil,
                    difference: nil, lower: nil, upper: nil, pairedN: 0)))
        #expect(!result.passed)
        #expect(result.outcome == .tooFewCases)
        #expect(result.baseline?.pairedN == 0)
        #expect(
            result.message
                == "Too few cases: no emergency vignettes of bank red-flags are in both this run and baseline run 2026-11-28-a (a vignette matches when its bank id, bank version and vignette id are the same), so emergency under-triage rate cannot be compared."
        )
    }

    @Test func fewerPairedVignettesThanMinNFailAsTooFewCases() {
        let criterion = baselineCriterion(metric: "top1_accuracy", scope: .tag("cardiac"), margin: 0.02, minN: 30)
        let result = judge(
            criterion, rows: [],
            baseline: baseline(
                comparison(
                    "top1_accuracy", scope: .tag("cardiac"), candidate: 0.9, baseline: 0.8, difference: 0.1,
                    lower: -0.1, upper: 0.3, pairedN: 12)))
        #expect(result.outcome == .tooFewCases)
        #expect(result.observed == nil)
        #expect(
            result.message
                == "Too few cases: only 12 vignettes tagged cardiac are in both this run and baseline run 2026-11-28-a, fewer than the 30 required; the difference in top-1 accuracy is not judged."
        )
    }

    @Test func undefinedDifferenceFails() {
        let result = judge(
            ece, rows: [],
            baseline: baseline(
                comparison("ece", candidate: 0.04, baseline: nil, difference: nil, lower: nil, upper: nil, pairedN: 3)))
        #expect(result.outcome == .metricUndefined)
        #expect(
            result.message
                == "The difference in expected calibration error between this run and baseline run 2026-11-28-a on the 3 vignettes that the model answered with a differential in both runs could not be computed; this criterion fails."
        )
    }

    @Test func missingComparisonFailsAsNotComputed() {
        let result = judge(
            top1, rows: [],
            baseline: baseline(
                comparison("top1_accuracy", scope: .tag("x"), candidate: 0.7, baseline: 0.7, difference: 0, lower: 0, upper: 0, pairedN: 9)))
        #expect(result.outcome == .notComputed)
        #expect(result.baseline?.runID == "2026-11-28-a")
        #expect(
            result.message
                == "The comparison of top-1 accuracy on all vignettes with baseline run 2026-11-28-a was not computed; this criterion fails."
        )
    }

    @Test func failedBaselineWarningDoesNotFailTheGate() {
        let warning = baselineCriterion(metric: "top1_accuracy", margin: 0.02, severity: .warning)
        let decision = decide([warning], rows: [])
        #expect(decision.criteria.first?.outcome == .noBaseline)
        #expect(decision.verdict == .pass)
        #expect(
            decision.criteria.first?.message
                == "There is no baseline run to compare top-1 accuracy with; this criterion fails until one exists. This is a warning; it does not fail the gate."
        )
    }
}
