import ClinvalCore
import ClinvalRunner
import ClinvalStore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

/// `clinval merge` in process: the shard databases of one run become one decided run.
@Suite struct MergePipelineTests {
    /// Runs both halves of run `r1` into their own databases.
    func runShards(_ fixture: PipelineFixture) async throws -> [String] {
        var shards: [String] = []
        for index in 1...2 {
            let database = fixture.folder.file("shard-\(index).sqlite")
            let outcome = try await fixture.run(
                fixture.request(shard: Shard(index: index, count: 2), database: database),
                PipelineFixture.goodModel())
            #expect(outcome.ending == .shardStored)
            shards.append(database)
        }
        return shards
    }

    @discardableResult
    func merge(_ fixture: PipelineFixture, _ shards: [String], into database: String? = nil) async throws -> RunOutcome {
        try await MergePipeline(
            database: database ?? fixture.database, shards: shards, outputFolder: fixture.out("merged"),
            toolVersion: "0.0.0-test", environment: PipelineFixture.environment(PipelineFixture.goodModel())
        ).execute()
    }

    @Test func theShardsMakeOneDecidedRun() async throws {
        let fixture = PipelineFixture()
        let shards = try await runShards(fixture)
        let outcome = try await merge(fixture, shards)
        #expect(outcome.runID == "r1")
        #expect(outcome.ending == .decided(passed: true))
        #expect(outcome.tally.answered == 4)
        let store = try fixture.store()
        #expect(try store.resultCount(runID: "r1") == 4)
        let run = try #require(try store.run(id: "r1"))
        #expect(run.status == .complete)
        #expect(run.shard == nil)
        #expect(run.verdict == .pass)
        let summary = try PipelineFixture.jsonObject(fixture.out("merged") + "/summary.json")
        #expect(summary["started_at"] as? String == PipelineFixture.nowText)
        #expect(summary["finished_at"] as? String == PipelineFixture.nowText)
    }

    @Test func theAuditTrailsRecordEachShardAndTheMergedRun() async throws {
        let fixture = PipelineFixture()
        let shards = try await runShards(fixture)
        for shard in shards {
            #expect(try PipelineFixture.actions(shard) == [.runStarted, .runCompleted])
        }
        try await merge(fixture, shards)
        #expect(
            try PipelineFixture.actions(fixture.database) == [.runStarted, .merge, .merge, .runCompleted, .gateDecided])
        let store = try fixture.store()
        let merges = try store.auditEntries().filter { $0.action == .merge }
        let payloads = try merges.map { entry in
            try #require(try JSONSerialization.jsonObject(with: Data(entry.payloadJSON.utf8)) as? [String: Any])
        }
        #expect(payloads.map { $0["shard"] as? String } == ["1/2", "2/2"])
        #expect(payloads.compactMap { $0["results"] as? Int }.reduce(0, +) == 4)
        #expect(try store.verifyAudit().isIntact)
        // A merge refused (the run exists now) appends nothing.
        await #expect(throws: RunFailure.self) { try await merge(fixture, shards) }
        #expect(try PipelineFixture.actions(fixture.database).count == 5)
    }

    @Test func aMissingShardIsExitTwoAndWritesNothing() async throws {
        let fixture = PipelineFixture()
        let shards = try await runShards(fixture)
        await #expect {
            try await merge(fixture, [shards[0]])
        } throws: { ExitStatus(for: $0) == .invalidInput }
        let absent = fixture.folder.file("absent.sqlite")
        await #expect {
            try await merge(fixture, [shards[0], absent])
        } throws: { "\($0)" == "No shard database at \(absent)." }
        await #expect {
            try await merge(fixture, shards, into: shards[0])
        } throws: { ExitStatus(for: $0) == .invalidInput }
        #expect(!FileManager.default.fileExists(atPath: fixture.out("merged")))
        #expect(!FileManager.default.fileExists(atPath: fixture.database))
    }

    @Test func aMergedDatabaseFolderThatCannotBeMadeIsNamed() async throws {
        let fixture = PipelineFixture()
        let shards = try await runShards(fixture)
        let file = fixture.folder.write("plain-file", "x\n")
        await #expect {
            try await merge(fixture, shards, into: file + "/merged.sqlite")
        } throws: { ExitStatus(for: $0) == .runtimeFailure && "\($0)".hasPrefix("Cannot create the folder \(file) ") }
    }
}
