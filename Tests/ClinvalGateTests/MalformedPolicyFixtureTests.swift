import ClinvalCore
import ClinvalGate
import Foundation
import Testing
import _ClinvalTestSupport

/// The malformed policies under `Tests/Fixtures/malformed/` (also used by the `lint` end-to-end
/// tests): each is rejected with exactly the diagnostics listed here.
struct MalformedPolicyFixtureTests {
    /// Each fixture and its diagnostics, without the leading `path:`.
    static let expected: [String: [String]] = [
        "policy-01-unknown-metric.yaml": [
            "5:13: error: criteria[0].metric: unknown metric \"top3_acc\"; did you mean \"top3_accuracy\"? known metrics: n, coverage, top1_accuracy, top3_accuracy, top5_accuracy, top10_accuracy, differential_recall, differential_precision, differential_f1, triage_accuracy, undertriage_rate, overtriage_rate, safe_triage_rate, emergency_undertriage_rate, must_pass_failures, error_rate, ece, mce, brier, calibration_intercept, calibration_slope, latency_p50_ms, latency_p99_ms"
        ],
        "policy-02-bad-scope.yaml": [
            "6:12: error: criteria[0].scope: unknown scope kind \"bank\"; did you mean \"casebank\"? expected all, casebank:ID, tag:T, sex:S, age:LO-HI, triage:LEVEL, condition:CODE"
        ],
        "policy-03-min-and-max.yaml": ["7:5: error: criteria[0].max: a criterion takes min or max, not both"],
        "policy-04-no-threshold.yaml": [
            "4:5: error: criteria[0]: a criterion needs a threshold, min or max, or baseline: non_inferior with a margin"
        ],
        "policy-05-baseline-without-margin.yaml": [
            "4:5: error: criteria[0].margin: a baseline criterion needs a margin, the largest worsening accepted, such as margin: 0.02"
        ],
        "policy-06-negative-margin.yaml": ["7:13: error: criteria[0].margin: expected a margin of at least 0, found -0.02"],
        "policy-07-duplicate-id.yaml": ["7:9: error: criteria[1].id: duplicate criterion id \"top3\"; first used on line 4"],
        "policy-08-empty-criteria.yaml": ["3:11: error: criteria: a policy needs at least one criterion"],
        "policy-09-proportion-threshold-over-one.yaml": [
            "6:10: error: criteria[0].min: expected a proportion threshold in [0, 1], found 1.5"
        ],
        "policy-10-ci-upper-exact-on-top1.yaml": [
            "7:10: error: criteria[0].use: ci_upper_exact exists only for emergency_undertriage_rate; expected point, ci_lower or ci_upper"
        ],
        "policy-11-too-few-resamples.yaml": [
            "3:24: error: bootstrap.resamples: expected a whole number from 100 to 100000, found 5"
        ],
        "policy-12-unknown-key.yaml": ["7:5: error: criteria[0].minn: unknown field; did you mean \"min\"?"],
        "policy-13-yaml-syntax.yaml": [
            "5:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 3, column 11)"
        ],
        "policy-14-margin-without-baseline.yaml": [
            "7:5: error: criteria[0].margin: margin applies only to a baseline criterion; add baseline: non_inferior or remove margin"
        ],
        "policy-15-baseline-on-calibration-slope.yaml": [
            "6:5: error: criteria[0].baseline: calibration_slope has no better direction, so it cannot be compared with a baseline"
        ],
        "policy-16-use-on-baseline.yaml": [
            "8:5: error: criteria[0].use: use does not apply to a baseline criterion: it is decided by the lower bound of the 95% interval of the difference from the baseline"
        ],
        "policy-17-bad-criterion-id.yaml": [
            "4:9: error: criteria[0].id: expected a criterion id [A-Za-z0-9._-]+ (it is the JUnit test name), found \"top 3\""
        ],
        "policy-18-fractional-must-pass-failures.yaml": [
            "6:10: error: criteria[0].max: expected a whole number of at least 0, found 0.5"
        ],
        "policy-19-negative-seed.yaml": [
            "4:9: error: bootstrap.seed: expected a whole number from 0 to 9007199254740992 (2^53), found -1"
        ],
        "policy-20-unknown-severity.yaml": [
            "7:15: error: criteria[0].severity: expected one of blocking, warning, found \"advisory\""
        ],
        "policy-21-gate-not-a-slug.yaml": [
            "2:7: error: gate: expected a gate name [a-z0-9][a-z0-9-]*, such as release, found \"Release Gate\""
        ],
        "policy-22-interval-on-count.yaml": [
            "7:10: error: criteria[0].use: must_pass_failures has no confidence interval; use point"
        ],
        "policy-23-min-n-zero.yaml": ["7:12: error: criteria[0].min_n: expected a whole number of at least 1, found 0"],
        "policy-24-bad-first-run.yaml": ["3:12: error: first_run: expected one of pass, fail, found \"skip\""],
        "policy-25-missing-criteria.yaml": ["2:1: error: criteria: missing required field"],
    ]

    static var fixtureNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: PackagePaths.fixture("malformed"))) ?? []
        return names.filter { $0.hasPrefix("policy-") && $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereAreAtLeastFourteenMalformedPolicies() {
        #expect(Self.fixtureNames.count >= 14)
    }

    @Test func everyMalformedPolicyHasItsExpectedDiagnostics() {
        #expect(Self.fixtureNames == Self.expected.keys.sorted())
    }

    @Test(arguments: fixtureNames)
    func malformedPolicyIsRejectedWithItsDiagnostics(name: String) throws {
        let path = PackagePaths.fixture("malformed/\(name)")
        var diagnostics = DiagnosticList()
        let policy = GatePolicyLoader.load(path, diagnostics: &diagnostics)
        #expect(policy == nil)
        #expect(diagnostics.errorCount >= 1)
        let expected = try #require(Self.expected[name])
        #expect(diagnostics.all.map(\.description) == expected.map { "\(path):\($0)" })
    }
}
