import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import Foundation
import Testing
import _ClinvalTestSupport

@Suite struct SummaryDocumentTests {
    /// A small run: two banks, four metric rows, a threshold criterion and a baseline criterion.
    static func smallSummary() -> SummaryDocument {
        let rows = [
            MetricValue(scope: .all, metric: "n", value: 515, n: 515),
            MetricValue(scope: .all, metric: "top3_accuracy", value: 0.8431, ciLower: 0.8101, ciUpper: 0.8722, n: 515),
            MetricValue(
                scope: .casebank("red-flags"), metric: "emergency_undertriage_rate", value: 0.017, ciLower: 0.004,
                ciUpper: 0.058, ciUpperExact: 0.039, n: 120),
            MetricValue(scope: .all, metric: "must_pass_failures", value: 0, ciUpperExact: 0.5, n: 30),
        ]
        let criteria = [
            thresholdCriterion("top3", metric: "top3_accuracy", min: 0.8, use: .ciLower),
            baselineCriterion("no-regression-top1", metric: "top1_accuracy", margin: 0.02),
        ]
        let baseline = GateBaseline(
            runID: "2026-11-27-a",
            comparisons: [
                comparison(
                    "top1_accuracy", candidate: 0.69, baseline: 0.71, difference: -0.02, lower: -0.05, upper: 0.01,
                    pValue: 0.21, pairedN: 480)
            ])
        let decision = decide(criteria, rows: rows, baseline: baseline)
        return SummaryDocument(
            runID: "2026-11-28-a",
            model: ModelIdentity(
                name: "ddxplus-noisy-or", version: "1.1.0-candidate", kind: "noisy_or",
                sha256: String(repeating: "a", count: 64)),
            casebanks: [
                CasebankIdentity(id: "ddxplus-core", version: "1.0.0", sha256: String(repeating: "b", count: 64), vignettes: 476),
                CasebankIdentity(id: "red-flags", version: "2.1.0", sha256: String(repeating: "c", count: 64), vignettes: 39),
            ],
            policy: PolicyIdentity(gate: "release", sha256: String(repeating: "d", count: 64)),
            baselineRunID: "2026-11-27-a",
            startedAt: Date(timeIntervalSince1970: 1_795_870_564.75), finishedAt: Date(timeIntervalSince1970: 1_795_871_045),
            toolVersion: "0.1.0", bootstrap: BootstrapSettings(resamples: 1000, seed: 20_261_129),
            counts: RunCounts(vignettes: 515, ok: 510, error: 3, timeout: 2, approximate: 4),
            metrics: rows, decision: decision)
    }

    static let golden = """
        {
          "schema_version": 1,
          "run_id": "2026-11-28-a",
          "verdict": "fail",
          "model": {
            "name": "ddxplus-noisy-or",
            "version": "1.1.0-candidate",
            "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "kind": "noisy_or"
          },
          "casebanks": [
            {
              "id": "ddxplus-core",
              "version": "1.0.0",
              "sha256": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
              "vignettes": 476
            },
            {
              "id": "red-flags",
              "version": "2.1.0",
              "sha256": "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
              "vignettes": 39
            }
          ],
          "policy": {
            "gate": "release",
            "sha256": "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
          },
          "baseline_run_id": "2026-11-27-a",
          "started_at": "2026-11-28T12:56:04Z",
          "finished_at": "2026-11-28T13:04:05Z",
          "tool_version": "0.1.0",
          "bootstrap": {
            "resamples": 1000,
            "seed": 20261129
          },
          "counts": {
            "vignettes": 515,
            "ok": 510,
            "error": 3,
            "timeout": 2,
            "approximate": 4
          },
          "metrics": [
            {
              "scope": "all",
              "metric": "n",
              "value": 515,
              "ci_lower": null,
              "ci_upper": null,
              "ci_upper_exact": null,
              "n": 515
            },
            {
              "scope": "all",
              "metric": "top3_accuracy",
              "value": 0.8431,
              "ci_lower": 0.8101,
              "ci_upper": 0.8722,
              "ci_upper_exact": null,
              "n": 515
            },
            {
              "scope": "casebank:red-flags",
              "metric": "emergency_undertriage_rate",
              "value": 0.017,
              "ci_lower": 0.004,
              "ci_upper": 0.058,
              "ci_upper_exact": 0.039,
              "n": 120
            },
            {
              "scope": "all",
              "metric": "must_pass_failures",
              "value": 0,
              "ci_lower": null,
              "ci_upper": null,
              "ci_upper_exact": null,
              "n": 30
            }
          ],
          "criteria": [
            {
              "id": "top3",
              "metric": "top3_accuracy",
              "scope": "all",
              "severity": "blocking",
              "passed": true,
              "outcome": "met",
              "observed": 0.8101,
              "threshold": 0.8,
              "use": "ci_lower",
              "message": "Top-3 accuracy on all 515 vignettes is 0.843 (95% CI 0.810–0.872); the lower bound 0.810 is at least the required minimum 0.80."
            },
            {
              "id": "no-regression-top1",
              "metric": "top1_accuracy",
              "scope": "all",
              "severity": "blocking",
              "passed": false,
              "outcome": "not_met",
              "observed": -0.05,
              "threshold": -0.02,
              "use": "ci_lower",
              "message": "Top-1 accuracy fell from 0.710 in baseline run 2026-11-27-a to 0.690 on the 480 vignettes in both runs; the difference −0.020 (95% CI −0.050 to +0.010; McNemar exact p = 0.21) has lower bound −0.050, below the allowed −0.02, so this run may be worse than the baseline by more than the margin 0.02.",
              "baseline_run_id": "2026-11-27-a",
              "baseline_value": 0.71,
              "candidate_value": 0.69,
              "difference": -0.02,
              "difference_ci_lower": -0.05,
              "difference_ci_upper": 0.01,
              "p_value": 0.21,
              "paired_n": 480
            }
          ],
          "labels": "as-labelled",
          "waivers": 0,
          "decision_sha256": null,
          "audit_head": null
        }

        """

    @Test func smallSummaryMatchesTheGoldenText() {
        #expect(Self.smallSummary().jsonText() == Self.golden)
    }

    @Test func renderingIsDeterministic() {
        #expect(Self.smallSummary().jsonText() == Self.smallSummary().jsonText())
    }

    /// Python's json module reads the file and finds the keys of docs/outputs.md, in order, with no
    /// duplicates.
    @Test func pythonReadsTheKeysInOrder() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("summary.json", Self.smallSummary().jsonText())
        let script = """
            import json, sys
            def pairs(items):
                keys = [k for k, _ in items]
                assert len(keys) == len(set(keys)), "duplicate key"
                return {"__keys__": keys, **dict(items)}
            with open(sys.argv[1], encoding="utf-8") as f:
                doc = json.load(f, object_pairs_hook=pairs)
            print(",".join(doc["__keys__"]))
            print(",".join(doc["model"]["__keys__"]))
            print(",".join(doc["casebanks"][0]["__keys__"]))
            print(",".join(doc["policy"]["__keys__"]))
            print(",".join(doc["counts"]["__keys__"]))
            print(",".join(doc["metrics"][0]["__keys__"]))
            print(",".join(doc["criteria"][0]["__keys__"]))
            print(",".join(doc["criteria"][1]["__keys__"]))
            print(doc["metrics"][0]["value"], type(doc["metrics"][0]["value"]).__name__, doc["criteria"][1]["paired_n"])
            """
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, path], in: folder.path)
        #expect(result.stderr == "")
        #expect(result.exitCode == 0)
        #expect(
            result.stdout.split(separator: "\n").map(String.init) == [
                "schema_version,run_id,verdict,model,casebanks,policy,baseline_run_id,started_at,finished_at,tool_version,bootstrap,counts,metrics,criteria,labels,waivers,decision_sha256,audit_head",
                "name,version,sha256,kind",
                "id,version,sha256,vignettes",
                "gate,sha256",
                "vignettes,ok,error,timeout,approximate",
                "scope,metric,value,ci_lower,ci_upper,ci_upper_exact,n",
                "id,metric,scope,severity,passed,outcome,observed,threshold,use,message",
                "id,metric,scope,severity,passed,outcome,observed,threshold,use,message,baseline_run_id,baseline_value,candidate_value,difference,difference_ci_lower,difference_ci_upper,p_value,paired_n",
                "515 int 480",
            ])
    }

    @Test func exactUpperBoundIsNullForOtherMetrics() {
        let text = Self.smallSummary().jsonText()
        // must_pass_failures was given a stray exact bound; only emergency_undertriage_rate keeps one.
        #expect(!text.contains("0.5"))
        #expect(text.contains("\"ci_upper_exact\": 0.039"))
    }

    @Test func missingValuesAreNull() {
        var summary = Self.smallSummary()
        summary.baselineRunID = nil
        summary.finishedAt = nil
        summary.metrics = [MetricValue(scope: .tag("cardio"), metric: "top1_accuracy", value: nil, n: 0)]
        summary.decision = decide([baselineCriterion("b", metric: "top1_accuracy", margin: 0.02)], rows: summary.metrics)
        let text = summary.jsonText()
        #expect(text.contains("\"baseline_run_id\": null,\n  \"started_at\""))
        #expect(text.contains("\"finished_at\": null,"))
        #expect(
            text.contains(
                """
                      "scope": "tag:cardio",
                      "metric": "top1_accuracy",
                      "value": null,
                      "ci_lower": null,
                      "ci_upper": null,
                      "ci_upper_exact": null,
                      "n": 0
                """))
        #expect(
            text.contains(
                """
                      "outcome": "no_baseline",
                      "observed": null,
                      "threshold": -0.02,
                """))
        #expect(text.contains("\"p_value\": null,\n      \"paired_n\": null\n"))
    }

    @Test func emptyListsPrintOnOneLine() {
        var summary = Self.smallSummary()
        summary.casebanks = []
        summary.metrics = []
        let text = summary.jsonText()
        #expect(text.contains("\"casebanks\": [],\n"))
        #expect(text.contains("\"metrics\": [],\n"))
    }

    @Test func stringsAreEscaped() {
        var summary = Self.smallSummary()
        summary.runID = "run \"quoted\"\\\n\u{1}é"
        #expect(summary.jsonText().contains(#""run_id": "run \"quoted\"\\\n\u0001é","#))
    }

    @Test func verdictComesFromTheDecision() {
        var summary = Self.smallSummary()
        #expect(summary.verdict == .fail)
        summary.decision = decide([thresholdCriterion(metric: "top3_accuracy", min: 0.8)], rows: summary.metrics)
        #expect(summary.verdict == .pass)
        #expect(summary.jsonText().contains("\"verdict\": \"pass\""))
    }
}
