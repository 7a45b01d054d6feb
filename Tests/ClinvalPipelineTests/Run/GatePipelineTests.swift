import ClinvalCore
import ClinvalRunner
import ClinvalStore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

/// `clinval gate` in process: deciding a stored run again without running the model.
@Suite struct GatePipelineTests {
    static let strictPolicy = """
        gate: strict
        bootstrap: {resamples: 100, seed: 7}
        criteria:
          - id: top1
            metric: top1_accuracy
            min: 0.9
            use: ci_lower

        """

    @discardableResult
    func gate(
        _ fixture: PipelineFixture, runID: String = "r1", policy: String? = nil, database: String? = nil
    ) async throws -> RunOutcome {
        try await StoredRunCommands.gate(
            database: database ?? fixture.database, runID: runID, policy: policy, baseline: nil,
            outputFolder: fixture.out("gate"), argoOutputs: nil, seed: nil, toolVersion: "0.0.0-test",
            environment: PipelineFixture.environment(PipelineFixture.goodModel()))
    }

    @Test func decidesAgainWithTheStoredPolicyOrAnother() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(), PipelineFixture.goodModel())
        let again = try await gate(fixture)
        #expect(again.ending == .decided(passed: true))
        #expect(again.tally.answered == 4)
        #expect(again.outputFolder == fixture.out("gate"))

        let strict = fixture.folder.write("strict.yaml", Self.strictPolicy)
        let stricter = try await gate(fixture, policy: strict)
        #expect(stricter.ending == .decided(passed: false))
        let store = try fixture.store()
        #expect(try store.run(id: "r1")?.verdict == .fail)
        #expect(try store.criteria(runID: "r1").map(\.criterionID) == ["top1"])
        let summary = try PipelineFixture.jsonObject(fixture.out("gate") + "/summary.json")
        #expect((summary["policy"] as? [String: Any])?["gate"] as? String == "strict")
        #expect(summary["finished_at"] as? String == PipelineFixture.nowText)
    }

    @Test func eachDecisionAppendsAGateDecidedEntry() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(), PipelineFixture.goodModel())
        try await gate(fixture)
        try await gate(fixture)
        #expect(
            try PipelineFixture.actions(fixture.database) == [
                .runStarted, .runCompleted, .gateDecided, .gateDecided, .gateDecided,
            ])
        // Refused input changes nothing, the trail included.
        await #expect(throws: RunFailure.self) { try await gate(fixture, runID: "r9") }
        #expect(try PipelineFixture.actions(fixture.database).count == 5)
    }

    @Test func anUnknownRunOrAMissingDatabaseIsExitTwo() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(), PipelineFixture.goodModel())
        await #expect {
            try await gate(fixture, runID: "nope")
        } throws: { ExitStatus(for: $0) == .invalidInput && "\($0)".hasPrefix("There is no run nope in ") }
        let missing = fixture.folder.file("missing.sqlite")
        await #expect {
            try await gate(fixture, database: missing)
        } throws: { ExitStatus(for: $0) == .invalidInput && "\($0)" == "No database at \(missing); check --db." }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func aRunMissingResultsIsExitTwoWithTheStoredCount() async throws {
        let fixture = PipelineFixture()
        var replies = PipelineFixture.goldReplies
        replies["mini/mini-004"] = .unavailable("gone")
        await #expect(throws: RunFailure.self) {
            try await fixture.run(fixture.request(), FakeModelAdapter(replies: replies, otherwise: .error("-")))
        }
        let stored = try fixture.store().resultCount(runID: "r1")
        await #expect {
            try await gate(fixture)
        } throws: {
            ExitStatus(for: $0) == .invalidInput
                && "\($0)".hasPrefix("Run r1 is failed with \(stored) of 4 results; finish it with")
        }
    }

    @Test func aCorruptRunRowIsExitThreeNamingTheRun() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(), PipelineFixture.goodModel())
        try PipelineFixture.sqlite(fixture.database, "UPDATE runs SET started_at = 'yesterday' WHERE run_id = 'r1'")
        await #expect {
            try await gate(fixture)
        } throws: { error in
            ExitStatus(for: error) == .runtimeFailure && "\(error)".contains("r1") && "\(error)".contains("started_at")
        }
    }
}
