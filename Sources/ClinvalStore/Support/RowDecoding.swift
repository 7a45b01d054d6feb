import ClinvalCore
import Foundation
import GRDB

/// Turns stored text back into typed values, with a `StoreError` (never a trap) for a value the
/// schema should have excluded, e.g. in a file edited by hand.
enum RowDecoding {
    static func enumValue<T: RawRepresentable>(_ type: T.Type, _ text: String, column: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw StoreError(.database, "unexpected value \(quoted(text)) in column \(column)")
        }
        return value
    }

    static func optionalEnum<T: RawRepresentable>(_ type: T.Type, _ text: String?, column: String) throws -> T?
    where T.RawValue == String {
        guard let text else { return nil }
        return try enumValue(type, text, column: column)
    }

    static func date(_ text: String, column: String) throws -> Date {
        guard let date = Timestamps.parse(text) else {
            throw StoreError(.database, "unexpected time \(quoted(text)) in column \(column)")
        }
        return date
    }

    /// Reads one row of a run with `body`, turning any failure into an `unreadableRecord` error
    /// that names the run and the row (e.g. `criterion "top3"`), and never the row's values.
    static func reading<T>(runID: String, _ row: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw unreadable(runID: runID, row(), StoreError.describe(error))
        }
    }

    /// The scope a `scope` column names.
    ///
    /// - Throws: ``ScopeSyntaxError`` saying the scope cannot be read, and why.
    static func scope(_ text: String) throws -> Scope {
        switch Scope.parse(text) {
        case .success(let scope): return scope
        case .failure(let error): throw ScopeSyntaxError("the scope cannot be read: \(error.message)")
        }
    }

    /// The error for a row of a run that cannot be read.
    static func unreadable(runID: String, _ row: String, _ problem: String) -> StoreError {
        StoreError(.unreadableRecord, "run \(quoted(runID)): \(row): \(problem)")
    }

    /// The text of column `index`, for naming a row in an error (nil when it is not text).
    static func label(_ row: Row, _ index: Int) -> String {
        ((try? row.decode(String?.self, atIndex: index)) ?? nil).map { quoted($0) } ?? "?"
    }

    /// `bank/vignette` from columns `bank` and `vignette`, quoted, for naming a row in an error.
    static func keyLabel(_ row: Row, _ bank: Int, _ vignette: Int) -> String {
        let text = { (index: Int) in ((try? row.decode(String?.self, atIndex: index)) ?? nil) ?? "?" }
        return quoted(text(bank) + "/" + text(vignette))
    }

    /// A run from a `SELECT * FROM runs` row.
    static func run(_ row: Row) throws -> RunRecord {
        let shardIndex: Int? = try row.decode(forColumn: "shard_index")
        let shardCount: Int? = try row.decode(forColumn: "shard_count")
        let finished: String? = try row.decode(forColumn: "finished_at")
        return RunRecord(
            runID: try row.decode(forColumn: "run_id"),
            status: try enumValue(RunStatus.self, try row.decode(forColumn: "status"), column: "runs.status"),
            verdict: try optionalEnum(Verdict.self, try row.decode(forColumn: "verdict"), column: "runs.verdict"),
            model: ModelIdentity(
                name: try row.decode(forColumn: "model_name"),
                version: try row.decode(forColumn: "model_version"),
                kind: try row.decode(forColumn: "model_kind"),
                sha256: try row.decode(forColumn: "model_sha256")),
            policySHA256: try row.decode(forColumn: "policy_sha256"),
            policyGate: try row.decode(forColumn: "policy_gate"),
            policyText: try row.decode(forColumn: "policy_text"),
            baselineRunID: try row.decode(forColumn: "baseline_run_id"),
            toolVersion: try row.decode(forColumn: "tool_version"),
            gitCommit: try row.decode(forColumn: "git_commit"),
            startedAt: try date(try row.decode(forColumn: "started_at"), column: "runs.started_at"),
            finishedAt: try finished.map { try date($0, column: "runs.finished_at") },
            jobs: try row.decode(forColumn: "jobs"),
            // The schema's CHECK keeps 1 ≤ shard_index ≤ shard_count, both set or both null.
            shard: shardIndex.flatMap { index in shardCount.flatMap { Shard(index: index, count: $0) } },
            seed: try row.decode(forColumn: "seed"),
            bootstrapResamples: try row.decode(forColumn: "bootstrap_resamples"),
            bootstrapSeed: try row.decode(forColumn: "bootstrap_seed"),
            failureReason: try row.decode(forColumn: "failure_reason"),
            settingsJSON: try row.decode(forColumn: "settings_json"),
            labels: try enumValue(LabelsMode.self, try row.decode(forColumn: "labels"), column: "runs.labels"),
            decisionSHA256: try row.decode(forColumn: "decision_sha256"))
    }

    /// A bank from a `SELECT * FROM run_casebanks` row.
    static func casebank(_ row: Row) throws -> CasebankIdentity {
        CasebankIdentity(
            id: try row.decode(forColumn: "casebank_id"),
            version: try row.decode(forColumn: "casebank_version"),
            sha256: try row.decode(forColumn: "casebank_sha256"),
            vignettes: try row.decode(forColumn: "vignettes"),
            title: try row.decode(forColumn: "title"),
            source: try row.decode(forColumn: "source"))
    }
}
