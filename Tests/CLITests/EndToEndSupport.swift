import Foundation
import Testing
import _ClinvalTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Inputs, database readers and child-process control shared by the end-to-end tests of the
/// built `clinval` binary.
enum EndToEnd {
    /// The shipped model, version 1.0.0.
    static let model = PackagePaths.path("models/ddxplus-noisy-or-1.0.0.json")
    /// The shipped candidate model, version 1.1.0-candidate.
    static let candidate = PackagePaths.path("models/ddxplus-noisy-or-1.1.0-candidate.json")
    /// The shipped red-flag bank (39 vignettes, 30 must-pass, 26 emergencies).
    static let redFlags = PackagePaths.path("casebanks/red-flags.yaml")
    /// The fault-injecting JSON Lines model.
    static let faultModel = PackagePaths.fixture("adapters/fault_model.py")

    /// A small policy that the shipped model 1.0.0 passes on the red-flag bank: top-3 accuracy,
    /// sentinels, error rate, and non-inferiority to a baseline (passing on a first run).
    static let passingPolicy = """
        gate: e2e
        bootstrap: {resamples: 100, seed: 11}
        first_run: pass
        criteria:
          - id: top3
            metric: top3_accuracy
            min: 0.5
            use: ci_lower
          - id: sentinels
            metric: must_pass_failures
            max: 0
          - id: error-rate
            metric: error_rate
            max: 0.2
          - id: no-regression-top1
            metric: top1_accuracy
            baseline: non_inferior
            margin: 0.05

        """

    /// A policy that no model passes on the red-flag bank: its 26 emergencies cannot bring the
    /// exact upper bound of emergency under-triage down to 2%.
    static let strictPolicy = """
        gate: strict
        bootstrap: {resamples: 100, seed: 11}
        criteria:
          - id: top3
            metric: top3_accuracy
            min: 0.5
          - id: emergency-safety
            metric: emergency_undertriage_rate
            max: 0.02
            use: ci_upper_exact

        """

    /// A process-model manifest for a script copied into `folder`.
    static func manifest(
        name: String, script: String, arguments: [String] = [], workers: Int = 2, timeoutSeconds: Int = 5,
        kind: String = "process"
    ) -> String {
        let command = (["python3", script] + arguments).joined(separator: ", ")
        return """
            model: \(name)
            version: 1.0.0
            vocabulary: ddxplus
            kind: \(kind)
            command: [\(command)]
            workers: \(workers)
            timeout_seconds: \(timeoutSeconds)

            """
    }

    /// A JSON Lines bank in the DDXPlus vocabulary with the given vignette lines.
    static func bank(id: String, vignettes: [[String: Any]]) throws -> String {
        let header: [String: Any] = [
            "casebank": id, "version": "1", "vocabulary": "ddxplus", "source": "written by the end-to-end tests",
        ]
        return try ([header] + vignettes).map { object in
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }

    /// Runs `clinval` and fails the test with its output when the exit code is not the one expected.
    @discardableResult
    static func clinval(
        _ arguments: [String], environment: [String: String] = [:], expecting exitCode: Int32,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CommandResult {
        let result = try CommandRunner.clinval(arguments, environment: environment)
        #expect(
            result.exitCode == exitCode, "clinval \(arguments.joined(separator: " "))\n\(result.stdout)\(result.stderr)",
            sourceLocation: sourceLocation)
        return result
    }

    // MARK: Outputs

    /// A JSON object read from a file.
    static func jsonObject(_ path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path), "no file at \(path)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path) is not an object")
    }

    /// What must agree between two runs of the same model on the same vignettes: the verdict,
    /// the model, banks and policy, the counts, every metric but latency, and every criterion, as
    /// canonical JSON text. Run ids, times, latencies, the decision digest (it names the run) and the
    /// audit head are left out.
    static func comparableSummary(_ path: String) throws -> String {
        var summary = try jsonObject(path)
        // The decision digest names the run; the audit head is where the trail stood.
        for key in ["run_id", "started_at", "finished_at", "decision_sha256", "audit_head"] {
            summary.removeValue(forKey: key)
        }
        let metrics = try #require(summary["metrics"] as? [[String: Any]])
        summary["metrics"] = metrics.filter { ($0["metric"] as? String)?.hasPrefix("latency_") == false }
        let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Database

    /// The rows of a query on a SQLite database, read with Python's sqlite3 module (independent of
    /// clinval's own store), opened read-only; each value as Python's `repr` (exact for floats).
    static func rows(_ database: String, _ sql: String, _ parameters: [String] = []) throws -> [[String]] {
        let script = """
            import json, sqlite3, sys
            connection = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
            rows = connection.execute(sys.argv[2], sys.argv[3:]).fetchall()
            print(json.dumps([[repr(value) for value in row] for row in rows]))
            """
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, database, sql] + parameters, in: "/")
        try #require(result.exitCode == 0, "query failed: \(sql)\n\(result.stderr)")
        return try JSONDecoder().decode([[String]].self, from: Data(result.stdout.utf8))
    }

    /// Runs SQL statements on a SQLite database with Python's sqlite3 module (as an analyst, or a
    /// hand edit, would change the file), in one transaction.
    static func execute(_ database: String, _ sql: String) throws {
        let script = """
            import sqlite3, sys
            connection = sqlite3.connect(sys.argv[1])
            connection.executescript("BEGIN; " + sys.argv[2] + "; COMMIT;")
            connection.close()
            """
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, database, sql], in: "/")
        try #require(result.exitCode == 0, "statements failed: \(sql)\n\(result.stderr)")
    }

    /// The SHA-256 of a file's bytes, in lowercase hexadecimal (computed by Python's hashlib).
    static func sha256(ofFile path: String) throws -> String {
        let result = try CommandRunner.run(
            "/usr/bin/env",
            ["python3", "-c", "import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())", path],
            in: "/")
        try #require(result.exitCode == 0, "cannot hash \(path): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Makes a database look as if an older clinval had written it, before the schema stored the
    /// policy's text (migration `v3`).
    static func removePolicyText(_ database: String) throws {
        try execute(
            database, "ALTER TABLE runs DROP COLUMN policy_text; DELETE FROM grdb_migrations WHERE identifier = 'v3'")
    }

    /// `PRAGMA integrity_check` of a database (`'ok'` when sound).
    static func integrity(_ database: String) throws -> String {
        try rows(database, "PRAGMA integrity_check").map { $0.joined(separator: " ") }.joined(separator: "\n")
    }

    /// A run's stored results, differentials, vignettes, metrics (but latency) and criteria, as
    /// text lines in key order, leaving out the run id and the measured latencies.
    static func storedRun(_ database: String, runID: String) throws -> [String: [[String]]] {
        [
            "results": try rows(
                database,
                """
                SELECT casebank_id, vignette_id, status, error, triage, gold_rank, approximate, approximation_method,
                    approximation_samples, unknown_codes
                FROM results WHERE run_id = ? ORDER BY casebank_id, vignette_id
                """, [runID]),
            "differentials": try rows(
                database,
                """
                SELECT casebank_id, vignette_id, rank, condition_id, probability FROM differentials
                WHERE run_id = ? ORDER BY casebank_id, vignette_id, rank
                """, [runID]),
            "vignettes": try rows(
                database,
                """
                SELECT casebank_id, vignette_id, casebank_version, age, sex, present_json, absent_json, summary,
                    gold_diagnosis, also_correct_json, gold_differential_json, gold_triage_lo, gold_triage_hi,
                    must_pass, tags_json
                FROM vignettes WHERE run_id = ? ORDER BY casebank_id, vignette_id
                """, [runID]),
            "metrics": try rows(
                database,
                """
                SELECT scope, metric, position, value, ci_lower, ci_upper, ci_upper_exact, n FROM metrics
                WHERE run_id = ? AND metric NOT LIKE 'latency%' ORDER BY position
                """, [runID]),
            "criteria": try rows(
                database,
                """
                SELECT criterion_id, position, metric, scope, severity, passed, observed, threshold, message, use,
                    baseline_value, difference, difference_ci_lower, difference_ci_upper, p_value, paired_n
                FROM criteria WHERE run_id = ? ORDER BY position
                """, [runID]),
            "run": try rows(
                database,
                "SELECT status, verdict, model_name, model_version, model_sha256, policy_sha256 FROM runs WHERE run_id = ?",
                [runID]),
        ]
    }

    /// The number of results committed for a run (0 while the database or the run does not exist yet).
    static func committedResults(_ database: String, runID: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return -1 }
        let result = try CommandRunner.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                """
                import sqlite3, sys
                try:
                    c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
                    runs = c.execute("SELECT count(*) FROM runs WHERE run_id = ?", [sys.argv[2]]).fetchone()[0]
                    done = c.execute("SELECT count(*) FROM results WHERE run_id = ?", [sys.argv[2]]).fetchone()[0]
                    print(done if runs else -1)
                except sqlite3.Error:
                    print(-1)
                """,
                database, runID,
            ], in: "/")
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}

/// `clinval` started as a child process that a test can kill with SIGKILL at a moment it chooses.
final class ChildRun: @unchecked Sendable {
    let process = Process()
    let logPath: String

    /// Starts `clinval` with arguments in the package root, its output going to a log file.
    init(_ arguments: [String], log: String) throws {
        logPath = log
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = URL(fileURLWithPath: CommandRunner.clinvalPath)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: PackagePaths.root)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Whether the process is still running.
    var isRunning: Bool { process.isRunning }

    /// What the process wrote so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Kills the process with SIGKILL (no chance to clean up) and waits for it.
    func killHard() {
        if process.isRunning { _ = kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Waits until `condition` holds or the process ends (polling every 50 ms, at most `limit` seconds).
    ///
    /// - Returns: whether the condition held while the process was still running.
    func wait(upTo limit: Double = 60, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            guard process.isRunning else { return false }
            if try condition() { return process.isRunning }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
