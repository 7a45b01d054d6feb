import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval run` end to end with the built-in model: exit codes, outputs and the run table.
@Suite struct RunCommandTests {
    @Test func aPassingRunExitsZeroWritesTheOutputsAndIsListed() throws {
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = folder.file("runs.sqlite")
        let out = folder.file("out")
        let result = try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db", database,
                "--out", out, "--run-id", "e2e-pass", "--no-progress",
            ], expecting: 0)
        #expect(result.stdout == "Run e2e-pass: gate PASSED (39 vignettes answered); outputs in \(out).\n")

        let summary = try EndToEnd.jsonObject(out + "/summary.json")
        for key in [
            "run_id", "verdict", "model", "casebanks", "policy", "baseline_run_id", "started_at", "finished_at",
            "tool_version", "counts", "metrics", "criteria",
        ] {
            #expect(summary[key] != nil, "summary.json has no \(key)")
        }
        #expect(summary["run_id"] as? String == "e2e-pass")
        #expect(summary["verdict"] as? String == "pass")
        #expect(summary["baseline_run_id"] is NSNull)
        let model = try #require(summary["model"] as? [String: Any])
        #expect(model["name"] as? String == "ddxplus-noisy-or")
        #expect(model["version"] as? String == "1.0.0")
        #expect(model["kind"] as? String == "noisy-or")
        let counts = try #require(summary["counts"] as? [String: Int])
        #expect(counts == ["vignettes": 39, "ok": 39, "error": 0, "timeout": 0, "approximate": 0])
        let casebanks = try #require(summary["casebanks"] as? [[String: Any]])
        #expect(casebanks.map { $0["id"] as? String } == ["red-flags"])
        #expect(casebanks.first?["vignettes"] as? Int == 39)
        let criteria = try #require(summary["criteria"] as? [[String: Any]])
        #expect(criteria.map { $0["id"] as? String } == ["top3", "sentinels", "error-rate", "no-regression-top1"])
        #expect(criteria.allSatisfy { $0["passed"] as? Bool == true })
        for time in ["started_at", "finished_at"] {
            let text = try #require(summary[time] as? String)
            #expect(text.hasSuffix("Z") && text.count == 20, "\(time) is \(text)")
        }
        let metrics = try #require(summary["metrics"] as? [[String: Any]])
        for key in ["scope", "metric", "value", "ci_lower", "ci_upper", "ci_upper_exact", "n"] {
            #expect(metrics.allSatisfy { $0[key] != nil }, "a metric has no \(key)")
        }
        #expect(metrics.contains { $0["scope"] as? String == "casebank:red-flags" && $0["metric"] as? String == "top3_accuracy" })

        // junit.xml is valid against both schemas; report.html is one self-contained page.
        let junit = try String(contentsOfFile: out + "/junit.xml", encoding: .utf8)
        for schema in ["windyroad-JUnit.xsd", "jenkins-xunit-junit-10.xsd"] {
            let validator = try XMLSchemaValidator(schemaPath: PackagePaths.schema(schema))
            #expect(validator.validate(junit) == [], "junit.xml against \(schema)")
        }
        #expect(junit.contains("<testcase name=\"top3\""))
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("e2e-pass"))

        // The database holds the complete run, and `runs` lists it.
        #expect(try EndToEnd.rows(database, "SELECT run_id, status, verdict FROM runs") == [["'e2e-pass'", "'complete'", "'pass'"]])
        #expect(try EndToEnd.rows(database, "SELECT count(*) FROM results") == [["39"]])
        let runs = try EndToEnd.clinval(["runs", "--db", database], expecting: 0)
        let lines = runs.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("RUN ") == true)
        let row = lines.last?.split(separator: " ", omittingEmptySubsequences: true).map(String.init) ?? []
        #expect(row.first == "e2e-pass")
        #expect(Array(row.suffix(5)) == ["ddxplus-noisy-or", "1.0.0", "red-flags@2026.11", "complete", "pass"])
    }

    @Test func aFailingRunExitsOneAndStillWritesItsOutputs() throws {
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.strictPolicy)
        let database = folder.file("runs.sqlite")
        let out = folder.file("out")
        let result = try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db", database,
                "--out", out, "--run-id", "e2e-fail", "--no-progress",
            ], expecting: 1)
        #expect(result.stdout == "Run e2e-fail: gate FAILED (39 vignettes answered); outputs in \(out).\n")
        let summary = try EndToEnd.jsonObject(out + "/summary.json")
        #expect(summary["verdict"] as? String == "fail")
        let criteria = try #require(summary["criteria"] as? [[String: Any]])
        #expect(criteria.map { $0["passed"] as? Bool } == [true, false])
        let junit = try String(contentsOfFile: out + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("<failure"))
        #expect(FileManager.default.fileExists(atPath: out + "/report.html"))
        #expect(try EndToEnd.rows(database, "SELECT status, verdict FROM runs") == [["'complete'", "'fail'"]])
    }

    @Test func theCandidateFailsAgainstTheLatestPassingRunOfTheSameModel() throws {
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = folder.file("runs.sqlite")
        try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db", database,
                "--out", folder.file("base"), "--run-id", "base", "--no-progress",
            ], expecting: 0)
        try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.candidate, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db",
                database, "--out", folder.file("candidate"), "--run-id", "candidate", "--baseline", "latest-pass",
                "--no-progress",
            ], expecting: 1)
        let summary = try EndToEnd.jsonObject(folder.file("candidate/summary.json"))
        #expect(summary["baseline_run_id"] as? String == "base")
        let criteria = try #require(summary["criteria"] as? [[String: Any]])
        let regression = try #require(criteria.first { $0["id"] as? String == "no-regression-top1" })
        #expect(regression["paired_n"] as? Int == 39)
        #expect(regression["threshold"] as? Double == -0.05)
        let sentinels = try #require(criteria.first { $0["id"] as? String == "sentinels" })
        #expect(sentinels["passed"] as? Bool == false)
        #expect(try EndToEnd.rows(database, "SELECT run_id, verdict, baseline_run_id FROM runs ORDER BY run_id") == [
            ["'base'", "'pass'", "None"], ["'candidate'", "'fail'", "'base'"],
        ])
    }

    @Test func aBadBankExitsTwoNamingEveryProblemByFileAndLine() throws {
        let folder = TemporaryDirectory()
        let bank = folder.write(
            "broken.yaml",
            """
            casebank: broken
            version: "1"
            vocabulary: ddxplus
            source: written for a test
            vignettes:
              - id: b-001
                summary: a case
                age: 40
                sex: male
                present: [E_55]
                gold:
                  diagnosis: pneumonia
                  triage: urgnt
              - id: b-002
                summary: another case
                age: 130
                sex: male
                present: [E_55]
                gold: {diagnosis: pneumonia, triage: urgent}

            """)
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = folder.file("runs.sqlite")
        let result = try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", bank, "--policy", policy, "--db", database, "--out",
                folder.file("out"), "--no-progress",
            ], expecting: 2)
        #expect(
            result.stderr == """
                \(bank):13:15: error: vignettes[0].gold.triage: expected one of emergency, urgent, routine, self_care, found "urgnt"
                \(bank):16:10: error: vignettes[1].age: expected a whole number from 0 to 120, found 130

                """)
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: database), "nothing runs on a bad bank")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
    }

    @Test func aSecondRunWithTheSameIDIsRefusedWithExitTwo() throws {
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let arguments = [
            "run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db",
            folder.file("runs.sqlite"), "--out", folder.file("out"), "--run-id", "once", "--no-progress",
        ]
        try EndToEnd.clinval(arguments, expecting: 0)
        let again = try EndToEnd.clinval(arguments, expecting: 2)
        #expect(again.stderr.contains("once"), "\(again.stderr)")
        #expect(try EndToEnd.rows(folder.file("runs.sqlite"), "SELECT count(*) FROM results") == [["39"]])
    }

    @Test func tagsWrittenLikeIDsGetTheirOwnBreakdownsInEveryOutput() throws {
        let folder = TemporaryDirectory()
        let mini = try String(contentsOfFile: PackagePaths.fixture("casebanks/mini.yaml"), encoding: .utf8)
        let bank = folder.write(
            "tagged.yaml",
            mini.replacingOccurrences(of: "tags: [cardiac, red-flag]", with: "tags: [COVID-19, red_flag]")
                .replacingOccurrences(of: "tags: [ent]", with: "tags: [self_care, v1.2, COVID-19]"))
        let policy = folder.write(
            "policy.yaml",
            """
            gate: tags
            bootstrap: {resamples: 100, seed: 11}
            criteria:
              - id: covid-cases
                metric: n
                scope: tag:COVID-19
                min: 2
              - id: covid-top3
                metric: top3_accuracy
                scope: tag:COVID-19
                min: 0

            """)
        let lint = try EndToEnd.clinval(["lint", bank, policy, EndToEnd.model], expecting: 0)
        #expect(!lint.stdout.contains("tag:"), "every tag scope selects vignettes: \(lint.stdout)")

        let out = folder.file("out")
        try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", bank, "--policy", policy, "--db",
                folder.file("runs.sqlite"), "--out", out, "--run-id", "tags", "--no-progress",
            ], expecting: 0)
        let summary = try EndToEnd.jsonObject(out + "/summary.json")
        let metrics = try #require(summary["metrics"] as? [[String: Any]])
        let sizes = Dictionary(
            metrics.filter { $0["metric"] as? String == "n" }.compactMap { row -> (String, Int)? in
                guard let scope = row["scope"] as? String, scope.hasPrefix("tag:"), let n = row["n"] as? Int else {
                    return nil
                }
                return (scope, n)
            }, uniquingKeysWith: { first, _ in first })
        #expect(sizes == ["tag:COVID-19": 2, "tag:red_flag": 1, "tag:self_care": 1, "tag:v1.2": 1])
        let criteria = try #require(summary["criteria"] as? [[String: Any]])
        #expect(criteria.map { $0["scope"] as? String } == ["tag:COVID-19", "tag:COVID-19"])
        #expect(criteria.allSatisfy { $0["passed"] as? Bool == true })

        let junit = try String(contentsOfFile: out + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("<testcase name=\"covid-cases\""))
        #expect(junit.contains("tag:COVID-19"))
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        for label in ["Tag COVID-19", "Tag red_flag", "Tag self_care", "Tag v1.2"] {
            #expect(html.contains(label), "report.html has no row \(label)")
        }
    }

    @Test func aCasebankFolderWithNoBankExitsTwoNamingIt() throws {
        let folder = TemporaryDirectory()
        let empty = folder.file("banks")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = folder.file("runs.sqlite")
        for banks in [[empty], [EndToEnd.redFlags, empty]] {
            let result = try EndToEnd.clinval(
                ["run", "--model", EndToEnd.model] + banks.flatMap { ["--casebank", $0] } + [
                    "--policy", policy, "--db", database, "--out", folder.file("out"), "--no-progress",
                ], expecting: 2)
            #expect(
                result.stderr
                    == "\(empty): error: nothing to check: no bank, model or policy files (.yaml, .yml, .json, .jsonl) in this folder; check the path\n"
            )
            #expect(result.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: database), "nothing runs on an empty folder")
        }
    }
}
