import ClinvalReports
import Foundation
import Testing
import _ClinvalTestSupport

@Suite struct ReportOutputsTests {
    @Test func writesTheThreeFilesIntoANewFolder() throws {
        let folder = TemporaryDirectory()
        let target = folder.file("reports/run-1")
        let paths = try ReportOutputs.write(input: ReportFixtures.failing(), summaryJSON: "{\"run_id\":\"x\"}\n", to: target)
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["summary.json", "junit.xml", "report.html"])
        #expect(try String(contentsOfFile: target + "/summary.json", encoding: .utf8) == "{\"run_id\":\"x\"}\n")
        #expect(try String(contentsOfFile: target + "/junit.xml", encoding: .utf8) == JUnitReportWriter().render(ReportFixtures.failing()))
        #expect(try String(contentsOfFile: target + "/report.html", encoding: .utf8) == HTMLReportWriter().render(ReportFixtures.failing()))
    }

    @Test func replacesOldFilesAndLeavesNoTemporaryFiles() throws {
        let folder = TemporaryDirectory()
        folder.write("out/report.html", "old report")
        try ReportOutputs.write(input: ReportFixtures.passing(), summaryJSON: "{}", to: folder.file("out"))
        #expect(try String(contentsOfFile: folder.file("out/report.html"), encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("out")).sorted() == ["junit.xml", "report.html", "summary.json"])
    }

    @Test func failsWithTheFolderNameWhenItCannotBeCreated() {
        let folder = TemporaryDirectory()
        folder.write("blocker", "a file where the folder should be")
        #expect(throws: ReportError("cannot create the output folder \(folder.file("blocker/out"))")) {
            try ReportOutputs.write(input: ReportFixtures.passing(), summaryJSON: "{}", to: folder.file("blocker/out"))
        }
    }
}
