import ClinvalCore
import Foundation
import GRDB

extension ResultStore {
    // MARK: - Writing a run

    /// Records a new run, `running`, with the banks it is scored on, and appends its
    /// `run_started` entry to the audit trail.
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
            try appendAudit(db, .runStarted, runID: run.runID, payload: AuditPayloads.started(run, casebanks: casebanks))
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

    /// Marks a run complete, with its verdict and end time, appending its `run_completed` entry
    /// to the audit trail, and writes the log into the database file (``checkpoint()``).
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
            try appendCompletion(db, runID: runID, verdict: verdict, finishedAt: finishedAt)
        }
        // Best effort: another connection reading the file can hold the log open; the data is
        // committed either way, and the last connection to close copies it in.
        try? checkpoint()
    }

    /// Marks a run failed, with the reason and end time, appending its `run_failed` entry to the
    /// audit trail. Its committed results stay, so `--resume` can finish it.
    ///
    /// - Throws: `StoreError` with code `runNotFound` or `database`.
    public func markFailed(runID: String, reason: String, finishedAt: Date) throws {
        try write("mark run \(quoted(runID)) failed") { db in
            try requireRun(db, runID)
            try db.execute(
                sql: "UPDATE runs SET status = 'failed', verdict = NULL, finished_at = ?, failure_reason = ? WHERE run_id = ?",
                arguments: [RFC3339Timestamp.format(finishedAt), reason, runID])
            try appendAudit(
                db, .runFailed, runID: runID,
                payload: AuditPayload(["finished_at": .time(finishedAt), "reason": .string(reason)]))
        }
        try? checkpoint()
    }

    /// Appends the `run_completed` entry of a run: its end time, verdict and number of results.
    func appendCompletion(_ db: Database, runID: String, verdict: Verdict?, finishedAt: Date) throws {
        let results = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results WHERE run_id = ?", arguments: [runID]) ?? 0
        try appendAudit(
            db, .runCompleted, runID: runID,
            payload: AuditPayload([
                "finished_at": .time(finishedAt), "results": .int(results), "verdict": .text(verdict?.rawValue),
            ]))
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
