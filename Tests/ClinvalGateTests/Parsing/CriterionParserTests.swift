import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import Testing

/// Criterion checks, through whole policies written by ``loadCriterion(_:)``: the criterion starts
/// on line 3, each key at column 5.
struct CriterionParserTests {
    // MARK: Reading

    @Test func everyFieldOfAThresholdCriterionIsRead() throws {
        let loaded = loadCriterion("""
            id: emergency-safety.v2
            metric: emergency_undertriage_rate
            scope: casebank:red-flags
            max: 0.02
            use: ci_upper_exact
            min_n: 50
            severity: warning
            """)
        #expect(loaded.messages == [])
        let criterion = try #require(loaded.policy?.criteria.first)
        #expect(criterion == Criterion(
            id: "emergency-safety.v2", metric: "emergency_undertriage_rate", scope: .casebank("red-flags"),
            threshold: .max(0.02), use: .ciUpperExact, minN: 50, severity: .warning, line: 3))
        #expect(criterion.definition?.id == "emergency_undertriage_rate")
    }

    @Test func baselineCriterionOnAHigherIsBetterMetricIsDecidedByTheLowerBound() throws {
        let loaded = loadCriterion("id: no-regression\nmetric: top1_accuracy\nbaseline: non_inferior\nmargin: 0.02")
        let criterion = try #require(loaded.policy?.criteria.first)
        #expect(criterion.threshold == nil)
        #expect(criterion.baseline == .nonInferior)
        #expect(criterion.margin == 0.02)
        #expect(criterion.use == .ciLower)
    }

    @Test func baselineCriterionOnALowerIsBetterMetricIsDecidedByTheUpperBound() throws {
        let loaded = loadCriterion("id: no-regression\nmetric: undertriage_rate\nbaseline: non_inferior\nmargin: 0")
        let criterion = try #require(loaded.policy?.criteria.first)
        #expect(criterion.use == .ciUpper)
        #expect(criterion.margin == 0)
    }

    @Test func sizeCriterionTakesAWholeMinimum() throws {
        let loaded = loadCriterion("id: enough\nmetric: n\nscope: triage:emergency\nmin: 30")
        #expect(loaded.messages == [])
        #expect(loaded.policy?.criteria.first?.threshold == .min(30))
    }

    @Test func calibrationSlopeTakesAnyThreshold() {
        let loaded = loadCriterion("id: slope\nmetric: calibration_slope\nmin: -3.5")
        #expect(loaded.messages == [])
    }

    // MARK: Keys

    @Test func missingIdAndMetricAreReported() {
        let loaded = loadCriterion("min: 0.8")
        #expect(loaded.messages == [
            "\(loaded.path):3:5: error: criteria[0].id: missing required field",
            "\(loaded.path):3:5: error: criteria[0].metric: missing required field",
        ])
    }

    @Test func unknownCriterionKeyWithoutSuggestionListsTheKeys() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nmin: 0.8\nnotes: reviewed")
        #expect(loaded.messages == [
            "\(loaded.path):6:5: error: criteria[0].notes: unknown field; expected one of id, metric, scope, min, max, use, min_n, severity, baseline, margin, waivable"
        ])
    }

    // MARK: id

    @Test func idMustBeText() {
        let loaded = loadCriterion("id: 3\nmetric: top3_accuracy\nmin: 0.8")
        #expect(loaded.messages == [
            "\(loaded.path):3:9: error: criteria[0].id: expected a string, found a number (3); put it in quotes if it is meant as text"
        ])
    }

    @Test func idMustBeACode() {
        let loaded = loadCriterion("id: top3/all\nmetric: top3_accuracy\nmin: 0.8")
        #expect(loaded.messages == [
            "\(loaded.path):3:9: error: criteria[0].id: expected a criterion id [A-Za-z0-9._-]+ (it is the JUnit test name), found \"top3/all\""
        ])
    }

    @Test func duplicateIdNamesTheFirstLine() {
        let loaded = loadPolicy("""
            gate: release
            criteria:
              - {id: a, metric: top1_accuracy, min: 0.5}
              - {id: b, metric: top3_accuracy, min: 0.7}
              - {id: a, metric: top5_accuracy, min: 0.8}
            """)
        #expect(loaded.policy == nil)
        #expect(loaded.messages == ["\(loaded.path):5:10: error: criteria[2].id: duplicate criterion id \"a\"; first used on line 3"])
    }

    // MARK: metric and scope

    @Test func unknownMetricWithoutSuggestionListsTheMetrics() {
        let loaded = loadCriterion("id: c\nmetric: sensitivity\nmin: 0.8")
        #expect(loaded.messages == [
            "\(loaded.path):4:13: error: criteria[0].metric: unknown metric \"sensitivity\"; known metrics: \(MetricRegistry.ids.joined(separator: ", "))"
        ])
    }

    @Test func scopeErrorsCarryTheScopeParserMessage() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nscope: age:40-18\nmin: 0.8")
        #expect(loaded.messages == [
            "\(loaded.path):5:12: error: criteria[0].scope: age scope \"age:40-18\" runs backwards; expected LO ≤ HI, such as age:18-40"
        ])
    }

    @Test(arguments: ["COVID-19", "self_care", "red_flag", "v1.2"])
    func tagScopeTakesATagLikeAVignetteID(tag: String) throws {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nscope: tag:\(tag)\nmin: 0.8")
        #expect(loaded.messages == [])
        #expect(try #require(loaded.policy?.criteria.first).scope == .tag(tag))
    }

    @Test func tagScopeOutsideTheIDPatternIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nscope: tag:icd/I21\nmin: 0.8")
        #expect(loaded.messages == [
            "\(loaded.path):5:12: error: criteria[0].scope: expected a tag [A-Za-z0-9._-]+ after tag:, found \"icd/I21\""
        ])
    }

    @Test func invisibleCharactersInIdsNamesAndWordsAreErrorsAtTheirPlace() {
        let loaded = loadCriterion(
            #"""
            id: "c\u200b1"
            metric: "top3_accuracy\ufeff"
            scope: "\u2066all\u2069"
            min: 0.8
            use: "ci\u200d_lower"
            severity: "\u200ewarning"
            """#)
        #expect(loaded.policy == nil)
        #expect(loaded.messages == [
            #"\#(loaded.path):3:9: error: criteria[0].id: invisible character U+200B in "c\u{200b}1"; did you mean "c1"?"#,
            #"\#(loaded.path):4:13: error: criteria[0].metric: invisible character U+FEFF in "top3_accuracy\u{feff}"; did you mean "top3_accuracy"?"#,
            #"\#(loaded.path):5:12: error: criteria[0].scope: invisible characters U+2066, U+2069 in "\u{2066}all\u{2069}"; did you mean "all"?"#,
            #"\#(loaded.path):7:10: error: criteria[0].use: invisible character U+200D in "ci\u{200d}_lower"; did you mean "ci_lower"?"#,
            #"\#(loaded.path):8:15: error: criteria[0].severity: invisible character U+200E in "\u{200e}warning"; did you mean "warning"?"#,
        ])
    }

    @Test(arguments: [#""tag:\ufeffcardiac""#, "tag:\u{FEFF}cardiac", "\"tag:cardiac\u{FEFF}\""])
    func aScopeWithAByteOrderMarkIsAnError(written: String) {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nscope: \(written)\nmin: 0.8")
        #expect(loaded.policy == nil)
        #expect(loaded.messages.count == 1)
        #expect(loaded.messages.first?.hasPrefix("\(loaded.path):5:12: error: criteria[0].scope: invisible character U+FEFF in ") == true)
        #expect(loaded.messages.first?.hasSuffix(#"; did you mean "tag:cardiac"?"#) == true)
    }

    @Test func aBaselineRuleWithAnInvisibleCharacterIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: top1_accuracy\nbaseline: non_inferior\u{200B}\nmargin: 0.02")
        #expect(loaded.messages == [
            #"\#(loaded.path):5:15: error: criteria[0].baseline: invisible character U+200B in "non_inferior\u{200b}"; did you mean "non_inferior"?"#
        ])
    }

    @Test func scopeMustBeText() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nscope: [all]\nmin: 0.8")
        #expect(loaded.messages == ["\(loaded.path):5:12: error: criteria[0].scope: expected a string, found a list"])
    }

    // MARK: Thresholds

    @Test func minAndMaxTogetherAreAnError() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nmax: 0.99\nmin: 0.8")
        #expect(loaded.messages == ["\(loaded.path):5:5: error: criteria[0].max: a criterion takes min or max, not both"])
    }

    @Test func criterionWithoutThresholdOrBaselineIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy")
        #expect(loaded.messages == [
            "\(loaded.path):3:5: error: criteria[0]: a criterion needs a threshold, min or max, or baseline: non_inferior with a margin"
        ])
    }

    @Test func thresholdMustBeANumber() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nmin: \"0.8\"")
        #expect(loaded.messages == ["\(loaded.path):5:10: error: criteria[0].min: expected a number, found a string"])
    }

    @Test func negativeProportionThresholdIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: undertriage_rate\nmax: -0.1")
        #expect(loaded.messages == [
            "\(loaded.path):5:10: error: criteria[0].max: expected a proportion threshold in [0, 1], found -0.1"
        ])
    }

    @Test func percentageForAProportionGetsAHint() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nmin: 95")
        #expect(loaded.messages == [
            "\(loaded.path):5:10: error: criteria[0].min: expected a proportion threshold in [0, 1], found 95; write 95% as 0.95"
        ])
    }

    @Test func calibrationErrorThresholdOutsideItsRangeIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: ece\nmax: 1.2")
        #expect(loaded.messages == [
            "\(loaded.path):5:10: error: criteria[0].max: expected a threshold in [0, 1], the range of ece, found 1.2"
        ])
    }

    @Test func negativeLatencyThresholdIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: latency_p99_ms\nmax: -5")
        #expect(loaded.messages == [
            "\(loaded.path):5:10: error: criteria[0].max: expected a threshold of at least 0, found -5"
        ])
    }

    @Test func negativeMustPassFailuresThresholdIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: must_pass_failures\nmax: -1")
        #expect(loaded.messages == [
            "\(loaded.path):5:10: error: criteria[0].max: expected a whole number of at least 0, found -1"
        ])
    }

    // MARK: Direction warnings

    @Test func minOnALowerIsBetterMetricIsAWarning() throws {
        let loaded = loadCriterion("id: c\nmetric: undertriage_rate\nmin: 0.05")
        #expect(loaded.policy != nil)
        #expect(loaded.messages == [
            "\(loaded.path):5:5: warning: criteria[0].min: undertriage_rate is lower-is-better: did you mean max?"
        ])
    }

    @Test func maxOnAHigherIsBetterMetricIsAWarning() {
        let loaded = loadCriterion("id: c\nmetric: safe_triage_rate\nmax: 0.95")
        #expect(loaded.messages == [
            "\(loaded.path):5:5: warning: criteria[0].max: safe_triage_rate is higher-is-better: did you mean min?"
        ])
    }

    @Test func eitherThresholdOnAMetricWithoutDirectionIsQuiet() {
        #expect(loadCriterion("id: c\nmetric: calibration_intercept\nmax: 0.5").messages == [])
        #expect(loadCriterion("id: c\nmetric: n\nmax: 5000").messages == [])
    }

    // MARK: use

    @Test func ciUpperExactOnEmergencyUndertriageRateIsAccepted() {
        #expect(loadCriterion("id: c\nmetric: emergency_undertriage_rate\nmax: 0.02\nuse: ci_upper_exact").messages == [])
    }

    @Test func ciUpperExactOnAMetricWithoutIntervalExpectsPoint() {
        let loaded = loadCriterion("id: c\nmetric: must_pass_failures\nmax: 0\nuse: ci_upper_exact")
        #expect(loaded.messages == [
            "\(loaded.path):6:10: error: criteria[0].use: ci_upper_exact exists only for emergency_undertriage_rate; expected point"
        ])
    }

    @Test func intervalBoundOnAMetricWithoutIntervalIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: latency_p99_ms\nmax: 2000\nuse: ci_lower")
        #expect(loaded.messages == [
            "\(loaded.path):6:10: error: criteria[0].use: latency_p99_ms has no confidence interval; use point"
        ])
    }

    @Test func unknownUseIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nmin: 0.8\nuse: lower")
        #expect(loaded.messages == [
            "\(loaded.path):6:10: error: criteria[0].use: expected one of point, ci_lower, ci_upper, ci_upper_exact, found \"lower\""
        ])
    }

    @Test func lenientBoundForAMaxOnALowerIsBetterMetricIsAWarning() {
        let loaded = loadCriterion("id: c\nmetric: undertriage_rate\nmax: 0.05\nuse: ci_lower")
        #expect(loaded.policy != nil)
        #expect(loaded.messages == [
            "\(loaded.path):6:10: warning: criteria[0].use: ci_lower is the lenient bound for a max on a lower-is-better metric: the criterion passes unless the whole interval lies above the threshold; did you mean ci_upper?"
        ])
    }

    @Test func lenientBoundForAMinOnAHigherIsBetterMetricIsAWarning() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nmin: 0.8\nuse: ci_upper")
        #expect(loaded.messages == [
            "\(loaded.path):6:10: warning: criteria[0].use: ci_upper is the lenient bound for a min on a higher-is-better metric: the criterion passes unless the whole interval lies below the threshold; did you mean ci_lower?"
        ])
    }

    @Test func strictBoundsAreQuiet() {
        #expect(loadCriterion("id: c\nmetric: undertriage_rate\nmax: 0.05\nuse: ci_upper").messages == [])
        #expect(loadCriterion("id: c\nmetric: top3_accuracy\nmin: 0.8\nuse: ci_lower").messages == [])
    }

    // MARK: Baseline criteria

    @Test func unknownBaselineRuleIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: top1_accuracy\nbaseline: superior\nmargin: 0.02")
        #expect(loaded.messages == [
            "\(loaded.path):5:15: error: criteria[0].baseline: expected one of non_inferior, found \"superior\""
        ])
    }

    @Test func baselineCriterionWithAThresholdIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: top1_accuracy\nbaseline: non_inferior\nmargin: 0.02\nmin: 0.5")
        #expect(loaded.messages == [
            "\(loaded.path):7:5: error: criteria[0].min: a baseline criterion takes a margin, not min or max"
        ])
    }

    @Test func useOnABaselineCriterionOnALowerIsBetterMetricNamesTheUpperBound() {
        let loaded = loadCriterion("id: c\nmetric: error_rate\nbaseline: non_inferior\nmargin: 0.01\nuse: ci_upper")
        #expect(loaded.messages == [
            "\(loaded.path):7:5: error: criteria[0].use: use does not apply to a baseline criterion: it is decided by the upper bound of the 95% interval of the difference from the baseline"
        ])
    }

    @Test func baselineOnNIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: n\nbaseline: non_inferior\nmargin: 5")
        #expect(loaded.messages == [
            "\(loaded.path):5:5: error: criteria[0].baseline: n has no better direction, so it cannot be compared with a baseline"
        ])
    }

    @Test func proportionMarginOverOneIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: top1_accuracy\nbaseline: non_inferior\nmargin: 1.5")
        #expect(loaded.messages == [
            "\(loaded.path):6:13: error: criteria[0].margin: expected a proportion margin in [0, 1], found 1.5"
        ])
    }

    @Test func calibrationMarginOverItsRangeIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: ece\nbaseline: non_inferior\nmargin: 2")
        #expect(loaded.messages == [
            "\(loaded.path):6:13: error: criteria[0].margin: expected a margin in [0, 1], the range of ece, found 2"
        ])
    }

    @Test func countMarginMustBeWhole() {
        let loaded = loadCriterion("id: c\nmetric: must_pass_failures\nbaseline: non_inferior\nmargin: 0.5")
        #expect(loaded.messages == [
            "\(loaded.path):6:13: error: criteria[0].margin: expected a whole number of at least 0, found 0.5"
        ])
    }

    @Test func latencyMarginHasNoUpperLimit() {
        #expect(loadCriterion("id: c\nmetric: latency_p50_ms\nbaseline: non_inferior\nmargin: 250").messages == [])
    }

    // MARK: min_n and severity

    @Test func fractionalMinNIsAnError() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nmin: 0.8\nmin_n: 2.5")
        #expect(loaded.messages == [
            "\(loaded.path):6:12: error: criteria[0].min_n: expected a whole number of at least 1, found 2.5"
        ])
    }

    @Test func minNMustBeANumber() {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nmin: 0.8\nmin_n: thirty")
        #expect(loaded.messages == ["\(loaded.path):6:12: error: criteria[0].min_n: expected a number, found a string"])
    }

    @Test func severityDefaultsToBlocking() throws {
        let loaded = loadCriterion("id: c\nmetric: top3_accuracy\nmin: 0.8")
        #expect(try #require(loaded.policy?.criteria.first).severity == .blocking)
    }
}
