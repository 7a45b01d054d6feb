import ClinvalAdapters
import ClinvalCore
import ClinvalRunner
import ClinvalStore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

/// `clinval run` in process, with a scripted model and a fixed clock, host and commit.
@Suite struct RunPipelineTests {
    @Test func aModelThatKnowsTheGoldPassesAndEveryRowIsStored() async throws {
        let fixture = PipelineFixture()
        let model = PipelineFixture.goodModel()
        let outcome = try await fixture.run(fixture.request(), model)
        #expect(outcome.runID == "r1")
        #expect(outcome.ending == .decided(passed: true))
        #expect(ExitStatus(outcome.ending) == .success)
        #expect(outcome.tally.answered == 4)
        #expect(outcome.outputFolder == fixture.out("r1"))
        #expect(await model.starts == 1)
        #expect(await model.shutdowns == 1)
        #expect(await model.evaluated.sorted() == PipelineFixture.goldReplies.keys.sorted())

        let store = try fixture.store()
        let run = try #require(try store.run(id: "r1"))
        #expect(run.status == .complete)
        #expect(run.verdict == .pass)
        #expect(run.gitCommit == PipelineFixture.gitCommit)
        #expect(run.startedAt == PipelineFixture.now)
        #expect(run.finishedAt == PipelineFixture.now)
        #expect(try store.resultCount(runID: "r1") == 4)
        #expect(try store.results(runID: "r1").map(\.goldRank) == [1, 1, 1, 1])
        #expect(try store.criteria(runID: "r1").map(\.criterionID) == ["top1", "error-rate"])
    }

    @Test func theFixedTimeHostAndCommitAreInTheOutputs() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(), PipelineFixture.goodModel())
        let summary = try PipelineFixture.jsonObject(fixture.out("r1") + "/summary.json")
        #expect(summary["verdict"] as? String == "pass")
        #expect(summary["started_at"] as? String == PipelineFixture.nowText)
        #expect(summary["finished_at"] as? String == PipelineFixture.nowText)
        #expect(summary["tool_version"] as? String == "0.0.0-test")
        let junit = try String(contentsOfFile: fixture.out("r1") + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("hostname=\"\(PipelineFixture.hostname)\""))
        #expect(junit.contains(PipelineFixture.gitCommit))
    }

    @Test func aWrongModelFailsTheGate() async throws {
        let fixture = PipelineFixture()
        let outcome = try await fixture.run(fixture.request(), PipelineFixture.wrongModel())
        #expect(outcome.ending == .decided(passed: false))
        #expect(ExitStatus(outcome.ending) == .gateFailed)
        #expect(try fixture.store().run(id: "r1")?.verdict == .fail)
    }

    @Test func errorsAndTimeoutsAreAnswersThatTheRunCounts() async throws {
        let fixture = PipelineFixture()
        var replies = PipelineFixture.goldReplies
        replies["mini/mini-002"] = .error("bad response")
        replies["mini/mini-004"] = .timeout("no answer in 5 s")
        let outcome = try await fixture.run(
            fixture.request(), FakeModelAdapter(replies: replies, otherwise: .error("not scripted")))
        #expect(outcome.tally.answered == 4)
        #expect(outcome.tally.errors == 1)
        #expect(outcome.tally.timeouts == 1)
        // Half right and half in error: both criteria fail.
        #expect(outcome.ending == .decided(passed: false))
        let statuses = try fixture.store().results(runID: "r1").map(\.status)
        #expect(statuses == [.ok, .error, .ok, .timeout])
    }

    @Test func badInputIsExitTwoAndWritesNothing() async throws {
        let fixture = PipelineFixture()
        let model = PipelineFixture.goodModel()
        let missing = fixture.folder.file("no-such-bank.yaml")
        await #expect {
            try await fixture.run(fixture.request(casebanks: [missing]), model)
        } throws: { error in
            ExitStatus(for: error) == .invalidInput && error is InvalidInputError
        }
        let badPolicy = fixture.folder.write("bad.yaml", "gate: x\ncriteria: 3\n")
        await #expect {
            try await fixture.run(fixture.request(policy: badPolicy), model)
        } throws: { ExitStatus(for: $0) == .invalidInput }
        #expect(await model.starts == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.database))
        #expect(!FileManager.default.fileExists(atPath: fixture.out("r1")))
    }

    @Test func aModelThatCannotStartIsExitThree() async throws {
        let fixture = PipelineFixture()
        let model = FakeModelAdapter(otherwise: .error("unused"), startFailure: "the worker did not start")
        await #expect {
            try await fixture.run(fixture.request(), model)
        } throws: { error in
            ExitStatus(for: error) == .runtimeFailure
                && "\(error)".contains("the model cannot be reached: the worker did not start")
        }
        let run = try #require(try fixture.store().run(id: "r1"))
        #expect(run.status == .failed)
        #expect(await model.shutdowns == 1)
        #expect(!FileManager.default.fileExists(atPath: fixture.out("r1")))
    }

    @Test func aModelLostMidRunIsExitThreeAndResumeFinishesTheRun() async throws {
        let fixture = PipelineFixture()
        var replies = PipelineFixture.goldReplies
        replies["mini/mini-003"] = .unavailable("every worker died")
        let lost = FakeModelAdapter(replies: replies, otherwise: .error("not scripted"))
        await #expect {
            try await fixture.run(fixture.request(), lost)
        } throws: { ExitStatus(for: $0) == .runtimeFailure && "\($0)".contains("every worker died") }
        let stored = try fixture.store().resultCount(runID: "r1")
        #expect(try fixture.store().run(id: "r1")?.status == .failed)

        let model = PipelineFixture.goodModel()
        let outcome = try await fixture.run(fixture.request(runID: nil, resume: "r1"), model)
        #expect(outcome.runID == "r1")
        #expect(outcome.ending == .decided(passed: true))
        #expect(await model.evaluated.count == 4 - stored)
        #expect(try fixture.store().resultCount(runID: "r1") == 4)
        #expect(try fixture.store().run(id: "r1")?.status == .complete)
    }

    @Test func theAuditTrailRecordsTheRunItsFailureItsResumeAndItsDecision() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(runID: "r0"), PipelineFixture.goodModel())
        #expect(try PipelineFixture.actions(fixture.database) == [.runStarted, .runCompleted, .gateDecided])
        var replies = PipelineFixture.goldReplies
        replies["mini/mini-003"] = .unavailable("every worker died")
        await #expect(throws: RunFailure.self) {
            try await fixture.run(fixture.request(), FakeModelAdapter(replies: replies, otherwise: .error("not scripted")))
        }
        try await fixture.run(fixture.request(runID: nil, resume: "r1"), PipelineFixture.goodModel())
        let store = try fixture.store()
        #expect(
            try store.auditEntries(runID: "r1").map(\.action) == [
                .runStarted, .runFailed, .runStarted, .runCompleted, .gateDecided,
            ])
        let entries = try store.auditEntries()
        #expect(entries.allSatisfy { $0.actor == "test-user@test-host" && $0.at == PipelineFixture.nowText })
        let decided = try #require(entries.last)
        let payload = try #require(
            try JSONSerialization.jsonObject(with: Data(decided.payloadJSON.utf8)) as? [String: Any])
        #expect(payload["verdict"] as? String == "pass")
        #expect(payload["labels"] as? String == "as-labelled")
        #expect(payload["policy_gate"] as? String == "in-process")
        #expect(try store.verifyAudit() == .intact(count: 8, head: decided.sha256))
    }

    @Test func aShardStopsBeforeTheGate() async throws {
        let fixture = PipelineFixture()
        let model = PipelineFixture.goodModel()
        let outcome = try await fixture.run(fixture.request(shard: Shard(index: 1, count: 2)), model)
        #expect(outcome.ending == .shardStored)
        #expect(outcome.outputFolder == nil)
        #expect(await model.evaluated.count == 2)
        let run = try #require(try fixture.store().run(id: "r1"))
        #expect(run.status == .complete)
        #expect(run.verdict == nil)
    }

    @Test func aDatabaseFolderThatCannotBeMadeIsNamed() async throws {
        let fixture = PipelineFixture()
        let file = fixture.folder.write("plain-file", "not a folder\n")
        await #expect {
            try await fixture.run(fixture.request(database: file + "/sub/runs.sqlite"), PipelineFixture.goodModel())
        } throws: { error in
            ExitStatus(for: error) == .runtimeFailure && "\(error)".hasPrefix("Cannot create the folder \(file)/sub ")
        }
    }

    @Test func aStoreThatCannotOpenIsExitThree() async throws {
        let fixture = PipelineFixture()
        let request = fixture.request()
        let environment = PipelineFixture.environment(PipelineFixture.goodModel()) { path in
            throw StoreError(.cannotOpen, "cannot open database", path: path)
        }
        await #expect {
            try await RunPipeline(request: request, environment: environment).execute(logger: PipelineFixture.logger)
        } throws: { ExitStatus(for: $0) == .runtimeFailure && "\($0)".hasPrefix("Cannot open the database") }
    }

    @Test func theProductionEnvironmentReadsTheCommitFromTheVariable() {
        #expect(PipelineEnvironment.gitCommit(in: ["CLINVAL_GIT_COMMIT": " abc "]) == "abc")
        #expect(PipelineEnvironment.gitCommit(in: ["CLINVAL_GIT_COMMIT": "  "]) == nil)
        #expect(PipelineEnvironment.gitCommit(in: [:]) == nil)
    }
}
