import ClinvalCore
import ClinvalStore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

/// The decision stage reports every failure it meets, including one met while recording the
/// first.
@Suite struct DecisionStageTests {
    /// A database whose criteria cannot be stored: the decision fails, and the run is marked
    /// failed.
    static func refuseCriteria(_ database: String) throws {
        try PipelineFixture.sqlite(
            database,
            "CREATE TRIGGER no_criteria BEFORE INSERT ON criteria BEGIN SELECT RAISE(ABORT, 'injected: criteria refused'); END")
    }

    @Test func aDecisionThatCannotBeStoredMarksTheRunFailed() async throws {
        let fixture = PipelineFixture()
        _ = try fixture.store()
        try Self.refuseCriteria(fixture.database)

        await #expect {
            try await fixture.run(fixture.request(), PipelineFixture.goodModel())
        } throws: { error in
            ExitStatus(for: error) == .runtimeFailure && "\(error)".contains("injected: criteria refused")
                && !"\(error)".contains("marked failed")
        }
        #expect(try fixture.store().run(id: "r1")?.status == .failed)
        #expect(!FileManager.default.fileExists(atPath: fixture.out("r1")))
    }

    @Test func aRunThatCannotBeMarkedFailedEitherSaysSo() async throws {
        let fixture = PipelineFixture()
        _ = try fixture.store()
        try Self.refuseCriteria(fixture.database)
        try PipelineFixture.sqlite(
            fixture.database,
            """
            CREATE TRIGGER no_failed_mark BEFORE UPDATE OF status ON runs WHEN NEW.status = 'failed'
            BEGIN SELECT RAISE(ABORT, 'injected: status refused'); END
            """)

        await #expect {
            try await fixture.run(fixture.request(), PipelineFixture.goodModel())
        } throws: { error in
            ExitStatus(for: error) == .runtimeFailure && "\(error)".contains("injected: criteria refused")
                && "\(error)".contains("the run could not be marked failed either")
                && "\(error)".contains("injected: status refused")
        }
        #expect(try fixture.store().run(id: "r1")?.status == .running)
    }
}
