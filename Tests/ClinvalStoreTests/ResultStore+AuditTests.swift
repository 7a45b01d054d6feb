import ClinvalCore
import Foundation
import GRDB
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

/// The audit trail: every state-changing operation appends exactly its entry, in its own
/// transaction, and the chain verifies.
@Suite struct ResultStoreAuditTests {
    static let actor = "Dr A. Jones (ajones@ward-7)"

    static func store() throws -> ResultStore {
        try ResultStore.inMemory(actor: actor, now: { StoreFixtures.auditTime })
    }

    @Test func eachRunOperationAppendsItsEntryNamingTheActorAndTheStoresClock() throws {
        let store = try Self.store()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        #expect(try StoreFixtures.actions(store) == [.runStarted])
        try store.markFailed(runID: "run-1", reason: "the model cannot be reached", finishedAt: StoreFixtures.start)
        #expect(try StoreFixtures.actions(store) == [.runStarted, .runFailed])
        _ = try store.resumeRun(id: "run-1", model: StoreFixtures.model, casebanks: StoreFixtures.banks, shard: nil)
        #expect(try StoreFixtures.actions(store) == [.runStarted, .runFailed, .runStarted])
        try store.storeDecision(ResultStoreTests.decision(), runID: "run-1")
        #expect(try StoreFixtures.actions(store) == [.runStarted, .runFailed, .runStarted, .runCompleted, .gateDecided])
        // Deciding a complete run again is a decision only.
        try store.storeDecision(ResultStoreTests.decision(verdict: .pass), runID: "run-1")
        try store.beginRun(StoreFixtures.run("shard-run", shard: Shard(index: 1, count: 2)), casebanks: StoreFixtures.banks)
        try store.markComplete(runID: "shard-run", verdict: nil, finishedAt: StoreFixtures.start)

        let entries = try store.auditEntries()
        #expect(
            entries.map(\.action) == [
                .runStarted, .runFailed, .runStarted, .runCompleted, .gateDecided, .gateDecided, .runStarted,
                .runCompleted,
            ])
        #expect(entries.map(\.seq) == Array(1...8))
        #expect(entries.allSatisfy { $0.actor == Self.actor && $0.at == "2026-12-02T10:15:00Z" })
        #expect(entries.map(\.runID) == Array(repeating: "run-1", count: 6) + ["shard-run", "shard-run"])
        #expect(try store.auditEntries(runID: "shard-run").map(\.seq) == [7, 8])
        let started = try StoreFixtures.payload(entries[0])
        #expect((started["model"] as? [String: Any])?["sha256"] as? String == StoreFixtures.hex("a"))
        #expect((started["casebanks"] as? [[String: Any]])?.map { $0["id"] as? String } == ["common", "red-flags"])
        #expect(try StoreFixtures.payload(entries[1])["reason"] as? String == "the model cannot be reached")
        #expect(try StoreFixtures.payload(entries[2])["resumed"] as? Bool == true)
        #expect(try StoreFixtures.payload(entries[3])["verdict"] as? String == "fail")
        #expect(try StoreFixtures.payload(entries[7])["results"] as? Int == 0)
    }

    @Test func aGateDecisionRecordsItsVerdictLabelsPolicyAndDigest() throws {
        let store = try Self.store()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        var decision = ResultStoreTests.decision(verdict: .pass)
        decision.labels = .adjudicated
        decision.decisionSHA256 = StoreFixtures.hex("9")
        try store.storeDecision(decision, runID: "run-1")
        let entry = try #require(try store.auditEntries().last)
        #expect(entry.action == .gateDecided)
        #expect(
            entry.payloadJSON
                == #"{"baseline_run_id":"run-0","decision_sha256":"\#(StoreFixtures.hex("9"))","labels":"adjudicated","policy_gate":"strict","policy_sha256":"\#(StoreFixtures.hex("b"))","verdict":"pass"}"#
        )
        // Without a digest, the payload has none.
        try store.storeDecision(ResultStoreTests.decision(), runID: "run-1")
        #expect(try StoreFixtures.payload(try #require(try store.auditEntries().last))["decision_sha256"] == nil)
    }

    @Test func aFailingWriteAppendsNothing() throws {
        let store = try Self.store()
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        try store.storeVignettes(StoreFixtures.keys.map(StoreFixtures.vignette), runID: "run-1")
        let before = try store.auditEntries()

        #expect(throws: StoreError.self) { try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks) }
        let criterion = try #require(ResultStoreTests.decision().criteria.first)
        #expect(throws: StoreError.self) {
            try store.storeDecision(ResultStoreTests.decision(criteria: [criterion, criterion]), runID: "run-1")
        }
        #expect(throws: StoreError.self) {
            try store.markFailed(runID: "no-such-run", reason: "x", finishedAt: StoreFixtures.start)
        }
        #expect(throws: StoreError.self) {
            try store.recordAdjudication(
                ResultStoreReviewTests.adjudication(VignetteKey(casebankID: "common", vignetteID: "c-9")))
        }
        #expect(throws: StoreError.self) {
            var waiver = ResultStoreReviewTests.waiver()
            waiver.runID = "no-such-run"
            try store.recordWaiver(waiver)
        }
        #expect(try store.auditEntries() == before)
        #expect(try store.run(id: "run-1")?.status == .running)
    }

    @Test func theChainLinksEveryEntryToThePreviousOneAndVerifies() throws {
        let store = try Self.store()
        #expect(try store.verifyAudit() == .intact(count: 0, head: nil))
        #expect(try store.auditHead() == nil)
        try store.beginRun(StoreFixtures.run(), casebanks: StoreFixtures.banks)
        try store.storeDecision(ResultStoreTests.decision(), runID: "run-1")
        let entries = try store.auditEntries()
        #expect(entries.first?.prevSHA256 == AuditEntry.genesis)
        for (previous, entry) in zip(entries, entries.dropFirst()) {
            #expect(entry.prevSHA256 == previous.sha256)
        }
        #expect(entries.allSatisfy { $0.sha256 == $0.computedSHA256 })
        #expect(try store.verifyAudit() == .intact(count: 3, head: entries.last?.sha256))
        #expect(try store.auditHead() == entries.last?.sha256)
    }

    @Test func theDatabaseRefusesToChangeOrRemoveAnEntryOrToForkTheChain() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        try store.markFailed(runID: "run-1", reason: "stopped", finishedAt: StoreFixtures.start)
        let queue = try DatabaseQueue(path: store.path)
        for sql in [
            "UPDATE audit_log SET actor = 'someone else' WHERE seq = 1", "DELETE FROM audit_log WHERE seq = 2",
            "DELETE FROM audit_log",
        ] {
            let error = #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: sql) } }
            #expect(error?.message == "audit_log is append-only")
        }
        let head = try #require(try store.auditHead())
        // An entry after the first one again (a fork), an entry out of turn, a gap: refused.
        for (seq, prev) in [(3, AuditEntry.genesis), (3, StoreFixtures.hex("1")), (4, head)] {
            #expect(throws: DatabaseError.self) {
                try queue.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO audit_log (seq, at, actor, action, run_id, payload_json, prev_sha256, sha256)
                            VALUES (?, '2026-12-02T10:15:00Z', 'x', 'merge', NULL, '{}', ?, ?)
                            """,
                        arguments: [seq, prev, StoreFixtures.hex("f")])
                }
            }
        }
        try queue.close()
        #expect(try store.auditEntries().count == 2)
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func twoStoresAppendingAtOnceToOneFileNeverForkTheChain() async throws {
        let folder = TemporaryDirectory()
        let path = folder.file("clinval.sqlite")
        let stores = [
            try ResultStore(path: path, actor: "a@host-1"), try ResultStore(path: path, actor: "b@host-2"),
        ]
        let perStore = 120
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    for number in 0..<perStore {
                        let runID = "run-\(index)-\(number)"
                        try store.beginRun(StoreFixtures.run(runID), casebanks: StoreFixtures.banks)
                        try store.markFailed(runID: runID, reason: "stopped", finishedAt: StoreFixtures.start)
                    }
                }
            }
            try await group.waitForAll()
        }
        let reopened = try ResultStore(path: path)
        let entries = try reopened.auditEntries()
        #expect(entries.count == 2 * 2 * perStore)
        #expect(Set(entries.map(\.actor)) == ["a@host-1", "b@host-2"])
        #expect(try reopened.verifyAudit() == .intact(count: entries.count, head: entries.last?.sha256))
        // Each run's two entries are in order.
        for index in 0..<2 {
            let actions = try StoreFixtures.actions(reopened, runID: "run-\(index)-7")
            #expect(actions == [.runStarted, .runFailed])
        }
    }
}
