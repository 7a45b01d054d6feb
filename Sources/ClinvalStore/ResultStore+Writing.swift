import ClinvalCore
import Foundation
import GRDB

extension ResultStore {
    // MARK: - Writing a run

    /// Records a new run, `running`, with the banks it is scored on.
    ///
    /// - Throws: `StoreError` with code `runExists` when the id is taken, or `database`.
    public func beginRun(_ run: RunRecord, casebanks: [CasebankIdentity]) throws {
        try write("record run \(quoted(run.runID))") { db in
            if try Self.runExists(db, run.runID) {
                throw StoreError(
                    .runExists, "a run with id \(quoted(run.runID)) exists already; choose another --run-id or use --resume",
                    path: path)
            }
            try Self.insertRun(db, run)
            for bank in casebanks {
                try Self.insertCasebank(db, bank, runID: run.runID)
            }
        }
    }

    /// Stores the vignettes a run is scored against (inputs and gold labels), in one transaction.
    ///
    /// A vignette stored already for the run is replaced. Each vignette's bank must have been
    /// recorded with ``beginRun(_:casebanks:)``.
    ///
    /// - Throws: `StoreError` with code `runNotFound`, `invalidRecord` (unknown bank), or `database`.
    public func storeVignettes(_ vignettes: [VignetteRecord], runID: String) throws {
        try write("store vignettes of run \(quoted(runID))") { db in
            try requireRun(db, runID)
            try insertVignettes(vignettes, runID: runID, db)
        }
    }

    /// Stores a batch of vignettes and their results in one transaction: what
    /// ``storeVignettes(_:runID:)`` and then ``commit(results:runID:)`` do, with one commit.
    ///
    /// All or nothing: after a kill, the batch is either wholly stored or absent.
    ///
    /// - Throws: as ``commit(results:runID:)`` and ``storeVignettes(_:runID:)``.
    public func commit(vignettes: [VignetteRecord], results: [ResultRecord], runID: String) throws {
        try write("commit results of run \(quoted(runID))") { db in
            let status = try requireRun(db, runID)
            if status == .complete {
                throw StoreError(.runNotResumable, "run \(quoted(runID)) is complete; its results cannot change", path: path)
            }
            try insertVignettes(vignettes, runID: runID, db)
            try insertResults(results, runID: runID, db)
        }
    }

    private func insertVignettes(_ vignettes: [VignetteRecord], runID: String, _ db: Database) throws {
        let statement = try BulkStatement(
            db,
            sql: """
                INSERT INTO vignettes (run_id, casebank_id, vignette_id, casebank_version, age, sex,
                    present_json, absent_json, summary, gold_diagnosis, also_correct_json,
                    gold_differential_json, gold_triage_lo, gold_triage_hi, must_pass, tags_json)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                ON CONFLICT (run_id, casebank_id, vignette_id) DO UPDATE SET
                    casebank_version = excluded.casebank_version, age = excluded.age, sex = excluded.sex,
                    present_json = excluded.present_json, absent_json = excluded.absent_json,
                    summary = excluded.summary, gold_diagnosis = excluded.gold_diagnosis,
                    also_correct_json = excluded.also_correct_json,
                    gold_differential_json = excluded.gold_differential_json,
                    gold_triage_lo = excluded.gold_triage_lo, gold_triage_hi = excluded.gold_triage_hi,
                    must_pass = excluded.must_pass, tags_json = excluded.tags_json
                """)
        statement.bind(1, runID)
        for vignette in vignettes {
            statement.bind(2, vignette.casebankID)
            statement.bind(3, vignette.vignetteID)
            statement.bind(4, vignette.casebankVersion)
            statement.bind(5, vignette.age)
            statement.bind(6, vignette.sex.rawValue)
            statement.bind(7, JSONList.encode(vignette.present))
            statement.bind(8, JSONList.encode(vignette.absent))
            statement.bind(9, vignette.summary)
            statement.bind(10, vignette.goldDiagnosis)
            statement.bind(11, JSONList.encode(vignette.alsoCorrect))
            statement.bind(12, vignette.goldDifferential.map(JSONList.encode))
            statement.bind(13, vignette.goldTriageLow.rawValue)
            statement.bind(14, vignette.goldTriageHigh.rawValue)
            statement.bind(15, vignette.mustPass)
            statement.bind(16, JSONList.encode(vignette.tags))
            do {
                try statement.step(db)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                throw StoreError(
                    .invalidRecord,
                    "vignette \(quoted(vignette.key.description)) names bank \(quoted(vignette.casebankID)), which run \(quoted(runID)) does not have",
                    path: path)
            }
        }
    }

    /// Commits one batch of results and their differentials in one transaction.
    ///
    /// All or nothing: after a kill, a batch is either wholly stored or absent. Each result's
    /// vignette must have been stored with ``storeVignettes(_:runID:)``, and must not have a result
    /// yet.
    ///
    /// - Complexity: Uses reused prepared statements bound with SQLite's C API; one batch of
    ///   thousands of results per call keeps the commit cost small.
    /// - Throws: `StoreError` with code `runNotFound`, `runNotResumable` (the run is complete),
    ///   `invalidRecord` (unknown vignette, result stored already), or `database`.
    public func commit(results: [ResultRecord], runID: String) throws {
        guard !results.isEmpty else { return }
        try write("commit results of run \(quoted(runID))") { db in
            let status = try requireRun(db, runID)
            if status == .complete {
                throw StoreError(.runNotResumable, "run \(quoted(runID)) is complete; its results cannot change", path: path)
            }
            try insertResults(results, runID: runID, db)
        }
    }

    private func insertResults(_ results: [ResultRecord], runID: String, _ db: Database) throws {
        let insertResult = try BulkStatement(
            db,
            sql: """
                INSERT INTO results (run_id, casebank_id, vignette_id, status, error, triage, gold_rank,
                    latency_ms, approximate, approximation_method, approximation_samples, unknown_codes)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                """)
        var insertEntries = DifferentialInserter(db, runID: runID)
        insertResult.bind(1, runID)
        for result in results {
            insertResult.bind(2, result.casebankID)
            insertResult.bind(3, result.vignetteID)
            insertResult.bind(4, result.status.rawValue)
            insertResult.bind(5, result.error)
            insertResult.bind(6, result.triage?.rawValue)
            insertResult.bind(7, result.goldRank)
            insertResult.bind(8, result.latencyMS)
            insertResult.bind(9, result.approximation != nil)
            insertResult.bind(10, result.approximation?.method)
            insertResult.bind(11, result.approximation?.samples)
            insertResult.bind(12, result.unknownCodes)
            do {
                try insertResult.step(db)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                throw StoreError(
                    .invalidRecord,
                    "result for vignette \(quoted(result.key.description)), whose gold labels are not stored in run \(quoted(runID))",
                    path: path)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StoreError(
                    .invalidRecord,
                    "vignette \(quoted(result.key.description)) has a result in run \(quoted(runID)) already",
                    path: path)
            }
            try insertEntries.insert(result.differential, casebankID: result.casebankID, vignetteID: result.vignetteID)
        }
    }

    /// Replaces a run's metrics, keeping their order.
    ///
    /// - Throws: `StoreError` with code `runNotFound`, `invalidRecord` (a metric and scope given
    ///   twice) or `database`.
    public func storeMetrics(_ metrics: [MetricValue], runID: String) throws {
        try write("store metrics of run \(quoted(runID))") { db in
            try requireRun(db, runID)
            try replaceMetrics(metrics, runID: runID, db)
        }
    }

    private func replaceMetrics(_ metrics: [MetricValue], runID: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM metrics WHERE run_id = ?", arguments: [runID])
        let statement = try BulkStatement(
            db,
            sql: """
                INSERT INTO metrics (run_id, scope, metric, position, value, ci_lower, ci_upper, ci_upper_exact, n)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """)
        statement.bind(1, runID)
        for (position, metric) in metrics.enumerated() {
            statement.bind(2, metric.scope.description)
            statement.bind(3, metric.metric)
            statement.bind(4, position)
            statement.bind(5, metric.value)
            statement.bind(6, metric.ciLower)
            statement.bind(7, metric.ciUpper)
            statement.bind(8, metric.ciUpperExact)
            statement.bind(9, metric.n)
            do {
                try statement.step(db)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StoreError(
                    .invalidRecord, "metric \(quoted(metric.metric)) of scope \(quoted(metric.scope.description)) is given twice",
                    path: path)
            }
        }
    }

    /// Replaces a run's gate criteria and sets the verdict they give, in one transaction, so that
    /// `clinval gate` can decide again on stored results.
    ///
    /// - Parameters:
    ///   - criteria: The criteria's outcomes, in policy order.
    ///   - verdict: The gate's decision.
    ///   - baselineRunID: The run compared against, if any.
    ///   - runID: The run.
    /// - Throws: `StoreError` with code `runNotFound`, `invalidRecord` (an id given twice), or `database`.
    public func storeCriteria(
        _ criteria: [CriterionRecord], verdict: Verdict, baselineRunID: String?, runID: String
    ) throws {
        try write("store criteria of run \(quoted(runID))") { db in
            try requireRun(db, runID)
            try replaceCriteria(criteria, runID: runID, db)
            try db.execute(
                sql: "UPDATE runs SET verdict = ?, baseline_run_id = ? WHERE run_id = ?",
                arguments: [verdict.rawValue, baselineRunID, runID])
        }
    }

    private func replaceCriteria(_ criteria: [CriterionRecord], runID: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM criteria WHERE run_id = ?", arguments: [runID])
        let statement = try BulkStatement(
            db,
            sql: """
                INSERT INTO criteria (run_id, criterion_id, position, metric, scope, severity, passed, observed,
                    threshold, message, use, baseline_value, difference, difference_ci_lower,
                    difference_ci_upper, p_value, paired_n, details_json)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
                """)
        statement.bind(1, runID)
        for (position, criterion) in criteria.enumerated() {
            statement.bind(2, criterion.criterionID)
            statement.bind(3, position)
            statement.bind(4, criterion.metric)
            statement.bind(5, criterion.scope)
            statement.bind(6, criterion.severity.rawValue)
            statement.bind(7, criterion.passed)
            statement.bind(8, criterion.observed)
            statement.bind(9, criterion.threshold)
            statement.bind(10, criterion.message)
            statement.bind(11, criterion.use)
            statement.bind(12, criterion.baseline?.baselineValue)
            statement.bind(13, criterion.baseline?.difference)
            statement.bind(14, criterion.baseline?.differenceCILower)
            statement.bind(15, criterion.baseline?.differenceCIUpper)
            statement.bind(16, criterion.baseline?.pValue)
            statement.bind(17, criterion.baseline?.pairedN)
            statement.bind(18, criterion.detailsJSON)
            do {
                try statement.step(db)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StoreError(
                    .invalidRecord, "criterion \(quoted(criterion.criterionID)) is given twice", path: path)
            }
        }
    }

    /// Stores a gate decision and marks the run complete, all in one transaction: the policy it was
    /// decided with, the metrics and criteria (each replaced as a whole), the verdict, the baseline
    /// and the end time.
    ///
    /// All or nothing: if any part fails (or the process is killed), the run keeps its previous
    /// decision whole, or, never decided, stays not complete.
    ///
    /// - Important: Call it only after every result of the run is committed (docs/database.md).
    /// - Throws: `StoreError` with code `runNotFound`, `invalidRecord` (a metric or criterion given
    ///   twice), or `database`.
    public func storeDecision(_ decision: DecisionRecord, runID: String) throws {
        try write("store the decision of run \(quoted(runID))") { db in
            try requireRun(db, runID)
            try replaceMetrics(decision.metrics, runID: runID, db)
            try replaceCriteria(decision.criteria, runID: runID, db)
            try db.execute(
                sql: """
                    UPDATE runs SET status = 'complete', verdict = ?, baseline_run_id = ?, finished_at = ?,
                        failure_reason = NULL, policy_gate = ?, policy_sha256 = ?, policy_text = ?,
                        bootstrap_resamples = ?, bootstrap_seed = ?
                    WHERE run_id = ?
                    """,
                arguments: [
                    decision.verdict.rawValue, decision.baselineRunID, RFC3339Timestamp.format(decision.finishedAt),
                    decision.policy.gate, decision.policy.sha256, decision.policy.text,
                    decision.policy.bootstrapResamples, decision.policy.bootstrapSeed, runID,
                ])
        }
        // Best effort, as for markComplete(runID:verdict:finishedAt:).
        try? checkpoint()
    }

    /// Marks a run complete, with its verdict and end time, and writes the log into the database
    /// file (``checkpoint()``).
    ///
    /// - Important: Call it only after every result and metric of the run is committed (docs/database.md).
    /// - Throws: `StoreError` with code `runNotFound` or `database`.
    public func markComplete(runID: String, verdict: Verdict?, finishedAt: Date) throws {
        try write("mark run \(quoted(runID)) complete") { db in
            try requireRun(db, runID)
            try db.execute(
                sql: """
                    UPDATE runs SET status = 'complete', verdict = ?, finished_at = ?, failure_reason = NULL
                    WHERE run_id = ?
                    """,
                arguments: [verdict?.rawValue, RFC3339Timestamp.format(finishedAt), runID])
        }
        // Best effort: another connection reading the file can hold the log open; the data is
        // committed either way, and the last connection to close copies it in.
        try? checkpoint()
    }

    /// Marks a run failed, with the reason and end time. Its committed results stay, so
    /// `--resume` can finish it.
    ///
    /// - Throws: `StoreError` with code `runNotFound` or `database`.
    public func markFailed(runID: String, reason: String, finishedAt: Date) throws {
        try write("mark run \(quoted(runID)) failed") { db in
            try requireRun(db, runID)
            try db.execute(
                sql: "UPDATE runs SET status = 'failed', verdict = NULL, finished_at = ?, failure_reason = ? WHERE run_id = ?",
                arguments: [RFC3339Timestamp.format(finishedAt), reason, runID])
        }
        try? checkpoint()
    }

    /// Copies every committed page from the write-ahead log into the database file and empties
    /// the log, so the file alone holds the whole database: a shard's file can be uploaded as an
    /// artifact, or copied, as soon as its run has ended, even while the process still runs.
    ///
    /// - Throws: `StoreError` with code `database` when the checkpoint fails.
    public func checkpoint() throws {
        try writeWithoutTransaction("write the database file") { db in
            _ = try db.checkpoint(.truncate)
        }
    }

    /// Runs SQLite's `PRAGMA integrity_check`.
    ///
    /// - Returns: The problems found; empty when the database is sound.
    /// - Throws: `StoreError` with code `database` when the check cannot run.
    public func integrityCheck() throws -> [String] {
        let lines = try read("check database integrity") { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check")
        }
        return lines == ["ok"] ? [] : lines
    }
}
