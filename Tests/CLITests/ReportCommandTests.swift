import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval report` and `clinval gate` end to end: outputs regenerated from the database alone,
/// and the gate decided again with another policy or baseline without running the model.
@Suite struct ReportCommandTests {
    static let outputs = ["summary.json", "junit.xml", "report.html"]

    /// Runs the shipped model 1.0.0 on the red-flag bank with a policy; returns the database.
    static func run(
        _ folder: TemporaryDirectory, policy: String, runID: String, model: String = EndToEnd.model,
        extra: [String] = [], expecting exitCode: Int32 = 0
    ) throws -> String {
        let database = folder.file("runs.sqlite")
        try EndToEnd.clinval(
            [
                "run", "--model", model, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db", database,
                "--out", folder.file(runID), "--run-id", runID, "--no-progress",
            ] + extra, expecting: exitCode)
        return database
    }

    static func bytes(_ path: String) throws -> Data {
        try #require(FileManager.default.contents(atPath: path), "no file at \(path)")
    }

    @Test func reportRegeneratesByteIdenticalOutputsFromTheDatabase() throws {
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = try Self.run(folder, policy: policy, runID: "first", extra: ["--argo-outputs", folder.file("argo-run")])
        let result = try EndToEnd.clinval(
            ["report", "--db", database, "--run", "first", "--out", folder.file("again"), "--argo-outputs",
             folder.file("argo-again")], expecting: 0)
        #expect(result.stdout == "Wrote the outputs of run first to \(folder.file("again")).\n")
        for name in Self.outputs {
            #expect(try Self.bytes(folder.file("again/" + name)) == Self.bytes(folder.file("first/" + name)), "\(name)")
        }
        let argo = try FileManager.default.contentsOfDirectory(atPath: folder.file("argo-run")).sorted()
        #expect(argo.contains("verdict") && argo.contains("run-id"), "\(argo)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("argo-again")).sorted() == argo)
        for name in argo {
            #expect(try Self.bytes(folder.file("argo-again/" + name)) == Self.bytes(folder.file("argo-run/" + name)), "\(name)")
        }
        #expect(try String(contentsOfFile: folder.file("argo-run/verdict"), encoding: .utf8).hasPrefix("pass"))
    }

    @Test func reportOfAFailedGateIsByteIdenticalToo() throws {
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.strictPolicy)
        let database = try Self.run(folder, policy: policy, runID: "failing", expecting: 1)
        try EndToEnd.clinval(["report", "--db", database, "--run", "failing", "--out", folder.file("again")], expecting: 0)
        for name in Self.outputs {
            #expect(try Self.bytes(folder.file("again/" + name)) == Self.bytes(folder.file("failing/" + name)), "\(name)")
        }
    }

    @Test func reportRefusesAnUnknownRunAndAMissingDatabaseWithExitTwo() throws {
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = try Self.run(folder, policy: policy, runID: "known")
        let unknown = try EndToEnd.clinval(
            ["report", "--db", database, "--run", "unknown", "--out", folder.file("x")], expecting: 2)
        #expect(unknown.stderr == "error: There is no run unknown in the database.\n")
        let missing = try EndToEnd.clinval(
            ["report", "--db", folder.file("none.sqlite"), "--run", "known", "--out", folder.file("x")], expecting: 2)
        #expect(missing.stderr == "error: No database at \(folder.file("none.sqlite")); check --db.\n")
        #expect(!FileManager.default.fileExists(atPath: folder.file("x")))
    }

    @Test func gateWithAnotherPolicyChangesTheVerdictAndRewritesTheOutputs() throws {
        let folder = TemporaryDirectory()
        let passing = folder.write("passing.yaml", EndToEnd.passingPolicy)
        let strict = folder.write("strict.yaml", EndToEnd.strictPolicy)
        let database = try Self.run(folder, policy: passing, runID: "run")
        let before = try EndToEnd.jsonObject(folder.file("run/summary.json"))
        #expect(before["verdict"] as? String == "pass")
        let original = try EndToEnd.comparableSummary(folder.file("run/summary.json"))

        let failed = try EndToEnd.clinval(
            ["gate", "--db", database, "--run", "run", "--policy", strict, "--out", folder.file("run")], expecting: 1)
        #expect(failed.stdout == "Run run: gate FAILED (39 vignettes answered); outputs in \(folder.file("run")).\n")
        let after = try EndToEnd.jsonObject(folder.file("run/summary.json"))
        #expect(after["verdict"] as? String == "fail")
        #expect((after["policy"] as? [String: String])?["gate"] == "strict")
        #expect((after["criteria"] as? [[String: Any]])?.map { $0["id"] as? String } == ["top3", "emergency-safety"])
        #expect(after["started_at"] as? String == before["started_at"] as? String, "the run itself is unchanged")
        #expect(try EndToEnd.rows(database, "SELECT verdict, policy_gate FROM runs") == [["'fail'", "'strict'"]])
        #expect(try EndToEnd.rows(database, "SELECT criterion_id, passed FROM criteria ORDER BY position") == [
            ["'top3'", "1"], ["'emergency-safety'", "0"],
        ])
        #expect(try String(contentsOfFile: folder.file("run/junit.xml"), encoding: .utf8).contains("emergency-safety"))
        #expect(try EndToEnd.rows(database, "SELECT count(*) FROM results") == [["39"]], "the model did not run again")

        // Deciding again with the first policy gives back the first decision (times aside).
        try EndToEnd.clinval(
            ["gate", "--db", database, "--run", "run", "--policy", passing, "--out", folder.file("again")], expecting: 0)
        #expect(try EndToEnd.comparableSummary(folder.file("again/summary.json")) == original)
    }

    @Test func gateWithLatestPassComparesWithTheLatestPassingRunOfTheModel() throws {
        let folder = TemporaryDirectory()
        let passing = folder.write("passing.yaml", EndToEnd.passingPolicy)
        let regression = folder.write(
            "regression.yaml",
            """
            gate: regression
            bootstrap: {resamples: 100, seed: 11}
            criteria:
              - id: top3
                metric: top3_accuracy
                min: 0.5
              - id: no-regression-top1
                metric: top1_accuracy
                baseline: non_inferior
                margin: 0.2

            """)
        let database = try Self.run(folder, policy: passing, runID: "base")
        try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.candidate, "--casebank", EndToEnd.redFlags, "--policy", regression, "--db",
                database, "--out", folder.file("candidate"), "--run-id", "candidate", "--no-progress",
            ], expecting: 1)
        let alone = try EndToEnd.jsonObject(folder.file("candidate/summary.json"))
        let aloneCriterion = (alone["criteria"] as? [[String: Any]])?.last
        #expect(aloneCriterion?["passed"] as? Bool == false)
        #expect((aloneCriterion?["message"] as? String)?.contains("no baseline run") == true, "\(aloneCriterion ?? [:])")

        let result = try EndToEnd.clinval(
            [
                "gate", "--db", database, "--run", "candidate", "--policy", regression, "--baseline", "latest-pass",
                "--out", folder.file("candidate"),
            ], expecting: 0)
        #expect(result.stdout.hasPrefix("Run candidate: gate PASSED"))
        let summary = try EndToEnd.jsonObject(folder.file("candidate/summary.json"))
        #expect(summary["baseline_run_id"] as? String == "base")
        let criterion = try #require((summary["criteria"] as? [[String: Any]])?.last)
        #expect(criterion["passed"] as? Bool == true)
        #expect(criterion["paired_n"] as? Int == 39)
        #expect(criterion["threshold"] as? Double == -0.2)
        #expect(criterion["baseline_value"] is Double)
        #expect(try EndToEnd.rows(database, "SELECT run_id, verdict, baseline_run_id FROM runs ORDER BY run_id") == [
            ["'base'", "'pass'", "None"], ["'candidate'", "'pass'", "'base'"],
        ])
    }

    @Test func gateRefusesARunWhoseResultsAreNotAllStored() throws {
        let folder = TemporaryDirectory()
        folder.write("dead/fault_model.py", try String(contentsOfFile: EndToEnd.faultModel, encoding: .utf8))
        let dead = folder.write(
            "dead/model.yaml", EndToEnd.manifest(name: "dead", script: "fault_model.py", arguments: ["--exit-at-start"]))
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = try Self.run(folder, policy: policy, runID: "broken", model: dead, expecting: 3)
        let result = try EndToEnd.clinval(
            ["gate", "--db", database, "--run", "broken", "--policy", policy, "--out", folder.file("out")], expecting: 2)
        #expect(
            result.stderr
                == "error: Run broken is failed with 0 of 39 results; finish it with 'clinval run --resume broken' first.\n")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
    }

    @Test func gateWithoutAPolicyDecidesWithTheRunsStoredPolicy() throws {
        let folder = TemporaryDirectory()
        let passing = folder.write("passing.yaml", EndToEnd.passingPolicy)
        let strict = folder.write("strict.yaml", EndToEnd.strictPolicy)
        let database = try Self.run(folder, policy: strict, runID: "run", expecting: 1)

        // From a folder holding no policy: the run's own (strict) decides again.
        let again = try CommandRunner.clinval(
            ["gate", "--db", database, "--run", "run", "--out", folder.file("again")], in: folder.path)
        #expect(again.exitCode == 1, "\(again.stdout)\(again.stderr)")
        #expect(try EndToEnd.comparableSummary(folder.file("again/summary.json")) == EndToEnd.comparableSummary(folder.file("run/summary.json")))

        // A decision with another policy makes that policy the run's.
        try EndToEnd.clinval(
            ["gate", "--db", database, "--run", "run", "--policy", passing, "--out", folder.file("passing")], expecting: 0)
        let text = try String(contentsOfFile: passing, encoding: .utf8)
        #expect(try EndToEnd.rows(database, "SELECT policy_gate, policy_text = ? FROM runs", [text]) == [["'e2e'", "1"]])
        let later = try CommandRunner.clinval(
            ["gate", "--db", database, "--run", "run", "--out", folder.file("later")], in: folder.path)
        #expect(later.exitCode == 0, "\(later.stdout)\(later.stderr)")
        let summary = try EndToEnd.jsonObject(folder.file("later/summary.json"))
        #expect((summary["policy"] as? [String: String])?["gate"] == "e2e")
    }

    @Test func gateWithoutAPolicyOnARunOfAnOlderClinvalAsksForIt() throws {
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = try Self.run(folder, policy: policy, runID: "old")
        try EndToEnd.removePolicyText(database)
        let refused = try EndToEnd.clinval(
            ["gate", "--db", database, "--run", "old", "--out", folder.file("again")], expecting: 2)
        let sha256 = try EndToEnd.sha256(ofFile: policy)
        #expect(
            refused.stderr
                == "error: Run old does not hold its policy (an older clinval ran it); give the policy to decide with (it ran with sha256 \(sha256)) with --policy.\n")
        #expect(!FileManager.default.fileExists(atPath: folder.file("again")))
        try EndToEnd.clinval(
            ["gate", "--db", database, "--run", "old", "--policy", policy, "--out", folder.file("again")], expecting: 0)
        for name in Self.outputs {
            #expect(try Self.bytes(folder.file("again/" + name)).count > 0, "\(name)")
        }
        // The report of the old run still reads.
        try EndToEnd.clinval(["report", "--db", database, "--run", "old", "--out", folder.file("report")], expecting: 0)
    }
}
