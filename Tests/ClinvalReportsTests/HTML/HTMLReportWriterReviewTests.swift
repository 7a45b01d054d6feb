import ClinvalReports
import Testing

/// The report's first screen and its clinical review section.
struct HTMLReportWriterReviewTests {
    @Test func theFirstScreenSaysReadyWithTheWaiverAndWhoGrantedIt() {
        let html = HTMLReportWriter().render(ReportFixtures.waived())
        #expect(html.contains("READY FOR RELEASE WITH 1 WAIVER</h1>"))
        #expect(
            html.contains(
                "2 of the 3 blocking criteria passed; 1 failed and is waived: emergency-safety (by Dr A. Okafor, clinical-safety-officer, until 2026-12-31, hazard HAZ-12)."))
        #expect(html.contains("<span class=\"badge badge-waived\"><span aria-hidden=\"true\">◆</span> WAIVED</span>"))
    }

    @Test func theReviewSectionListsWaiversSignaturesAndTheAuditHead() {
        let html = HTMLReportWriter().render(ReportFixtures.waived())
        #expect(html.contains("<section id=\"review\">"))
        #expect(html.contains("Scored against the adjudicated labels"))
        // The reason is escaped.
        #expect(html.contains("Chest-pain triage rule fix ships in 1.2.1 &lt;next week&gt;"))
        #expect(!html.contains("<next week>"))
        #expect(html.contains("<td>covers the failure</td>"))
        #expect(html.contains("superseded: the decision has changed since"))
        #expect(html.contains("on this decision"))
        #expect(html.contains(String(repeating: "f", count: 64)))
        #expect(html.contains(String(repeating: "e", count: 64)))
    }

    @Test func anExpiredWaiverIsShownAndDoesNotCount() {
        var input = ReportFixtures.waived()
        input.criteria[1].outcome = .failed
        input.criteria[1].waiver?.state = .expired
        input.run.verdict = .fail
        let html = HTMLReportWriter().render(input)
        #expect(html.contains("NOT READY FOR RELEASE"))
        #expect(html.contains("expired: does not count"))
    }
}
