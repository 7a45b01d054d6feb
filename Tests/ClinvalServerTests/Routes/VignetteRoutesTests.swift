import ClinvalCore
import ClinvalPipeline
import ClinvalStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClinvalServer

/// A vignette's page and its adjudication form: recorded as the signed-in account, validated
/// field by field, refused without a CSRF token, and refused when stale.
@Suite struct VignetteRoutesTests {
    @Test func aFormWithoutOrWithAWrongCSRFTokenWritesNothing() async throws {
        let fixture = try await ServerFixture()
        let before = try fixture.auditCount()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "appr")
            try await browser.get(client, ServerFixture.vignettePath)
            for token in [nil, "forged", ""] as [String?] {
                var fields = [("latest", "none"), ("conclusion", "model_error")]
                if let token { fields.append(("csrf", token)) }
                #expect(try await browser.post(client, ServerFixture.adjudicatePath, fields).status == .forbidden)
                let sign = [("meaning", "approved")] + (token.map { [("csrf", $0)] } ?? [])
                #expect(try await browser.post(client, "/runs/r1/sign", sign).status == .forbidden)
            }
        }
        #expect(try fixture.auditCount() == before)
        #expect(try fixture.adjudications().isEmpty)
    }

    @Test func aReviewerAdjudicatesAsTheSignedInAccount() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev")
            let page = Browser.body(try await browser.get(client, ServerFixture.vignettePath))
            let response = try await browser.post(
                client, ServerFixture.adjudicatePath,
                [
                    ("csrf", browser.csrf ?? ""), ("latest", Browser.hidden("latest", in: page) ?? ""),
                    ("conclusion", "label_error"), ("diagnosis", "unstable-angina"), ("also_correct", "pericarditis, gerd"),
                    ("triage", "urgent..emergency"), ("comment", "<script>alert(4)</script> \"><img onerror=x>"),
                ])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == ServerFixture.vignettePath)
            let stored = try #require(try fixture.adjudications().first)
            #expect(stored.reviewer == "rev")
            #expect(stored.conclusion == .labelError && stored.diagnosis == "unstable-angina")
            #expect(stored.alsoCorrect == ["pericarditis", "gerd"])
            #expect(stored.triage == TriageRange(lower: .urgent, upper: .emergency))
            let entry = try #require(try ResultStore(path: fixture.database).auditEntries().last)
            #expect(entry.action == .adjudication && entry.actor.hasPrefix("rev ("))
            let after = Browser.body(try await browser.get(client, ServerFixture.vignettePath))
            #expect(after.contains("<td>label_error</td>") && after.contains("<td>stands</td>"))
            #expect(!after.contains("<script>alert(4)") && after.contains("&lt;script&gt;alert(4)&lt;/script&gt;"))
            #expect(!after.contains("<img onerror"))
            #expect(Browser.hidden("latest", in: after) == stored.id.map(String.init))
            let queue = Browser.body(try await browser.get(client, "/runs/r1/queue?state=adjudicated"))
            #expect(queue.contains("mini/mini-001") && queue.contains("label_error by rev"))
            let open = Browser.body(try await browser.get(client, "/runs/r1/queue?state=open"))
            #expect(!open.contains("mini/mini-001</a>"))
        }
        #expect(try ResultStore(path: fixture.database).verifyAudit().isIntact)
    }

    @Test func theSecondOfTwoReviewersOnTheSameStateIsRefusedAndKeepsWhatTheyTyped() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var first = Browser()
            var second = Browser()
            try await first.signIn(client, "rev")
            try await second.signIn(client, "appr")
            let firstPage = Browser.body(try await first.get(client, ServerFixture.vignettePath))
            let secondPage = Browser.body(try await second.get(client, ServerFixture.vignettePath))
            let recorded = try await first.post(
                client, ServerFixture.adjudicatePath,
                [("csrf", first.csrf ?? ""), ("latest", Browser.hidden("latest", in: firstPage) ?? ""), ("conclusion", "model_error")])
            #expect(recorded.status == .seeOther)
            let before = try fixture.auditCount()
            let refused = try await second.post(
                client, ServerFixture.adjudicatePath,
                [
                    ("csrf", second.csrf ?? ""), ("latest", Browser.hidden("latest", in: secondPage) ?? ""),
                    ("conclusion", "unclear"), ("comment", "my careful reasoning"),
                ])
            #expect(refused.status == .conflict)
            let body = Browser.body(refused)
            #expect(body.contains("Someone recorded an adjudication of this vignette after you loaded the page"))
            #expect(body.contains(#"value="my careful reasoning""#))
            #expect(body.contains(#"<option value="unclear" selected>"#))
            #expect(body.contains("<td>model_error</td>"))
            #expect(try fixture.auditCount() == before)
            #expect(try fixture.adjudications().map(\.conclusion) == [.modelError])
            // Having read the first, the second submits again from the refreshed form.
            let again = try await second.post(
                client, ServerFixture.adjudicatePath,
                [("csrf", second.csrf ?? ""), ("latest", Browser.hidden("latest", in: body) ?? ""), ("conclusion", "unclear")])
            #expect(again.status == .seeOther)
            #expect(try fixture.adjudications().map(\.conclusion) == [.unclear, .modelError])
        }
    }

    @Test func anInvalidAdjudicationIsRefusedNamingTheFieldAndWritesNothing() async throws {
        let fixture = try await ServerFixture()
        let before = try fixture.auditCount()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev")
            try await browser.get(client, ServerFixture.vignettePath)
            let cases: [([(String, String)], String)] = [
                ([("conclusion", "label_error")], "Corrected diagnosis"),
                ([("conclusion", "guess")], "Conclusion takes one of"),
                ([("conclusion", "model_error"), ("diagnosis", "gerd")], "Corrected diagnosis and Corrected triage correct a label"),
                ([("conclusion", "label_error"), ("triage", "soon")], "Corrected triage takes a level"),
                ([("conclusion", "label_error"), ("diagnosis", "not a code!")], "is not a condition code"),
                ([("conclusion", "unclear"), ("comment", "hidden \u{202E}text")], "Comment holds an invisible character U+202E"),
                ([("conclusion", "unclear"), ("latest", "")], "lacks the state it was loaded on"),
            ]
            for (fields, message) in cases {
                var form = [("csrf", browser.csrf ?? "")]
                if !fields.contains(where: { $0.0 == "latest" }) { form.append(("latest", "none")) }
                let response = try await browser.post(client, ServerFixture.adjudicatePath, form + fields)
                #expect(response.status == .badRequest, "\(fields)")
                #expect(Browser.body(response).contains(message), "\(fields): \(Browser.body(response).prefix(0))")
            }
            let unknown = try await browser.post(
                client, "/runs/r1/vignettes/mini/mini-999/adjudicate",
                [("csrf", browser.csrf ?? ""), ("latest", "none"), ("conclusion", "unclear")])
            #expect(unknown.status == .badRequest || unknown.status == .notFound)
            #expect(try await browser.get(client, "/runs/r1/vignettes/mini/mini-999").status == .notFound)
            #expect(try await browser.get(client, "/runs/nope/vignettes/mini/mini-001").status == .notFound)
            #expect(try await browser.get(client, "/runs/nope/queue").status == .notFound)
        }
        #expect(try fixture.auditCount() == before)
    }
}
