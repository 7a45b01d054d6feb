import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import Testing

@Suite struct GateEvaluatorTests {
    // MARK: min / max × point / ci_lower / ci_upper / ci_upper_exact

    struct BoundCase: Sendable, CustomTestStringConvertible {
        var use: BoundUse
        var min: Double?
        var max: Double?
        var observed: Double
        var passed: Bool
        var testDescription: String { "\(use.rawValue) \(min.map { "min \($0)" } ?? "") \(max.map { "max \($0)" } ?? "")" }
    }

    /// Emergency under-triage 0.017, 95% CI 0.004–0.058, exact upper bound 0.039.
    @Test(arguments: [
        BoundCase(use: .point, min: 0.01, observed: 0.017, passed: true),
        BoundCase(use: .point, min: 0.02, observed: 0.017, passed: false),
        BoundCase(use: .point, max: 0.02, observed: 0.017, passed: true),
        BoundCase(use: .point, max: 0.01, observed: 0.017, passed: false),
        BoundCase(use: .ciLower, min: 0.004, observed: 0.004, passed: true),
        BoundCase(use: .ciLower, min: 0.005, observed: 0.004, passed: false),
        BoundCase(use: .ciLower, max: 0.01, observed: 0.004, passed: true),
        BoundCase(use: .ciLower, max: 0.003, observed: 0.004, passed: false),
        BoundCase(use: .ciUpper, min: 0.05, observed: 0.058, passed: true),
        BoundCase(use: .ciUpper, min: 0.06, observed: 0.058, passed: false),
        BoundCase(use: .ciUpper, max: 0.06, observed: 0.058, passed: true),
        BoundCase(use: .ciUpper, max: 0.05, observed: 0.058, passed: false),
        BoundCase(use: .ciUpperExact, min: 0.03, observed: 0.039, passed: true),
        BoundCase(use: .ciUpperExact, min: 0.04, observed: 0.039, passed: false),
        BoundCase(use: .ciUpperExact, max: 0.039, observed: 0.039, passed: true),
        BoundCase(use: .ciUpperExact, max: 0.02, observed: 0.039, passed: false),
    ])
    func thresholdComparesTheNumberNamedByUse(_ test: BoundCase) {
        let criterion = thresholdCriterion(
            metric: "emergency_undertriage_rate", scope: .casebank("red-flags"), min: test.min, max: test.max,
            use: test.use)
        let result = judge(criterion, rows: emergencyRows)
        #expect(result.observed == test.observed)
        #expect(result.passed == test.passed)
        #expect(result.outcome == (test.passed ? .met : .notMet))
        #expect(result.threshold == test.min ?? test.max)
        #expect(result.comparison == (test.min != nil ? .atLeast : .atMost))
        #expect(result.use == test.use)
    }

    @Test func minOnLowerBoundMetSaysSo() {
        let result = judge(thresholdCriterion(metric: "top3_accuracy", min: 0.80, use: .ciLower), rows: top3Rows)
        #expect(result.passed)
        #expect(
            result.message
                == "Top-3 accuracy on all 515 vignettes is 0.843 (95% CI 0.810–0.872); the lower bound 0.810 is at least the required minimum 0.80."
        )
    }

    @Test func minOnPointNotMetSaysSo() {
        let result = judge(thresholdCriterion(metric: "top3_accuracy", min: 0.85), rows: top3Rows)
        #expect(!result.passed)
        #expect(
            result.message
                == "Top-3 accuracy on all 515 vignettes is 0.843 (95% CI 0.810–0.872); this is below the required minimum 0.85."
        )
    }

    @Test func maxOnExactUpperBoundNotMetSaysSo() {
        let criterion = thresholdCriterion(
            metric: "emergency_undertriage_rate", scope: .casebank("red-flags"), max: 0.02, use: .ciUpperExact)
        let result = judge(criterion, rows: emergencyRows)
        #expect(result.outcome == .notMet)
        #expect(
            result.message
                == "Emergency under-triage rate among the 120 emergency vignettes of bank red-flags is 0.017 (exact one-sided 95% upper bound 0.039); the exact upper bound 0.039 is above the allowed maximum 0.02."
        )
    }

    @Test func maxOnUpperBoundMetSaysSo() {
        let criterion = thresholdCriterion(
            metric: "emergency_undertriage_rate", scope: .casebank("red-flags"), max: 0.06, use: .ciUpper)
        #expect(
            judge(criterion, rows: emergencyRows).message
                == "Emergency under-triage rate among the 120 emergency vignettes of bank red-flags is 0.017 (95% CI 0.004–0.058); the upper bound 0.058 is at most the allowed maximum 0.06."
        )
    }

    @Test func observedEqualToMinPasses() {
        let rows = [MetricValue(scope: .all, metric: "top1_accuracy", value: 0.7, ciLower: 0.65, ciUpper: 0.75, n: 200)]
        let result = judge(thresholdCriterion(metric: "top1_accuracy", min: 0.7), rows: rows)
        #expect(result.passed)
        #expect(result.observed == 0.7)
        #expect(result.threshold == 0.7)
    }

    @Test func observedEqualToMaxPasses() {
        let rows = [MetricValue(scope: .all, metric: "error_rate", value: 0.01, ciLower: 0.003, ciUpper: 0.02, n: 200)]
        let result = judge(thresholdCriterion(metric: "error_rate", max: 0.02, use: .ciUpper), rows: rows)
        #expect(result.passed)
        #expect(result.outcome == .met)
    }

    @Test func boundThatRoundsToTheThresholdGetsMoreDigits() {
        let rows = [MetricValue(scope: .all, metric: "top3_accuracy", value: 0.84, ciLower: 0.7996, ciUpper: 0.87, n: 515)]
        let result = judge(thresholdCriterion(metric: "top3_accuracy", min: 0.8, use: .ciLower), rows: rows)
        #expect(!result.passed)
        #expect(
            result.message
                == "Top-3 accuracy on all 515 vignettes is 0.840 (95% CI 0.7996–0.870); the lower bound 0.7996 is below the required minimum 0.80."
        )
    }

    @Test func mustPassFailuresCountTheMisses() {
        let rows = [MetricValue(scope: .all, metric: "must_pass_failures", value: 2, n: 30)]
        let result = judge(thresholdCriterion(metric: "must_pass_failures", max: 0), rows: rows)
        #expect(!result.passed)
        #expect(result.observed == 2)
        #expect(result.message == "Must-pass failures: 2 of the 30 must-pass vignettes were missed; at most 0 are allowed.")
    }

    @Test func mustPassFailuresSentenceIsSingularForOne() {
        let rows = [MetricValue(scope: .casebank("red-flags"), metric: "must_pass_failures", value: 1, n: 12)]
        let criterion = thresholdCriterion(metric: "must_pass_failures", scope: .casebank("red-flags"), max: 1)
        let result = judge(criterion, rows: rows)
        #expect(result.passed)
        #expect(
            result.message
                == "Must-pass failures: 1 of the 12 must-pass vignettes of bank red-flags was missed; at most 1 is allowed.")
    }

    @Test func vignetteCountSentenceNamesTheScope() {
        let rows = [MetricValue(scope: .sex(.female), metric: "n", value: 12, n: 12)]
        let result = judge(thresholdCriterion(metric: "n", scope: .sex(.female), min: 30), rows: rows)
        #expect(!result.passed)
        #expect(result.message == "There are 12 vignettes of female patients; at least 30 are required.")
    }

    @Test func latencySentenceHasMilliseconds() {
        let rows = [MetricValue(scope: .all, metric: "latency_p99_ms", value: 912.5, n: 510)]
        let result = judge(thresholdCriterion(metric: "latency_p99_ms", max: 800), rows: rows)
        #expect(!result.passed)
        #expect(
            result.message
                == "99th percentile latency among the 510 vignettes that the model answered without error is 912.5 ms; this is above the allowed maximum 800 ms."
        )
    }

    // MARK: Too few cases

    @Test func populationBelowMinNFailsAsTooFewCases() {
        let rows = [
            MetricValue(scope: .tag("cardiac"), metric: "top1_accuracy", value: 10.0 / 12, ciLower: 0.552, ciUpper: 0.953, n: 12)
        ]
        let criterion = thresholdCriterion(metric: "top1_accuracy", scope: .tag("cardiac"), min: 0.5, minN: 30)
        let result = judge(criterion, rows: rows)
        #expect(!result.passed)
        #expect(result.outcome == .tooFewCases)
        #expect(result.outcome.isTooFewCases)
        #expect(result.observed == nil)
        #expect(
            result.message
                == "Too few cases: top-1 accuracy was measured on only 12 vignettes tagged cardiac, fewer than the 30 required; its value 0.833 (95% CI 0.552–0.953) is not judged."
        )
    }

    @Test func populationEqualToMinNIsEnough() {
        let rows = [MetricValue(scope: .all, metric: "top1_accuracy", value: 0.9, ciLower: 0.75, ciUpper: 0.97, n: 30)]
        let result = judge(thresholdCriterion(metric: "top1_accuracy", min: 0.5, minN: 30), rows: rows)
        #expect(result.outcome == .met)
    }

    @Test func emptyScopeFailsAsTooFewCases() {
        let rows = [
            MetricValue(scope: .tag("cardio"), metric: "n", value: 0, n: 0),
            MetricValue(scope: .tag("cardio"), metric: "top1_accuracy", value: nil, n: 0),
        ]
        let result = judge(thresholdCriterion(metric: "top1_accuracy", scope: .tag("cardio"), min: 0.5), rows: rows)
        #expect(!result.passed)
        #expect(result.outcome == .emptyScope)
        #expect(result.outcome.isTooFewCases)
        #expect(result.message == "Too few cases: there are no vignettes tagged cardio, so top-1 accuracy cannot be measured.")
    }

    @Test func emptyPopulationInANonEmptyScopeFailsAsTooFewCases() {
        let rows = [
            MetricValue(scope: .age(18...39), metric: "n", value: 150, n: 150),
            MetricValue(scope: .age(18...39), metric: "emergency_undertriage_rate", value: nil, n: 0),
        ]
        let criterion = thresholdCriterion(metric: "emergency_undertriage_rate", scope: .age(18...39), max: 0.02)
        let result = judge(criterion, rows: rows)
        #expect(!result.passed)
        #expect(result.outcome == .emptyPopulation)
        #expect(
            result.message
                == "Too few cases: none of the 150 vignettes of patients aged 18–39 has gold triage starting at emergency, so emergency under-triage rate cannot be measured."
        )
    }

    @Test func emptyPopulationOfAnUnknownScopeSizeStillSaysTooFewCases() {
        let rows = [MetricValue(scope: .casebank("red-flags"), metric: "must_pass_failures", value: nil, n: 0)]
        let criterion = thresholdCriterion(metric: "must_pass_failures", scope: .casebank("red-flags"), max: 0)
        let result = judge(criterion, rows: rows)
        #expect(result.outcome == .emptyPopulation)
        #expect(
            result.message
                == "Too few cases: there are no must-pass vignettes of bank red-flags, so must-pass failures cannot be measured.")
    }

    @Test func emptyPopulationOfASingleVignetteScopeSaysWhy() {
        let rows = [
            MetricValue(scope: .condition("pneumonia"), metric: "n", value: 1, n: 1),
            MetricValue(scope: .condition("pneumonia"), metric: "differential_recall", value: nil, n: 0),
        ]
        let criterion = thresholdCriterion(metric: "differential_recall", scope: .condition("pneumonia"), min: 0.5)
        #expect(
            judge(criterion, rows: rows).message
                == "Too few cases: the single vignette whose gold diagnosis is pneumonia does not have a doctors' differential, so differential recall cannot be measured."
        )
    }

    @Test func emptyScopeWinsOverMinN() {
        let rows = [MetricValue(scope: .all, metric: "top1_accuracy", value: nil, n: 0)]
        let result = judge(thresholdCriterion(metric: "top1_accuracy", min: 0.5, minN: 30), rows: rows)
        #expect(result.outcome == .emptyScope)
        #expect(result.message == "Too few cases: there are no vignettes in the run, so top-1 accuracy cannot be measured.")
    }

    // MARK: Undefined and missing

    @Test func undefinedMetricWithCasesFailsWithTheReason() {
        let rows = [MetricValue(scope: .all, metric: "calibration_slope", value: nil, n: 500)]
        let result = judge(thresholdCriterion(metric: "calibration_slope", min: 0.8), rows: rows)
        #expect(!result.passed)
        #expect(result.outcome == .metricUndefined)
        #expect(result.observed == nil)
        #expect(
            result.message
                == "Calibration slope among the 500 vignettes that the model answered with a differential is undefined: the logistic recalibration has no fit (every outcome is the same, or the probabilities separate them perfectly); this criterion fails."
        )
    }

    @Test func missingBoundFailsAsUndefined() {
        let rows = [MetricValue(scope: .all, metric: "ece", value: 0.041, ciLower: nil, ciUpper: nil, n: 500)]
        let result = judge(thresholdCriterion(metric: "ece", max: 0.08, use: .ciUpper), rows: rows)
        #expect(result.outcome == .metricUndefined)
        #expect(
            result.message
                == "Expected calibration error among the 500 vignettes that the model answered with a differential is 0.041, but the upper bound of its 95% CI could not be computed; this criterion fails."
        )
    }

    @Test func missingRowFailsAsNotComputed() {
        let result = judge(thresholdCriterion(metric: "top5_accuracy", scope: .tag("cardiac"), min: 0.8), rows: top3Rows)
        #expect(!result.passed)
        #expect(result.outcome == .notComputed)
        #expect(result.message == "Top-5 accuracy was not computed on the vignettes tagged cardiac; this criterion fails.")
    }

    // MARK: Severity and verdict

    @Test func failedWarningNeverFailsTheGate() {
        let decision = decide(
            [
                thresholdCriterion("top3", metric: "top3_accuracy", min: 0.8),
                thresholdCriterion("strict", metric: "top3_accuracy", min: 0.95, severity: .warning),
            ], rows: top3Rows)
        #expect(decision.verdict == .pass)
        #expect(decision.criteria.map(\.passed) == [true, false])
        #expect(decision.failedWarnings.map(\.id) == ["strict"])
        #expect(decision.blockingFailures.isEmpty)
    }

    @Test func failedWarningSaysItDoesNotFailTheGate() {
        let result = judge(thresholdCriterion(metric: "top3_accuracy", min: 0.95, severity: .warning), rows: top3Rows)
        #expect(!result.passed)
        #expect(result.severity == .warning)
        #expect(
            result.message
                == "Top-3 accuracy on all 515 vignettes is 0.843 (95% CI 0.810–0.872); this is below the required minimum 0.95. This is a warning; it does not fail the gate."
        )
    }

    @Test func tooFewCasesOnAWarningDoesNotFailTheGate() {
        let decision = decide(
            [thresholdCriterion(metric: "top3_accuracy", min: 0.5, minN: 1000, severity: .warning)], rows: top3Rows)
        #expect(decision.criteria.first?.outcome == .tooFewCases)
        #expect(decision.verdict == .pass)
    }

    @Test func anyFailedBlockingCriterionFailsTheGate() {
        let decision = decide(
            [
                thresholdCriterion("top3", metric: "top3_accuracy", min: 0.8),
                thresholdCriterion("strict", metric: "top3_accuracy", min: 0.95),
                thresholdCriterion("soft", metric: "top3_accuracy", min: 0.99, severity: .warning),
            ], rows: top3Rows)
        #expect(decision.verdict == .fail)
        #expect(decision.blockingFailures.map(\.id) == ["strict"])
    }

    @Test func resultsKeepPolicyOrderAndIdentity() {
        let decision = decide(
            [
                thresholdCriterion("b-second", metric: "top3_accuracy", min: 0.8),
                thresholdCriterion("a-first", metric: "top3_accuracy", max: 0.9, severity: .warning),
            ], rows: top3Rows)
        #expect(decision.criteria.map(\.id) == ["b-second", "a-first"])
        #expect(decision.criteria.map(\.severity) == [.blocking, .warning])
        #expect(decision.criteria.map(\.metric) == ["top3_accuracy", "top3_accuracy"])
        #expect(decision.criteria.map(\.baseline) == [nil, nil])
    }

    @Test func firstRunPassDoesNotChangeThresholdCriteria() {
        let result = judge(thresholdCriterion(metric: "top3_accuracy", min: 0.95), rows: top3Rows, firstRun: .pass)
        #expect(result.outcome == .notMet)
    }
}

extension GateEvaluatorTests {
    @Test func vignetteCountOfAnEmptyScopeIsComparedNotTooFew() {
        let rows = [MetricValue(scope: .tag("cardio"), metric: "n", value: 0, n: 0)]
        let result = judge(thresholdCriterion(metric: "n", scope: .tag("cardio"), min: 1), rows: rows)
        #expect(result.outcome == .notMet)
        #expect(result.observed == 0)
        #expect(result.message == "There are no vignettes tagged cardio; at least 1 is required.")
    }
}
