import ClinvalCore
import Foundation
import GRDB
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

/// Migration `v4` on a database an earlier clinval wrote: it opens, upgrades, and keeps its rows.
@Suite struct StoreMigrationsTests {
    /// A database at migration `v3`, made with the migrations' own SQL, holding a decided run.
    static func versionThreeDatabase(in folder: TemporaryDirectory) throws -> String {
        let path = folder.file("v3.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for migration in StoreMigrations.all.prefix(3) {
                try db.execute(sql: migration.sql)
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
            }
            try db.execute(
                sql: """
                    INSERT INTO runs (run_id, status, verdict, model_name, model_version, model_kind, model_sha256,
                        policy_sha256, policy_gate, policy_text, tool_version, started_at, finished_at, jobs)
                    VALUES ('old', 'complete', 'fail', 'm', '1', 'noisy-or', '\(StoreFixtures.hex("a"))',
                        '\(StoreFixtures.hex("c"))', 'release', 'gate: release', '0.1.0', '2026-11-01T10:00:00Z',
                        '2026-11-01T10:05:00Z', 2);
                    INSERT INTO run_casebanks (run_id, casebank_id, casebank_version, casebank_sha256, vignettes)
                    VALUES ('old', 'common', '1', '\(StoreFixtures.hex("d"))', 1);
                    INSERT INTO metrics (run_id, scope, metric, position, value, ci_lower, ci_upper, ci_upper_exact, n)
                    VALUES ('old', 'all', 'top3_accuracy', 0, 0.5, 0.1, 0.9, NULL, 2),
                        ('old', 'casebank:common', 'top3_accuracy', 1, 0.5, 0.1, 0.9, NULL, 2);
                    INSERT INTO criteria (run_id, criterion_id, position, metric, scope, severity, passed, observed,
                        threshold, message, use, details_json)
                    VALUES ('old', 'top3', 0, 'top3_accuracy', 'all', 'blocking', 0, 0.1, 0.8, 'Too low.', 'ci_lower',
                        '{"outcome":"not_met"}');
                    """)
        }
        try queue.close()
        return path
    }

    @Test func aVersionThreeDatabaseIsUpgradedKeepingItsRunsMetricsAndCriteria() throws {
        let folder = TemporaryDirectory()
        let path = try Self.versionThreeDatabase(in: folder)
        let store = try ResultStore(path: path, actor: "a@b", now: { StoreFixtures.auditTime })

        let run = try #require(try store.run(id: "old"))
        #expect(run.verdict == .fail)
        #expect(run.labels == .asLabelled)
        #expect(try store.metrics(runID: "old").map(\.scope.description) == ["all", "casebank:common"])
        #expect(try store.metrics(runID: "old", labels: .adjudicated).isEmpty)
        let criteria = try store.criteria(runID: "old")
        #expect(criteria.map(\.criterionID) == ["top3"])
        #expect(criteria.first?.detailsJSON == #"{"outcome":"not_met"}"#)
        #expect(try store.verifyAudit() == .intact(count: 0, head: nil))

        let (migrations, labels, keys, triggers, foreignKeyProblems) = try DatabaseQueue(path: path).read { db in
            (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
                try String.fetchAll(db, sql: "SELECT DISTINCT labels FROM metrics UNION SELECT labels FROM criteria"),
                try String.fetchAll(
                    db, sql: "SELECT name FROM pragma_table_info('metrics') WHERE pk > 0 ORDER BY pk"),
                try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name"),
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
            )
        }
        #expect(migrations == ["v1", "v2", "v3", "v4", "v5"])
        #expect(labels == ["as-labelled"])
        #expect(keys == ["run_id", "labels", "scope", "metric"])
        #expect(triggers == ["audit_log_extends_head", "audit_log_no_delete", "audit_log_no_update"])
        #expect(foreignKeyProblems == 0)
        // The upgraded run can be decided again, in either mode, and its first entry starts the chain.
        var decision = ResultStoreTests.decision(verdict: .pass)
        decision.labels = .adjudicated
        try store.storeDecision(decision, runID: "old")
        #expect(try store.metrics(runID: "old").count == 2)
        #expect(try store.auditEntries().map(\.action) == [.gateDecided])
        #expect(try store.auditEntries().first?.prevSHA256 == AuditEntry.genesis)
        // Deleting the run still deletes its metrics and criteria.
        try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.foreignKeysEnabled = true; return c }())
            .write { db in try db.execute(sql: "DELETE FROM runs WHERE run_id = 'old'") }
        #expect(try store.metrics(runID: "old", labels: .adjudicated).isEmpty)
        #expect(try store.criteria(runID: "old").isEmpty)
    }

    @Test func theReviewTablesCheckTheirValues() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        let queue = try DatabaseQueue(path: store.path)
        let hex = StoreFixtures.hex("4")
        for sql in [
            "INSERT INTO adjudications (casebank_id, vignette_id, vignette_digest, run_id, conclusion, reviewer, created_at) VALUES ('b', 'v', '\(hex)', 'run-1', 'wrong', 'r', 't')",
            "INSERT INTO adjudications (casebank_id, vignette_id, vignette_digest, run_id, conclusion, reviewer, created_at, triage_lo) VALUES ('b', 'v', '\(hex)', 'run-1', 'unclear', 'r', 't', 'urgent')",
            "INSERT INTO signatures (run_id, name, role, meaning, decision_sha256, signed_at) VALUES ('run-1', 'n', 'r', 'liked', '\(hex)', 't')",
            "INSERT INTO signatures (run_id, name, role, meaning, decision_sha256, signed_at) VALUES ('run-1', 'n', 'r', 'approved', 'short', 't')",
            "INSERT INTO waivers (model_name, model_version, model_sha256, casebanks_sha256, policy_sha256, criterion_id, run_id, observed_at_grant, approver, role, reason, expires_on, granted_at) VALUES ('m', '1', '\(hex)', '\(hex)', '\(hex)', 'c', 'run-1', 0.1, 'a', 'r', 'why', '31/01/2027', 't')",
            "INSERT INTO metrics (run_id, scope, metric, position, n, labels) VALUES ('run-1', 'all', 'm', 0, 1, 'other')",
        ] {
            #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { try $0.execute(sql: sql) } }
        }
    }
}
