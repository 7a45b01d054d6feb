import Foundation
import Testing
import _ClinvalTestSupport

/// A gate decision (policy, metrics, criteria, verdict, completion) is stored in one transaction:
/// a failure part-way leaves the previous decision whole and a new run not complete.
@Suite struct DecisionAtomicityTests {
    /// A trigger that makes every insert into `table` fail, as a full disk or a constraint would.
    static func failInserts(into table: String) -> String {
        "CREATE TRIGGER injected_failure BEFORE INSERT ON \(table) BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    }

    /// Everything a decision writes, as text.
    static func decision(_ database: String, runID: String) throws -> [String: [[String]]] {
        [
            "run": try EndToEnd.rows(
                database,
                """
                SELECT status, verdict, policy_gate, policy_sha256, policy_text, baseline_run_id, finished_at,
                    failure_reason, bootstrap_resamples, bootstrap_seed
                FROM runs WHERE run_id = ?
                """, [runID]),
            "metrics": try EndToEnd.rows(
                database, "SELECT scope, metric, value, ci_lower, ci_upper, n FROM metrics WHERE run_id = ? ORDER BY position",
                [runID]),
            "criteria": try EndToEnd.rows(
                database, "SELECT criterion_id, passed, message, details_json FROM criteria WHERE run_id = ? ORDER BY position",
                [runID]),
        ]
    }

    @Test(arguments: ["criteria", "metrics"])
    func aGateThatFailsWhileStoringItsDecisionLeavesThePreviousOneWhole(_ table: String) throws {
        // Given: a run decided (passed) with one policy.
        let folder = TemporaryDirectory()
        let passing = folder.write("passing.yaml", EndToEnd.passingPolicy)
        let strict = folder.write("strict.yaml", EndToEnd.strictPolicy)
        let database = try ReportCommandTests.run(folder, policy: passing, runID: "run")
        let before = try Self.decision(database, runID: "run")
        #expect(before["run"]?.first?.prefix(3) == ["'complete'", "'pass'", "'e2e'"])

        // When: deciding again with another policy fails while its rows are written.
        try EndToEnd.execute(database, Self.failInserts(into: table))
        let result = try EndToEnd.clinval(
            ["gate", "--db", database, "--run", "run", "--policy", strict, "--out", folder.file("again")], expecting: 3)
        #expect(result.stderr.contains("injected failure"), "\(result.stderr)")

        // Then: the first decision stands, every row of it, and no outputs were written.
        #expect(try Self.decision(database, runID: "run") == before)
        #expect(!FileManager.default.fileExists(atPath: folder.file("again")))
        try EndToEnd.clinval(["report", "--db", database, "--run", "run", "--out", folder.file("report")], expecting: 0)
        #expect(try EndToEnd.jsonObject(folder.file("report/summary.json"))["verdict"] as? String == "pass")
    }

    @Test func aRunWhoseDecisionCannotBeStoredIsNotComplete() throws {
        // Given: a database whose criteria cannot be written.
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = folder.write("runs.sqlite", "")
        try EndToEnd.clinval(["runs", "--db", database], expecting: 0)
        try EndToEnd.execute(database, Self.failInserts(into: "criteria"))

        // When: a run answers every vignette, then fails to store its decision.
        let result = try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db", database,
                "--out", folder.file("out"), "--run-id", "new", "--no-progress",
            ], expecting: 3)
        #expect(result.stderr.contains("injected failure"), "\(result.stderr)")

        // Then: its results are kept, it is not complete, and no part of the decision is stored.
        #expect(try EndToEnd.rows(database, "SELECT count(*) FROM results") == [["39"]])
        #expect(try EndToEnd.rows(database, "SELECT status, verdict FROM runs") == [["'failed'", "None"]])
        #expect(try EndToEnd.rows(database, "SELECT count(*) FROM metrics") == [["0"]])
        #expect(try EndToEnd.rows(database, "SELECT count(*) FROM criteria") == [["0"]])
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))

        // And once the database is repaired, resuming it decides it.
        try EndToEnd.execute(database, "DROP TRIGGER injected_failure")
        let resumed = try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db", database,
                "--out", folder.file("out"), "--resume", "new", "--no-progress",
            ], expecting: 0)
        #expect(resumed.stdout.hasPrefix("Run new: gate PASSED (0 vignettes answered, 39 already done)"))
        #expect(try EndToEnd.rows(database, "SELECT status, verdict FROM runs") == [["'complete'", "'pass'"]])
    }
}
