import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

/// `scripts/verify_audit.py`, the independent verifier, agrees with ``ResultStore/verifyAudit()``
/// on an intact chain and on chains tampered with by the sqlite3 tool; with its triggers in place
/// the database refuses the tampering.
@Suite struct VerifyAuditScriptTests {
    /// A database whose trail holds every kind of entry the store appends for review: a run, an
    /// adjudication, a waiver, a decision and a signature on it (eight entries).
    static func chain(in folder: TemporaryDirectory, _ name: String = "clinval.sqlite") throws -> String {
        var store = try StoreFixtures.storeWithRun(in: folder, name: name)
        store.actor = "Dr Zoë Okafor (zokafor@ward-7)"
        store.now = { StoreFixtures.auditTime }
        try store.recordAdjudication(ResultStoreReviewTests.adjudication())
        try store.recordWaiver(ResultStoreReviewTests.waiver())
        // A signature signs the run's current decision.
        var decision = ResultStoreTests.decision()
        decision.decisionSHA256 = StoreFixtures.hex("9")
        try store.storeDecision(decision, runID: "run-1")
        try store.recordSignature(
            Signature(
                runID: "run-1", name: "Dr Ola Berg", role: "clinical-safety-officer", meaning: .approved,
                decisionSHA256: StoreFixtures.hex("9"), comment: "tab\there", signedAt: StoreFixtures.auditTime))
        try store.markFailed(runID: "run-1", reason: "stopped", finishedAt: StoreFixtures.start)
        _ = try store.resumeRun(id: "run-1", model: StoreFixtures.model, casebanks: StoreFixtures.banks, shard: nil)
        try store.checkpoint()
        return store.path
    }

    /// What both verifiers say of a database; they must agree.
    static func verdicts(_ path: String) throws -> (store: AuditVerification, script: (status: Int32, line: String)) {
        let store = try ResultStore(path: path).verifyAudit()
        let script = try StoreFixtures.verifyScript(path)
        #expect(script.line == store.description, "the script and the store disagree on \(path)")
        #expect(script.status == (store.isIntact ? 0 : 1))
        return (store, script)
    }

    @Test func bothVerifiersFindAnIntactChainWithTheSameHead() throws {
        let folder = TemporaryDirectory()
        let path = try Self.chain(in: folder)
        let head = try ResultStore(path: path).auditHead()
        let (store, script) = try Self.verdicts(path)
        #expect(store == .intact(count: 8, head: head))
        #expect(script.line == "intact: 8 entries, head \(head ?? "?")")
    }

    @Test func withItsTriggersTheDatabaseRefusesToEditOrDeleteAnEntry() throws {
        let folder = TemporaryDirectory()
        let path = try Self.chain(in: folder)
        for sql in ["UPDATE audit_log SET payload_json = '{}' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 2"] {
            let result = try StoreFixtures.sqlite(path, sql)
            #expect(result.status != 0)
            #expect(result.stderr.contains("audit_log is append-only"), "\(result.stderr)")
        }
        #expect(try Self.verdicts(path).store == .intact(count: 8, head: try ResultStore(path: path).auditHead()))
    }

    @Test(arguments: [
        // An edited payload, then an edited actor.
        ("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET payload_json = '{\"verdict\":\"pass\"}' WHERE seq = 6",
         AuditVerification.broken(seq: 6, problem: .digestMismatch)),
        ("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone else' WHERE seq = 2",
         .broken(seq: 2, problem: .digestMismatch)),
        // A removed entry.
        ("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3", .broken(seq: 4, problem: .gap)),
        ("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 1", .broken(seq: 2, problem: .gap)),
        // A forged entry at the end: a made-up digest, or a link to nothing.
        ("""
         DROP TRIGGER audit_log_extends_head;
         INSERT INTO audit_log (seq, at, actor, action, run_id, payload_json, prev_sha256, sha256)
         SELECT 9, '2026-12-03T00:00:00Z', 'forger', 'signature', 'run-1', '{}', sha256, '\(StoreFixtures.hex("f"))'
         FROM audit_log WHERE seq = 8
         """, .broken(seq: 9, problem: .digestMismatch)),
        ("""
         DROP TRIGGER audit_log_extends_head;
         INSERT INTO audit_log (seq, at, actor, action, run_id, payload_json, prev_sha256, sha256)
         VALUES (9, '2026-12-03T00:00:00Z', 'forger', 'signature', 'run-1', '{}', '\(StoreFixtures.hex("1"))',
             '\(StoreFixtures.hex("f"))')
         """, .broken(seq: 9, problem: .brokenLink)),
    ])
    func bothVerifiersFindTheFirstBadEntryOfATamperedChain(sql: String, expected: AuditVerification) throws {
        let folder = TemporaryDirectory()
        let path = try Self.chain(in: folder)
        let result = try StoreFixtures.sqlite(path, sql)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.verdicts(path).store == expected)
    }

    @Test func anEditedEntryGivenItsNewDigestBreaksTheLinkOfTheNextOne() throws {
        let folder = TemporaryDirectory()
        let path = try Self.chain(in: folder)
        let second = try #require(try ResultStore(path: path).auditEntries().dropFirst().first)
        var forged = second
        forged.actor = "someone else"
        let digest = forged.computedSHA256
        let result = try StoreFixtures.sqlite(
            path,
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone else', sha256 = '\(digest)' WHERE seq = 2")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.verdicts(path).store == .broken(seq: 3, problem: .brokenLink))
    }
}
