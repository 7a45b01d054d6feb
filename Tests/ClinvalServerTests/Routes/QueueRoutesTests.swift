import ClinvalCore
import ClinvalPipeline
import ClinvalStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClinvalServer

/// The review queue for each permission, its filters and pages, and the checks before any
/// page or form of the review answers.
@Suite struct QueueRoutesTests {
    @Test func everyPermissionSeesTheQueueAndAVignette() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            for name in ["rev", "appr", "adm"] {
                var browser = Browser()
                try await browser.signIn(client, name)
                let queue = try await browser.get(client, "/runs/r1/queue")
                #expect(queue.status == .ok, "\(name)")
                let html = Browser.body(queue)
                #expect(html.contains("Review queue of run"))
                // Every vignette of the run is either a miss or a sampled hit (4 hits or fewer are all sampled).
                for id in ["mini-001", "mini-002", "mini-003", "mini-004"] {
                    #expect(html.contains(#"href="/runs/r1/vignettes/mini/\#(id)""#), "\(id)")
                }
                let page = try await browser.get(client, ServerFixture.vignettePath)
                #expect(page.status == .ok)
                let vignette = Browser.body(page)
                #expect(vignette.contains("<h1>Vignette mini/mini-001</h1>"))
                #expect(vignette.contains("58 years, male"))
                #expect(vignette.contains("crushing central chest pain"))
                #expect(vignette.contains("possible-nstemi-stemi"))
                #expect(vignette.contains("Not adjudicated yet."))
                #expect(Browser.hidden("latest", in: vignette) == "none")
                #expect(vignette.contains(#"<td>emergency</td>"#))
            }
        }
    }

    @Test func withoutASessionPagesSendToSignInAndFormsAreRefused() async throws {
        let fixture = try await ServerFixture()
        let before = try fixture.auditCount()
        try await fixture.test(try fixture.server()) { client async throws in
            for path in ["/runs/r1/queue", "/runs/r1/queue?category=sample", ServerFixture.vignettePath] {
                let response = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
                #expect(response.status == .seeOther && response.headers[.location] == "/signin", "\(path)")
            }
            var anonymous = Browser()
            try await anonymous.get(client, "/signin")
            for path in [ServerFixture.adjudicatePath, "/runs/r1/waive", "/runs/r1/sign"] {
                let response = try await anonymous.post(
                    client, path, [("csrf", anonymous.csrf ?? ""), ("conclusion", "model_error"), ("meaning", "reviewed")])
                #expect(response.status == .unauthorized, "\(path)")
            }
        }
        #expect(try fixture.auditCount() == before)
    }

    @Test func theQueueFiltersAndPages() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev")
            let all = Browser.body(try await browser.get(client, "/runs/r1/queue"))
            #expect(all.contains("Page 1 of 1"))
            #expect(!all.contains("Next page"))
            let sample = Browser.body(try await browser.get(client, "/runs/r1/queue?category=sample"))
            #expect(sample.contains(#"<option value="sample" selected>"#))
            #expect(!sample.contains("<td>Diagnosis misses</td>") && !sample.contains("<td>Missed must-pass vignettes</td>"))
            let otherBank = Browser.body(try await browser.get(client, "/runs/r1/queue?bank=other"))
            #expect(otherBank.contains("No vignettes match."))
            let beyond = Browser.body(try await browser.get(client, "/runs/r1/queue?page=99"))
            #expect(beyond.contains("Page 1 of 1"))
        }
    }
}
