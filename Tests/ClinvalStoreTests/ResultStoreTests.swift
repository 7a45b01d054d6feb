import ClinvalCore
import Foundation
import GRDB
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

@Suite struct ResultStoreTests {
    @Test func openingCreatesTheSchemaInWALMode() throws {
        let folder = TemporaryDirectory()
        let store = try ResultStore(path: folder.file("clinval.sqlite"))
        let queue = try DatabaseQueue(path: store.path)
        let (tables, journal) = try queue.read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode")
            )
        }
        #expect(
            tables == [
                "adjudications", "audit_log", "criteria", "differentials", "grdb_migrations", "metrics", "results",
                "run_casebanks", "runs", "signatures", "sqlite_sequence", "users", "vignettes", "waivers",
            ])
        #expect(journal == "wal")
    }

    @Test func openingTwiceKeepsTheData() throws {
        let folder = TemporaryDirectory()
        _ = try StoreFixtures.storeWithRun(in: folder)
        let reopened = try ResultStore(path: folder.file("clinval.sqlite"))
        #expect(try reopened.run(id: "run-1") == StoreFixtures.run())
    }

    @Test func openingInAMissingFolderNamesTheFolder() throws {
        let folder = TemporaryDirectory()
        let path = folder.file("missing/clinval.sqlite")
        let error = #expect(throws: StoreError.self) { try ResultStore(path: path) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.description == "\(path): cannot open database: folder \"\(folder.file("missing"))\" does not exist")
    }

    @Test func openingAFileThatIsNotSQLiteSaysSo() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("clinval.sqlite", String(repeating: "not a database\n", count: 100))
        let error = #expect(throws: StoreError.self) { try ResultStore(path: path) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.description == "\(path): cannot open database: not an SQLite database")
    }

    @Test func openingADatabaseOfANewerVersionIsRefused() throws {
        let folder = TemporaryDirectory()
        let path = folder.file("clinval.sqlite")
        _ = try ResultStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        let error = #expect(throws: StoreError.self) { try ResultStore(path: path) }
        #expect(error?.code == .newerSchema)
    }

    @Test func beginRunStoresTheRunAndItsBanks() throws {
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        #expect(try store.run(id: "run-1") == StoreFixtures.run())
        #expect(try store.casebanks(runID: "run-1") == StoreFixtures.banks)
    }

    @Test func beginRunRefusesATakenID() throws {
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        let error = #expect(throws: StoreError.self) {
            try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        }
        #expect(error?.code == .runExists)
        #expect(
            error?.description
                == ":memory:: a run with id \"run-1\" exists already; choose another --run-id or use --resume")
    }

    @Test func timesAreStoredAsRFC3339UTCText() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        try store.markComplete(runID: "run-1", verdict: .pass, finishedAt: StoreFixtures.start.addingTimeInterval(61.75))
        let queue = try DatabaseQueue(path: store.path)
        let row = try queue.read { db in try Row.fetchOne(db, sql: "SELECT started_at, finished_at FROM runs") }
        #expect(row?["started_at"] == "2026-11-18T11:06:40Z")
        #expect(row?["finished_at"] == "2026-11-18T11:07:41Z")
    }

    @Test func vignettesRoundTrip() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        #expect(try store.vignettes(runID: "run-1") == StoreFixtures.keys.map(StoreFixtures.vignette))
    }

    @Test func storingAVignetteAgainReplacesIt() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        var changed = StoreFixtures.vignette(StoreFixtures.keys[0])
        changed.tags = ["changed"]
        try store.storeVignettes([changed], runID: "run-1")
        let stored = try store.vignettes(runID: "run-1")
        #expect(stored.count == 5)
        #expect(stored.first == changed)
    }

    @Test func aVignetteOfAnUnknownBankIsRefused() throws {
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        let stray = StoreFixtures.vignette(VignetteKey(casebankID: "other", vignetteID: "o-1"))
        let error = #expect(throws: StoreError.self) { try store.storeVignettes([stray], runID: "run-1") }
        #expect(error?.code == .invalidRecord)
        #expect(
            error?.description
                == ":memory:: vignette \"other/o-1\" names bank \"other\", which run \"run-1\" does not have")
    }

    @Test func theSchemaRejectsUnknownStatusesAndTriageLevels() throws {
        // Given: a run with its vignettes' gold labels.
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        let queue = try DatabaseQueue(path: store.path)
        // When: an outside writer inserts a result (rolled back), is it accepted?
        func accepted(status: String, triage: String?) -> Bool {
            do {
                try queue.inTransaction { db in
                    try db.execute(
                        sql: """
                            INSERT INTO results (run_id, casebank_id, vignette_id, status, triage, approximate, unknown_codes)
                            VALUES ('run-1', 'common', 'c-1', ?, ?, 0, 0)
                            """,
                        arguments: [status, triage])
                    return .rollback
                }
                return true
            } catch {
                return false
            }
        }
        // Then: only the documented values are.
        #expect(accepted(status: "timeout", triage: nil))
        #expect(accepted(status: "ok", triage: "self_care"))
        #expect(!accepted(status: "okay", triage: nil))
        #expect(!accepted(status: "ok", triage: "urgnt"))
    }

    @Test func resultsWithDifferentialsRoundTrip() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        var results = StoreFixtures.keys.map { StoreFixtures.result($0) }
        results[1] = ResultRecord(
            casebankID: "common", vignetteID: "c-2", status: .timeout, error: "no answer within 5 s", latencyMS: 5000)
        results[2].approximation = Approximation(method: "likelihood-weighting", samples: 20_000)
        results[2].goldRank = nil
        results[3].differential = []
        try store.commit(results: results, runID: "run-1")
        #expect(try store.results(runID: "run-1") == results)
    }

    @Test func eachBatchIsCommittedOnItsOwn() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        let results = StoreFixtures.keys.map { StoreFixtures.result($0) }
        try store.commit(results: Array(results[0..<2]), runID: "run-1")
        // A batch that fails half-way (its last result repeats a committed one) leaves nothing behind.
        let error = #expect(throws: StoreError.self) {
            try store.commit(results: Array(results[2..<4]) + [results[0]], runID: "run-1")
        }
        #expect(error?.description == "\(store.path): vignette \"common/c-1\" has a result in run \"run-1\" already")
        #expect(try store.results(runID: "run-1") == Array(results[0..<2]))
    }

    @Test func vignettesAndTheirResultsAreCommittedTogether() throws {
        let folder = TemporaryDirectory()
        let store = try ResultStore(path: folder.file("clinval.sqlite"))
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        let vignettes = StoreFixtures.keys.map(StoreFixtures.vignette)
        let results = StoreFixtures.keys.map { StoreFixtures.result($0) }
        try store.commit(vignettes: Array(vignettes[0..<2]), results: Array(results[0..<2]), runID: "run-1")
        // A batch whose last result repeats a committed one leaves neither its vignettes nor its
        // results behind.
        let error = #expect(throws: StoreError.self) {
            try store.commit(
                vignettes: Array(vignettes[2..<4]), results: Array(results[2..<4]) + [results[0]], runID: "run-1")
        }
        #expect(error?.code == .invalidRecord)
        #expect(try store.vignettes(runID: "run-1") == Array(vignettes[0..<2]))
        #expect(try store.results(runID: "run-1") == Array(results[0..<2]))
        try store.commit(vignettes: Array(vignettes[2...]), results: Array(results[2...]), runID: "run-1")
        #expect(try store.vignettes(runID: "run-1") == vignettes)
        #expect(try store.results(runID: "run-1") == results)
    }

    @Test func aResultForAVignetteWithoutGoldLabelsIsRefused() throws {
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        let error = #expect(throws: StoreError.self) {
            try store.commit(results: [StoreFixtures.result(StoreFixtures.keys[0])], runID: "run-1")
        }
        #expect(
            error?.description
                == ":memory:: result for vignette \"common/c-1\", whose gold labels are not stored in run \"run-1\"")
    }

    @Test func longDifferentialsRoundTripAcrossStatementGroups() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        let results = [37, 16, 17, 1].enumerated().map { index, entries in
            StoreFixtures.result(StoreFixtures.keys[index], entries: entries)
        }
        try store.commit(results: results, runID: "run-1")
        #expect(try store.results(runID: "run-1") == results)
    }

    @Test func sqliteErrorsNameTheFileAndActionButNoValues() throws {
        let store = try ResultStore.inMemory()
        var run = StoreFixtures.run()
        run.jobs = 0
        let error = #expect(throws: StoreError.self) { try store.beginRun(run, casebanks: []) }
        #expect(error?.code == .database)
        #expect(
            error?.description
                == ":memory:: cannot record run \"run-1\": sqlite error 275: CHECK constraint failed: jobs >= 1")
    }

    @Test func deletingARunDeletesAllOfIt() throws {
        // Given: a complete run with results, differentials, metrics and criteria.
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        try store.commit(results: StoreFixtures.keys.map { StoreFixtures.result($0) }, runID: "run-1")
        try store.storeMetrics([MetricValue(scope: .all, metric: "n", value: 5, n: 5)], runID: "run-1")
        // When: an analyst deletes the run's row.
        let queue = try DatabaseQueue(path: store.path)
        let counts = try queue.write { db in
            try db.execute(sql: "DELETE FROM runs WHERE run_id = 'run-1'")
            return try ["run_casebanks", "vignettes", "results", "differentials", "metrics"].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1
            }
        }
        // Then
        #expect(counts == [0, 0, 0, 0, 0])
    }

    @Test func resultsOfAnUnknownRunAreRefused() throws {
        let store = try ResultStore.inMemory()
        let error = #expect(throws: StoreError.self) {
            try store.commit(results: [StoreFixtures.result(StoreFixtures.keys[0])], runID: "nope")
        }
        #expect(error?.description == ":memory:: no run with id \"nope\"")
    }

    @Test func resultsOfACompleteRunAreRefused() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        try store.markComplete(runID: "run-1", verdict: .pass, finishedAt: StoreFixtures.start)
        let error = #expect(throws: StoreError.self) {
            try store.commit(results: [StoreFixtures.result(StoreFixtures.keys[0])], runID: "run-1")
        }
        #expect(error?.code == .runNotResumable)
    }

    @Test func metricsAreReplacedAndKeepTheirOrder() throws {
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        try store.storeMetrics([MetricValue(scope: .all, metric: "n", value: 5, n: 5)], runID: "run-1")
        let metrics = [
            MetricValue(scope: .all, metric: "top3_accuracy", value: 0.8, ciLower: 0.37, ciUpper: 0.96, n: 5),
            MetricValue(
                scope: .all, metric: "emergency_undertriage_rate", value: 0, ciLower: 0, ciUpper: 0.56,
                ciUpperExact: 0.45, n: 3),
            MetricValue(scope: .tag("rash"), metric: "ece", value: nil, n: 0),
        ]
        try store.storeMetrics(metrics, runID: "run-1")
        #expect(try store.metrics(runID: "run-1") == metrics)
    }

    @Test func criteriaAreReplacedWithTheirVerdict() throws {
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        let first = [
            CriterionRecord(
                criterionID: "top3", metric: "top3_accuracy", scope: "all", severity: .blocking, passed: false,
                observed: 0.37, threshold: 0.8, message: "Top-3 accuracy was too low.", use: "ci_lower")
        ]
        try store.storeCriteria(first, verdict: .fail, baselineRunID: nil, runID: "run-1")
        let second = [
            CriterionRecord(
                criterionID: "no-regression-top1", metric: "top1_accuracy", scope: "all", severity: .blocking,
                passed: true, observed: -0.01, threshold: -0.02, message: "No regression.", use: "point",
                baseline: BaselineFigures(
                    runID: nil, baselineValue: 0.6, difference: 0.01, differenceCILower: -0.01, differenceCIUpper: 0.03,
                    pValue: 0.5, pairedN: 5)),
            CriterionRecord(
                criterionID: "calibration", metric: "ece", scope: "all", severity: .warning, passed: false,
                observed: 0.1, threshold: 0.08, message: "Calibration error was high.", use: "point"),
        ]
        try store.storeCriteria(second, verdict: .pass, baselineRunID: "run-0", runID: "run-1")
        #expect(try store.criteria(runID: "run-1") == second)
        let run = try #require(try store.run(id: "run-1"))
        #expect(run.verdict == .pass)
        #expect(run.baselineRunID == "run-0")
    }

    @Test func markCompleteSetsStatusVerdictAndEndTime() throws {
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        let end = StoreFixtures.start.addingTimeInterval(90)
        try store.markComplete(runID: "run-1", verdict: .fail, finishedAt: end)
        let run = try #require(try store.run(id: "run-1"))
        #expect(run.status == .complete)
        #expect(run.verdict == .fail)
        #expect(run.finishedAt == end)
    }

    @Test func aFinishedRunIsWholeInTheDatabaseFileAloneWhileTheStoreIsOpen() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        try store.commit(results: StoreFixtures.keys.map { StoreFixtures.result($0) }, runID: "run-1")
        try store.markComplete(runID: "run-1", verdict: .pass, finishedAt: Date())
        // Copy the file alone, as an artifact upload does, with the store still open.
        let copy = folder.file("copy.sqlite")
        try FileManager.default.copyItem(atPath: store.path, toPath: copy)
        let copied = try ResultStore(path: copy)
        #expect(try copied.run(id: "run-1")?.status == .complete)
        #expect(try copied.results(runID: "run-1").count == StoreFixtures.keys.count)
    }

    @Test func markFailedKeepsTheReason() throws {
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        try store.markFailed(runID: "run-1", reason: "model unreachable", finishedAt: StoreFixtures.start)
        let run = try #require(try store.run(id: "run-1"))
        #expect(run.status == .failed)
        #expect(run.failureReason == "model unreachable")
    }

    @Test func integrityCheckOfASoundDatabaseFindsNothing() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        try store.commit(results: StoreFixtures.keys.map { StoreFixtures.result($0) }, runID: "run-1")
        #expect(try store.integrityCheck() == [])
    }

    static func decision(
        gate: String = "strict", verdict: Verdict = .fail, metrics: [MetricValue]? = nil,
        criteria: [CriterionRecord]? = nil
    ) -> DecisionRecord {
        DecisionRecord(
            policy: DecisionRecord.Policy(
                gate: gate, sha256: StoreFixtures.hex("b"), text: "gate: \(gate)\n", bootstrapResamples: 100,
                bootstrapSeed: 3),
            metrics: metrics ?? [
                MetricValue(scope: .all, metric: "top3_accuracy", value: 0.8, ciLower: 0.37, ciUpper: 0.96, n: 5)
            ],
            criteria: criteria ?? [
                CriterionRecord(
                    criterionID: "top3", metric: "top3_accuracy", scope: "all", severity: .blocking, passed: false,
                    observed: 0.37, threshold: 0.8, message: "Top-3 accuracy was too low.", use: "ci_lower",
                    detailsJSON: #"{"outcome":"not_met"}"#)
            ],
            verdict: verdict, baselineRunID: "run-0", finishedAt: StoreFixtures.start.addingTimeInterval(120))
    }

    @Test func thePolicyTextIsStoredWithTheRunAndReplacedWithEachDecision() throws {
        let folder = TemporaryDirectory()
        var run = StoreFixtures.run()
        run.policyText = "gate: release\ncriteria: []  # \"quoted\", ünïcode\n"
        let store = try ResultStore(path: folder.file("clinval.sqlite"))
        try store.beginRun(run, casebanks: StoreFixtures.banks)
        #expect(try store.run(id: "run-1") == run)
        try store.storeDecision(Self.decision(), runID: "run-1")
        let stored = try #require(try store.run(id: "run-1"))
        #expect(stored.policyText == "gate: strict\n")
        #expect(stored.policyGate == "strict")
        #expect(stored.policySHA256 == StoreFixtures.hex("b"))
    }

    @Test func aDecisionIsStoredWholeAndCompletesTheRun() throws {
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        let decision = Self.decision()
        try store.storeDecision(decision, runID: "run-1")
        #expect(try store.metrics(runID: "run-1") == decision.metrics)
        #expect(try store.criteria(runID: "run-1") == decision.criteria)
        let run = try #require(try store.run(id: "run-1"))
        #expect(run.status == .complete)
        #expect(run.verdict == .fail)
        #expect(run.baselineRunID == "run-0")
        #expect(run.finishedAt == decision.finishedAt)
        #expect(run.failureReason == nil)
        #expect([run.bootstrapResamples, run.bootstrapSeed] == [100, 3])
    }

    @Test func aDecisionThatFailsPartWayLeavesThePreviousOneWhole() throws {
        // Given: a run decided once (passed, complete).
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        let first = Self.decision(gate: "release", verdict: .pass)
        try store.storeDecision(first, runID: "run-1")
        let before = try #require(try store.run(id: "run-1"))
        // When: a second decision fails at its criteria, after its policy and metrics.
        let criterion = try #require(Self.decision().criteria.first)
        let second = Self.decision(
            metrics: [MetricValue(scope: .all, metric: "ece", value: 0.5, n: 5)], criteria: [criterion, criterion])
        let error = #expect(throws: StoreError.self) { try store.storeDecision(second, runID: "run-1") }
        #expect(error?.description == ":memory:: criterion \"top3\" is given twice")
        // Then: nothing of it is stored.
        #expect(try store.run(id: "run-1") == before)
        #expect(try store.metrics(runID: "run-1") == first.metrics)
        #expect(try store.criteria(runID: "run-1") == first.criteria)
    }

    @Test func aFirstDecisionThatFailsLeavesTheRunNotComplete() throws {
        let store = try ResultStore.inMemory()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        let metric = MetricValue(scope: .all, metric: "ece", value: 0.5, n: 5)
        let error = #expect(throws: StoreError.self) {
            try store.storeDecision(Self.decision(metrics: [metric, metric]), runID: "run-1")
        }
        #expect(error?.code == .invalidRecord)
        #expect(try store.run(id: "run-1") == StoreFixtures.run())
        #expect(try store.metrics(runID: "run-1").isEmpty)
        #expect(try store.criteria(runID: "run-1").isEmpty)
    }

    @Test func aDatabaseOfTheSchemaBeforeThePolicyTextIsUpgradedAndKeepsItsRuns() throws {
        // Given: a database as clinval wrote it at migration v2 (no runs.policy_text).
        let folder = TemporaryDirectory()
        let path = folder.file("clinval.sqlite")
        _ = try StoreFixtures.storeWithRun(in: folder)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "ALTER TABLE runs DROP COLUMN policy_text")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3'")
        }
        try queue.close()
        // When: this clinval opens it.
        let store = try ResultStore(path: path)
        // Then: it is migrated, and the run reads as before, without a policy text.
        #expect(try store.run(id: "run-1") == StoreFixtures.run())
        #expect(try store.vignettes(runID: "run-1").count == 5)
        let migrations = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(migrations == ["v1", "v2", "v3", "v4", "v5"])
    }
}
