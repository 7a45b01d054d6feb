import ClinvalReports
import Testing

@Suite struct GoldenReportTests {
    @Test func failingRunJUnitMatchesGolden() throws {
        GoldenFile.check(try JUnitReportWriter().render(ReportFixtures.failing()), named: "failing-run.junit.xml")
    }

    @Test func failingRunHTMLMatchesGolden() {
        GoldenFile.check(HTMLReportWriter().render(ReportFixtures.failing()), named: "failing-run.report.html")
    }

    @Test func erroredRunJUnitMatchesGolden() throws {
        GoldenFile.check(try JUnitReportWriter().render(ReportFixtures.errored()), named: "errored-run.junit.xml")
    }
}
