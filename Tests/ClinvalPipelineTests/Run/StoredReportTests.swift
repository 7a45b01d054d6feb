import ClinvalCore
import ClinvalStore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

/// `clinval report` in process: the outputs of a decided run again, from the database alone.
@Suite struct StoredReportTests {
    func report(_ fixture: PipelineFixture, runID: String = "r1", database: String? = nil) throws -> Bool {
        try StoredRunCommands.report(
            database: database ?? fixture.database, runID: runID, outputFolder: fixture.out("again"), argoOutputs: nil,
            environment: PipelineFixture.environment(PipelineFixture.goodModel()))
    }

    @Test func writesTheSameBytesAsTheRun() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(), PipelineFixture.goodModel())
        #expect(try report(fixture))
        for name in ["summary.json", "junit.xml", "report.html"] {
            let first = FileManager.default.contents(atPath: fixture.out("r1") + "/" + name)
            let again = FileManager.default.contents(atPath: fixture.out("again") + "/" + name)
            #expect(first != nil)
            #expect(first == again, "\(name) differs")
        }
    }

    @Test func aFailedGateReportsFalse() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(), PipelineFixture.wrongModel())
        #expect(try report(fixture) == false)
    }

    @Test func aMissingDatabaseIsExitTwo() throws {
        let fixture = PipelineFixture()
        #expect {
            try report(fixture)
        } throws: { ExitStatus(for: $0) == .invalidInput }
        #expect(!FileManager.default.fileExists(atPath: fixture.database))
    }

    @Test func aStoreThatCannotOpenIsExitThree() throws {
        let fixture = PipelineFixture()
        fixture.folder.write("runs.sqlite", "")
        let environment = PipelineFixture.environment(PipelineFixture.goodModel()) { path in
            throw StoreError(.cannotOpen, "cannot open database", path: path)
        }
        #expect {
            try StoredRunCommands.report(
                database: fixture.database, runID: "r1", outputFolder: fixture.out("again"), argoOutputs: nil,
                environment: environment)
        } throws: { ExitStatus(for: $0) == .runtimeFailure && "\($0)".hasPrefix("Cannot open the database") }
    }
}
