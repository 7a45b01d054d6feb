import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

@Suite struct ShardMergerTests {
    /// Writes a shard database holding `keys`' gold labels and results, and returns its path.
    @discardableResult
    private func makeShard(
        _ folder: TemporaryDirectory, index: Int, count: Int, keys: [VignetteKey], runID: String = "run-1",
        model: ModelIdentity = StoreFixtures.model, complete: Bool = true, name: String? = nil,
        policy: (sha256: String, text: String?)? = nil
    ) throws -> String {
        let store = try ResultStore(path: folder.file(name ?? "shard-\(index).sqlite"))
        let start = StoreFixtures.start.addingTimeInterval(Double(index))
        var run = StoreFixtures.run(runID, model: model, startedAt: start, shard: Shard(index: index, count: count)!)
        if let policy {
            run.policySHA256 = policy.sha256
            run.policyText = policy.text
        }
        try store.beginRun(run, casebanks: StoreFixtures.banks)
        try store.storeVignettes(keys.map(StoreFixtures.vignette), runID: runID)
        try store.commit(results: keys.map { StoreFixtures.result($0) }, runID: runID)
        try store.storeMetrics([MetricValue(scope: .all, metric: "n", value: 1, n: 1)], runID: runID)
        if complete {
            try store.markComplete(runID: runID, verdict: .pass, finishedAt: start.addingTimeInterval(60))
        }
        return store.path
    }

    private func twoShards(_ folder: TemporaryDirectory) throws -> [String] {
        [
            try makeShard(folder, index: 1, count: 2, keys: Array(StoreFixtures.keys[0..<3])),
            try makeShard(folder, index: 2, count: 2, keys: Array(StoreFixtures.keys[3..<5])),
        ]
    }

    @Test func mergeJoinsTheShardsIntoOneCompleteRun() throws {
        // Given
        let folder = TemporaryDirectory()
        let shards = try twoShards(folder)
        // When
        let merged = try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: shards.reversed())
        // Then
        let store = try ResultStore(path: folder.file("merged.sqlite"))
        var expected = StoreFixtures.run()
        expected.status = .complete
        expected.jobs = 4
        expected.finishedAt = StoreFixtures.start.addingTimeInterval(62)
        expected.startedAt = StoreFixtures.start.addingTimeInterval(1)
        #expect(merged == expected)
        #expect(try store.run(id: "run-1") == expected)
        #expect(try store.casebanks(runID: "run-1") == StoreFixtures.banks)
        #expect(try store.vignettes(runID: "run-1") == StoreFixtures.keys.map(StoreFixtures.vignette))
        #expect(try store.results(runID: "run-1") == StoreFixtures.keys.map { StoreFixtures.result($0) })
        #expect(try store.metrics(runID: "run-1").isEmpty)
        #expect(try store.integrityCheck() == [])
    }

    @Test func mergeCanLeaveTheRunRunningForMetrics() throws {
        let folder = TemporaryDirectory()
        let merged = try ShardMerger.merge(
            into: folder.file("merged.sqlite"), shards: try twoShards(folder), markComplete: false)
        #expect(merged.status == .running)
        #expect(merged.finishedAt == nil)
    }

    @Test func mergeRefusesShardsOfDifferentRuns() throws {
        let folder = TemporaryDirectory()
        let first = try makeShard(folder, index: 1, count: 2, keys: Array(StoreFixtures.keys[0..<3]))
        let second = try makeShard(folder, index: 2, count: 2, keys: Array(StoreFixtures.keys[3..<5]), runID: "run-2")
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: [first, second])
        }
        #expect(error?.code == .shardMismatch)
        #expect(
            error?.description
                == "shards belong to different runs: shard 1/2 (\"\(first)\") holds run \"run-1\", "
                + "shard 2/2 (\"\(second)\") holds run \"run-2\"")
        #expect(!FileManager.default.fileExists(atPath: folder.file("merged.sqlite")))
    }

    @Test func mergeRefusesShardsOfDifferentModels() throws {
        let folder = TemporaryDirectory()
        var model = StoreFixtures.model
        model.sha256 = StoreFixtures.hex("9")
        let first = try makeShard(folder, index: 1, count: 2, keys: Array(StoreFixtures.keys[0..<3]))
        let second = try makeShard(folder, index: 2, count: 2, keys: Array(StoreFixtures.keys[3..<5]), model: model)
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: [first, second])
        }
        #expect(
            error?.description
                == "shards of run \"run-1\" differ: shard 2/2 (\"\(second)\") against shard 1/2 (\"\(first)\"): "
                + "model sha256 differs (run has \(StoreFixtures.hex("a")), now \(StoreFixtures.hex("9")))")
    }

    @Test func mergeRefusesOverlappingShards() throws {
        let folder = TemporaryDirectory()
        let first = try makeShard(folder, index: 1, count: 2, keys: Array(StoreFixtures.keys[0..<3]))
        let second = try makeShard(folder, index: 2, count: 2, keys: Array(StoreFixtures.keys[2..<5]))
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: [first, second])
        }
        #expect(error?.code == .overlappingShards)
        #expect(
            error?.description
                == "shards overlap: 1 vignette has results in two shards: \"common/c-3\" in shard 1/2 (\"\(first)\") "
                + "and shard 2/2 (\"\(second)\")")
    }

    @Test func mergeRefusesAMissingShard() throws {
        let folder = TemporaryDirectory()
        let first = try makeShard(folder, index: 1, count: 3, keys: Array(StoreFixtures.keys[0..<2]))
        try makeShard(folder, index: 2, count: 3, keys: Array(StoreFixtures.keys[2..<4]))
        let third = try makeShard(folder, index: 3, count: 3, keys: Array(StoreFixtures.keys[4..<5]))
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: [first, third])
        }
        #expect(error?.code == .missingShard)
        #expect(error?.description == "run \"run-1\" is missing shard 2/3")
    }

    @Test func mergeRefusesADuplicateShardIndex() throws {
        let folder = TemporaryDirectory()
        let first = try makeShard(folder, index: 1, count: 2, keys: Array(StoreFixtures.keys[0..<3]))
        let copy = try makeShard(
            folder, index: 1, count: 2, keys: Array(StoreFixtures.keys[0..<3]), name: "shard-1-again.sqlite")
        let second = try makeShard(folder, index: 2, count: 2, keys: Array(StoreFixtures.keys[3..<5]))
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: [first, second, copy])
        }
        #expect(error?.code == .duplicateShard)
        #expect(error?.description == "shard 1/2 is given 2 times (\"\(first)\", \"\(copy)\")")
    }

    @Test func mergeRefusesAnIncompleteShard() throws {
        let folder = TemporaryDirectory()
        let first = try makeShard(folder, index: 1, count: 2, keys: Array(StoreFixtures.keys[0..<3]))
        let second = try makeShard(
            folder, index: 2, count: 2, keys: Array(StoreFixtures.keys[3..<4]), complete: false)
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: [first, second])
        }
        #expect(error?.code == .incompleteShard)
        #expect(
            error?.description
                == "shard 2/2 (\"\(second)\") is running, not complete; finish it with --resume before merging")
    }

    @Test func mergeRefusesShardsMissingResults() throws {
        let folder = TemporaryDirectory()
        let first = try makeShard(folder, index: 1, count: 2, keys: Array(StoreFixtures.keys[0..<3]))
        let second = try makeShard(folder, index: 2, count: 2, keys: Array(StoreFixtures.keys[3..<4]))
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: [first, second])
        }
        #expect(error?.description == "the shards of run \"run-1\" hold 4 results, but its banks hold 5 vignettes")
    }

    @Test func mergeRefusesARunAlreadyInTheOutput() throws {
        let folder = TemporaryDirectory()
        let shards = try twoShards(folder)
        try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: shards)
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: shards)
        }
        #expect(error?.code == .runExists)
    }

    @Test func aMergeThatFailsAndCannotRemoveItsRunSaysBoth() throws {
        let folder = TemporaryDirectory()
        let shards = try twoShards(folder)
        let outPath = folder.file("merged.sqlite")
        _ = try ResultStore(path: outPath).write("inject failures") { db in
            try db.execute(
                sql: "CREATE TRIGGER no_results BEFORE INSERT ON results BEGIN SELECT RAISE(ABORT, 'injected: results refused'); END")
            try db.execute(
                sql: "CREATE TRIGGER no_delete BEFORE DELETE ON runs BEGIN SELECT RAISE(ABORT, 'injected: delete refused'); END")
        }
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.merge(into: outPath, shards: shards)
        }
        let text = error?.description ?? ""
        #expect(text.contains("injected: results refused"), "\(text)")
        #expect(text.contains("could not be removed either"), "\(text)")
        #expect(text.contains("injected: delete refused"), "\(text)")
    }

    @Test func theMergedRunsTrailRecordsItsStartEachShardAndItsEnd() throws {
        let folder = TemporaryDirectory()
        let outPath = folder.file("merged.sqlite")
        let out = try ResultStore(path: outPath, actor: "ci@runner-3", now: { StoreFixtures.auditTime })
        try ShardMerger.merge(ShardMerger.plan(into: outPath, shards: try twoShards(folder)), into: out)
        let entries = try out.auditEntries()
        #expect(entries.map(\.action) == [.runStarted, .merge, .merge, .runCompleted])
        #expect(entries.allSatisfy { $0.actor == "ci@runner-3" && $0.runID == "run-1" })
        #expect(entries[1].payloadJSON == #"{"results":3,"shard":"1/2","shard_finished_at":"2026-11-18T11:07:41Z"}"#)
        #expect(entries[2].payloadJSON == #"{"results":2,"shard":"2/2","shard_finished_at":"2026-11-18T11:07:42Z"}"#)
        #expect(try out.verifyAudit().isIntact)
    }

    @Test func aMergeThatFailsPartWayRecordsTheRemovedRun() throws {
        let folder = TemporaryDirectory()
        let shards = try twoShards(folder)
        let outPath = folder.file("merged.sqlite")
        let out = try ResultStore(path: outPath)
        _ = try out.write("inject a failure") { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER no_red_flags BEFORE INSERT ON results WHEN new.casebank_id = 'red-flags'
                    BEGIN SELECT RAISE(ABORT, 'injected: results refused'); END
                    """)
        }
        #expect(throws: StoreError.self) { try ShardMerger.merge(into: outPath, shards: shards) }
        #expect(try out.run(id: "run-1") == nil)
        let entries = try out.auditEntries()
        #expect(entries.map(\.action) == [.runStarted, .merge, .runFailed])
        #expect(try StoreFixtures.payload(try #require(entries.last))["removed"] as? Bool == true)
        #expect(try out.verifyAudit().isIntact)
    }

    @Test func mergeRefusesAMissingShardFile() throws {
        let folder = TemporaryDirectory()
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.merge(into: folder.file("merged.sqlite"), shards: [folder.file("nope.sqlite")])
        }
        #expect(error?.description == "\(folder.file("nope.sqlite")): shard database does not exist")
    }

    @Test func mergeRefusesShardsRunWithDifferentPolicies() throws {
        let folder = TemporaryDirectory()
        let first = try makeShard(folder, index: 1, count: 2, keys: Array(StoreFixtures.keys[0..<3]))
        let second = try makeShard(
            folder, index: 2, count: 2, keys: Array(StoreFixtures.keys[3..<5]),
            policy: (StoreFixtures.hex("7"), "gate: other\n"))
        let error = #expect(throws: StoreError.self) {
            try ShardMerger.plan(into: folder.file("merged.sqlite"), shards: [first, second])
        }
        #expect(error?.code == .shardMismatch)
        #expect(
            error?.description
                == "shards of run \"run-1\" differ: shard 2/2 (\"\(second)\") against shard 1/2 (\"\(first)\"): "
                + "policy sha256 differs (\(StoreFixtures.hex("7")) against \(StoreFixtures.hex("c")))")
        #expect(!FileManager.default.fileExists(atPath: folder.file("merged.sqlite")))
    }

    @Test func theMergedRunKeepsThePolicyTextOfTheShardsThatStoredIt() throws {
        // Shard 1 was written by an older clinval (no policy text), shard 2 by this one: both ran
        // with the same policy (the same sha256).
        let folder = TemporaryDirectory()
        let text = "gate: release\n"
        let first = try makeShard(
            folder, index: 1, count: 2, keys: Array(StoreFixtures.keys[0..<3]), policy: (StoreFixtures.hex("c"), nil))
        let second = try makeShard(
            folder, index: 2, count: 2, keys: Array(StoreFixtures.keys[3..<5]), policy: (StoreFixtures.hex("c"), text))
        let plan = try ShardMerger.plan(into: folder.file("merged.sqlite"), shards: [first, second])
        #expect(plan.run.policyText == text)
        #expect(!FileManager.default.fileExists(atPath: folder.file("merged.sqlite")), "planning writes nothing")
        let merged = try ShardMerger.merge(plan)
        #expect(merged.policyText == text)
        #expect(merged.policySHA256 == StoreFixtures.hex("c"))
        #expect(try ResultStore(path: folder.file("merged.sqlite")).run(id: "run-1")?.policyText == text)
    }
}
