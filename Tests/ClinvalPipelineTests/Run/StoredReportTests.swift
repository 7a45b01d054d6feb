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

    /// The `report.html` written again from the database alone.
    func reportedHTML(_ fixture: PipelineFixture) throws -> String {
        _ = try report(fixture)
        return try String(contentsOfFile: fixture.out("again") + "/report.html", encoding: .utf8)
    }

    @Test func caseCardsNameTheFindingsByTheModelsLabelsFromTheDatabaseAlone() async throws {
        let fixture = PipelineFixture()
        // A noisy-OR model file (a fake adapter answers for it), removed before the report: its
        // finding labels must come from the database.
        let bytes = try #require(FileManager.default.contents(atPath: PackagePaths.fixture("models/mini-noisy-or.json")))
        var request = fixture.request()
        request.model = fixture.folder.write("noisy/mini-noisy-or.json", bytes: Array(bytes))
        try await fixture.run(request, PipelineFixture.wrongModel())
        try FileManager.default.removeItem(atPath: request.model)

        let html = try reportedHTML(fixture)
        // mini-001 (must-pass): E_55 and E_57 have labels, E_53 is not in the model.
        #expect(html.contains(
            "<p class=\"findings\"><span class=\"kind\">Reported:</span> <bdi>Pain somewhere (E_55)</bdi>; "
                + "<bdi>Pain radiates (E_57)</bdi>; <bdi>E_53</bdi></p>\n"
                + "<p class=\"findings\"><span class=\"kind\">Recorded absent:</span> <bdi>Fever (E_91)</bdi></p>"))
        // mini-002 and mini-004 (other misses), in the bank's order; mini-004 reported nothing.
        #expect(html.contains("Reported:</span> <bdi>E_97</bdi>; <bdi>Nasal congestion (E_181)</bdi></p>"))
        #expect(html.contains("Recorded absent:</span> <bdi>Shortness of breath (E_66)</bdi>; <bdi>Fever (E_91)</bdi></p>"))
        #expect(html.contains("Reported:</span> <span class=\"muted\">none</span></p>"))
        // Beside the doctors' labels and the model's answer.
        #expect(html.contains("<bdi>Possible NSTEMI / STEMI (possible-nstemi-stemi)</bdi>"))
        #expect(html.contains("<bdi>migraine</bdi>"))

        let xml = try String(contentsOfFile: fixture.out("again") + "/junit.xml", encoding: .utf8)
        #expect(!xml.contains("Pain somewhere") && !xml.contains("E_55"), "junit.xml holds ids and reasons only")
        let first = try String(contentsOfFile: fixture.out("r1") + "/report.html", encoding: .utf8)
        #expect(first == html)
    }

    @Test func aRunStoredWithoutFindingLabelsNamesFindingsByCode() async throws {
        let fixture = PipelineFixture()
        var request = fixture.request()
        request.model = PackagePaths.fixture("models/mini-noisy-or.json")
        try await fixture.run(request, PipelineFixture.wrongModel())
        // The settings a run kept before finding labels were stored.
        try PipelineFixture.sqlite(
            fixture.database,
            "UPDATE runs SET settings_json = '{\"conditionLabels\":{\"possible-nstemi-stemi\":\"Heart attack\"},\"hostname\":\"h\"}'")
        let html = try reportedHTML(fixture)
        #expect(html.contains("Reported:</span> <bdi>E_55</bdi>; <bdi>E_57</bdi>; <bdi>E_53</bdi></p>"))
        #expect(html.contains("<bdi>Heart attack (possible-nstemi-stemi)</bdi>"))
    }

    @Test func anExternalModelsFindingsAreNamedByCodeUnlessItsManifestGivesLabels() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(), PipelineFixture.wrongModel())
        #expect(try reportedHTML(fixture).contains("Recorded absent:</span> <bdi>E_91</bdi></p>"))

        let labelled = PipelineFixture()
        var request = labelled.request()
        request.model = labelled.folder.write(
            "model/labelled.yaml",
            """
            model: labelled
            version: 1.0.0
            vocabulary: ddxplus
            kind: process
            command: [python3, serve.py]
            labels:
              findings: {E_91: Fever, E_53: Pain character}
              conditions: {migraine: Migraine, possible-nstemi-stemi: Heart attack}

            """)
        try await labelled.run(request, PipelineFixture.wrongModel())
        try FileManager.default.removeItem(atPath: request.model)
        let html = try reportedHTML(labelled)
        #expect(html.contains("Reported:</span> <bdi>E_55</bdi>; <bdi>E_57</bdi>; <bdi>Pain character (E_53)</bdi></p>"))
        #expect(html.contains("Recorded absent:</span> <bdi>Fever (E_91)</bdi></p>"))
        #expect(html.contains("<bdi>Heart attack (possible-nstemi-stemi)</bdi>") && html.contains("<bdi>Migraine</bdi>"), "a label that is its code is shown once")
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
