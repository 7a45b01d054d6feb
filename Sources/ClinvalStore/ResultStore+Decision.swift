import ClinvalCore
import Foundation
import GRDB

extension ResultStore {
    // MARK: - Storing a decision

    /// Replaces a run's metrics of one labels mode, keeping their order, without a decision: for
    /// tests of the reading side. Metrics alone decide nothing, so no audit entry is appended;
    /// the pipeline stores metrics with their decision (``storeDecision(_:runID:)``).
    ///
    /// - Throws: `StoreError` with code `runNotFound`, `invalidRecord` (a metric and scope given
    ///   twice) or `database`.
    func storeMetrics(_ metrics: [MetricValue], runID: String, labels: LabelsMode = .asLabelled) throws {
        try write("store metrics of run \(quoted(runID))") { db in
            try requireRun(db, runID)
            try replaceMetrics(metrics, runID: runID, labels: labels, db)
        }
    }

    private func replaceMetrics(_ metrics: [MetricValue], runID: String, labels: LabelsMode, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM metrics WHERE run_id = ? AND labels = ?", arguments: [runID, labels.rawValue])
        let statement = try BulkStatement(
            db,
            sql: """
                INSERT INTO metrics (run_id, scope, metric, position, value, ci_lower, ci_upper, ci_upper_exact, n, labels)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                """)
        statement.bind(1, runID)
        statement.bind(10, labels.rawValue)
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

    /// Replaces a run's gate criteria of one labels mode and sets the verdict they give, in one
    /// transaction, appending a `gate_decided` entry to the audit trail: for tests of the reading
    /// side; the pipeline stores criteria with their decision (``storeDecision(_:runID:)``).
    ///
    /// - Parameters:
    ///   - criteria: The criteria's outcomes, in policy order.
    ///   - verdict: The gate's decision.
    ///   - baselineRunID: The run compared against, if any.
    ///   - labels: The labels the criteria were decided with.
    ///   - runID: The run.
    /// - Throws: `StoreError` with code `runNotFound`, `invalidRecord` (an id given twice), or `database`.
    func storeCriteria(
        _ criteria: [CriterionRecord], verdict: Verdict, baselineRunID: String?, labels: LabelsMode = .asLabelled,
        runID: String
    ) throws {
        try write("store criteria of run \(quoted(runID))") { db in
            try requireRun(db, runID)
            try replaceCriteria(criteria, runID: runID, labels: labels, db)
            try db.execute(
                sql: "UPDATE runs SET verdict = ?, baseline_run_id = ?, labels = ? WHERE run_id = ?",
                arguments: [verdict.rawValue, baselineRunID, labels.rawValue, runID])
            let policy = try Row.fetchOne(
                db, sql: "SELECT policy_gate, policy_sha256 FROM runs WHERE run_id = ?", arguments: [runID])
            try appendAudit(
                db, .gateDecided, runID: runID,
                payload: AuditPayloads.decided(
                    verdict: verdict, labels: labels, policyGate: try policy?.decode(atIndex: 0),
                    policySHA256: try policy?.decode(atIndex: 1), baselineRunID: baselineRunID, decisionSHA256: nil))
        }
    }

    private func replaceCriteria(_ criteria: [CriterionRecord], runID: String, labels: LabelsMode, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM criteria WHERE run_id = ? AND labels = ?", arguments: [runID, labels.rawValue])
        let statement = try BulkStatement(
            db,
            sql: """
                INSERT INTO criteria (run_id, criterion_id, position, metric, scope, severity, passed, observed,
                    threshold, message, use, baseline_value, difference, difference_ci_lower,
                    difference_ci_upper, p_value, paired_n, details_json, labels)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
                """)
        statement.bind(1, runID)
        statement.bind(19, labels.rawValue)
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
    /// decided with, the metrics and criteria of the decision's labels mode (each replaced as a
    /// whole; those of the other mode stay), the verdict, the baseline, the labels mode and the end
    /// time. The audit trail gains, in the same transaction, `run_completed` when the run was not
    /// complete before, then `gate_decided` (verdict, labels mode, policy, baseline, decision
    /// digest).
    ///
    /// All or nothing: if any part fails (or the process is killed), the run keeps its previous
    /// decision whole, or, never decided, stays not complete.
    ///
    /// - Important: Call it only after every result of the run is committed (docs/database.md).
    /// - Throws: `StoreError` with code `runNotFound`, `invalidRecord` (a metric or criterion given
    ///   twice), or `database`.
    public func storeDecision(_ decision: DecisionRecord, runID: String) throws {
        try write("store the decision of run \(quoted(runID))") { db in
            let status = try requireRun(db, runID)
            try replaceMetrics(decision.metrics, runID: runID, labels: decision.labels, db)
            try replaceCriteria(decision.criteria, runID: runID, labels: decision.labels, db)
            try db.execute(
                sql: """
                    UPDATE runs SET status = 'complete', verdict = ?, baseline_run_id = ?, finished_at = ?,
                        failure_reason = NULL, policy_gate = ?, policy_sha256 = ?, policy_text = ?,
                        bootstrap_resamples = ?, bootstrap_seed = ?, labels = ?, decision_sha256 = ?
                    WHERE run_id = ?
                    """,
                arguments: [
                    decision.verdict.rawValue, decision.baselineRunID, RFC3339Timestamp.format(decision.finishedAt),
                    decision.policy.gate, decision.policy.sha256, decision.policy.text,
                    decision.policy.bootstrapResamples, decision.policy.bootstrapSeed, decision.labels.rawValue,
                    decision.decisionSHA256, runID,
                ])
            if status != .complete {
                try appendCompletion(db, runID: runID, verdict: decision.verdict, finishedAt: decision.finishedAt)
            }
            try appendAudit(
                db, .gateDecided, runID: runID,
                payload: AuditPayloads.decided(
                    verdict: decision.verdict, labels: decision.labels, policyGate: decision.policy.gate,
                    policySHA256: decision.policy.sha256, baselineRunID: decision.baselineRunID,
                    decisionSHA256: decision.decisionSHA256))
        }
        // Best effort, as for markComplete(runID:verdict:finishedAt:).
        try? checkpoint()
    }
}
