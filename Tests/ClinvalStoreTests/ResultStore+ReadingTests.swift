import ClinvalCore
import Foundation
import GRDB
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

@Suite struct ResultStoreReadingTests {
    private func storeWithThreeRuns() throws -> ResultStore {
        // Given: an old passing run, a newer passing run, and a newest failing run of one model,
        // plus a passing run of another model.
        let store = try ResultStore.inMemory()
        let other = ModelIdentity(name: "other-model", version: "2", kind: "process", sha256: StoreFixtures.hex("f"))
        let runs: [(String, ModelIdentity, Verdict, TimeInterval)] = [
            ("old-pass", StoreFixtures.model, .pass, 0),
            ("new-pass", StoreFixtures.model, .pass, 100),
            ("newest-fail", StoreFixtures.model, .fail, 200),
            ("other-pass", other, .pass, 300),
        ]
        for (id, model, verdict, offset) in runs {
            let start = StoreFixtures.start.addingTimeInterval(offset)
            try store.beginRun(StoreFixtures.run(id, model: model, startedAt: start), casebanks: StoreFixtures.banks)
            try store.markComplete(runID: id, verdict: verdict, finishedAt: start.addingTimeInterval(10))
        }
        try store.beginRun(
            StoreFixtures.run("still-running", startedAt: StoreFixtures.start.addingTimeInterval(400)),
            casebanks: [StoreFixtures.banks[0]])
        return store
    }

    @Test func runsListsEveryRunOldestFirst() throws {
        let store = try storeWithThreeRuns()
        let runs = try store.runs()
        #expect(runs.map(\.runID) == ["old-pass", "new-pass", "newest-fail", "other-pass", "still-running"])
        #expect(
            runs.last
                == RunListEntry(
                    runID: "still-running", status: .running, verdict: nil,
                    startedAt: StoreFixtures.start.addingTimeInterval(400), finishedAt: nil,
                    modelName: "ddxplus-noisy-or", modelVersion: "1.0.0", casebanks: ["common@2026.11"], shard: nil))
        #expect(runs.first?.casebanks == ["common@2026.11", "red-flags@2026.10"])
    }

    @Test func latestPassingRunIsTheLastPassOfThatModel() throws {
        let store = try storeWithThreeRuns()
        #expect(try store.latestPassingRun(modelName: "ddxplus-noisy-or")?.runID == "new-pass")
        #expect(try store.latestPassingRun(modelName: "other-model")?.runID == "other-pass")
        #expect(try store.latestPassingRun(modelName: "unknown") == nil)
    }

    @Test func anUnknownRunReadsAsNil() throws {
        let store = try ResultStore.inMemory()
        #expect(try store.run(id: "nope") == nil)
    }

    @Test func forEachResultStreamsResultsInKeyOrder() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        let results = StoreFixtures.keys.map { StoreFixtures.result($0, entries: 2) }
        try store.commit(results: results.reversed(), runID: "run-1")
        var seen: [VignetteKey] = []
        try store.forEachResult(runID: "run-1") { result in
            #expect(result.differential.map(\.condition) == ["condition-1", "condition-2"])
            seen.append(result.key)
        }
        #expect(seen == StoreFixtures.keys)
    }

    @Test func aRowThatDoesNotReadIsAnErrorNamingTheRunAndTheRowButNoValues() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        let queue = try DatabaseQueue(path: store.path)
        try queue.writeWithoutTransaction { db in
            // Hand edits: a sex the schema's check would refuse, a list that is not JSON.
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE vignettes SET sex = 'unknown' WHERE vignette_id = 'c-2'")
            try db.execute(sql: "UPDATE vignettes SET tags_json = '[\"cardiac\"' WHERE vignette_id = 'rf-001'")
        }
        let sex = #expect(throws: StoreError.self) { try store.vignettes(runID: "run-1") }
        #expect(sex?.code == .unreadableRecord)
        #expect(
            sex?.description
                == "\(store.path): run \"run-1\": vignette \"common/c-2\": unexpected value \"unknown\" in column vignettes.sex")
        try queue.write { db in try db.execute(sql: "UPDATE vignettes SET sex = 'male'") }
        let tags = #expect(throws: StoreError.self) { try store.vignettes(runID: "run-1") }
        #expect(tags?.description == "\(store.path): run \"run-1\": vignette \"red-flags/rf-001\": a JSON column is not valid JSON")
        #expect(tags?.description.contains("crushing") == false, "no vignette text")
    }
}
