import ClinvalCore
import ClinvalRunner
import ClinvalStore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

/// `clinval runs` in process.
@Suite struct RunListingTests {
    func lines(_ fixture: PipelineFixture) throws -> [String] {
        try RunListing.lines(
            database: fixture.database, environment: PipelineFixture.environment(PipelineFixture.goodModel()))
    }

    @Test func listsTheRunsNewestFirst() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(), PipelineFixture.goodModel())
        let later = PipelineFixture.now.addingTimeInterval(60)
        try await fixture.run(
            fixture.request(runID: "r2", shard: Shard(index: 1, count: 2)), PipelineFixture.wrongModel(),
            now: later)
        let table = try lines(fixture)
        #expect(table.count == 3)
        #expect(table[0].hasPrefix("RUN  STARTED"))
        #expect(table[0].hasSuffix("STATUS                VERDICT"))
        #expect(table[1].hasPrefix("r2   \(RFC3339Timestamp.format(later))  fake 1.0.0  mini@2026.11  complete (shard 1/2)  -"))
        #expect(table[2] == "r1   \(RFC3339Timestamp.format(PipelineFixture.now))  fake 1.0.0  mini@2026.11  complete              pass")
    }

    @Test func anEmptyDatabaseSaysSo() throws {
        let fixture = PipelineFixture()
        _ = try fixture.store()
        #expect(try lines(fixture) == ["no runs in \(fixture.database)"])
    }

    @Test func aMissingDatabaseIsExitTwo() throws {
        let fixture = PipelineFixture()
        #expect {
            try lines(fixture)
        } throws: { ExitStatus(for: $0) == .invalidInput && "\($0)" == "No database at \(fixture.database); check --db." }
    }

    @Test func aCorruptRowIsExitThreeNamingTheRun() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(), PipelineFixture.goodModel())
        try PipelineFixture.sqlite(fixture.database, "UPDATE runs SET started_at = 'yesterday' WHERE run_id = 'r1'")
        #expect {
            try lines(fixture)
        } throws: { ExitStatus(for: $0) == .runtimeFailure && "\($0)".contains("\"r1\"") && !"\($0)".contains("chest") }
    }
}
