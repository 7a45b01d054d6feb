import ClinvalCore
import ClinvalPipeline
import ClinvalStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClinvalServer

/// The review queue, a vignette's page and the forms that adjudicate, waive and sign: for each
/// permission, their validation, the checks before anything is written, and stale forms.
@Suite struct ReviewRoutesTests {
    static let vignettePath = "/runs/r1/vignettes/mini/mini-001"
    static let adjudicatePath = vignettePath + "/adjudicate"

    /// The value of a hidden field of a page's form.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func adjudications(_ fixture: ServerFixture) throws -> [Adjudication] {
        try ResultStore(path: fixture.database).allAdjudications()
    }

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
                let page = try await browser.get(client, Self.vignettePath)
                #expect(page.status == .ok)
                let vignette = Browser.body(page)
                #expect(vignette.contains("<h1>Vignette mini/mini-001</h1>"))
                #expect(vignette.contains("58 years, male"))
                #expect(vignette.contains("crushing central chest pain"))
                #expect(vignette.contains("possible-nstemi-stemi"))
                #expect(vignette.contains("Not adjudicated yet."))
                #expect(Self.hidden("latest", in: vignette) == "none")
                #expect(vignette.contains(#"<td>emergency</td>"#))
            }
        }
    }

    @Test func withoutASessionPagesSendToSignInAndFormsAreRefused() async throws {
        let fixture = try await ServerFixture()
        let before = try fixture.auditCount()
        try await fixture.test(try fixture.server()) { client async throws in
            for path in ["/runs/r1/queue", "/runs/r1/queue?category=sample", Self.vignettePath] {
                let response = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
                #expect(response.status == .seeOther && response.headers[.location] == "/signin", "\(path)")
            }
            var anonymous = Browser()
            try await anonymous.get(client, "/signin")
            for path in [Self.adjudicatePath, "/runs/r1/waive", "/runs/r1/sign"] {
                let response = try await anonymous.post(
                    client, path, [("csrf", anonymous.csrf ?? ""), ("conclusion", "model_error"), ("meaning", "reviewed")])
                #expect(response.status == .unauthorized, "\(path)")
            }
        }
        #expect(try fixture.auditCount() == before)
    }

    @Test func aFormWithoutOrWithAWrongCSRFTokenWritesNothing() async throws {
        let fixture = try await ServerFixture()
        let before = try fixture.auditCount()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "appr")
            try await browser.get(client, Self.vignettePath)
            for token in [nil, "forged", ""] as [String?] {
                var fields = [("latest", "none"), ("conclusion", "model_error")]
                if let token { fields.append(("csrf", token)) }
                #expect(try await browser.post(client, Self.adjudicatePath, fields).status == .forbidden)
                let sign = [("meaning", "approved")] + (token.map { [("csrf", $0)] } ?? [])
                #expect(try await browser.post(client, "/runs/r1/sign", sign).status == .forbidden)
            }
        }
        #expect(try fixture.auditCount() == before)
        #expect(try Self.adjudications(fixture).isEmpty)
    }

    @Test func aReviewerAdjudicatesAsTheSignedInAccount() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev")
            let page = Browser.body(try await browser.get(client, Self.vignettePath))
            let response = try await browser.post(
                client, Self.adjudicatePath,
                [
                    ("csrf", browser.csrf ?? ""), ("latest", Self.hidden("latest", in: page) ?? ""),
                    ("conclusion", "label_error"), ("diagnosis", "unstable-angina"), ("also_correct", "pericarditis, gerd"),
                    ("triage", "urgent..emergency"), ("comment", "<script>alert(4)</script> \"><img onerror=x>"),
                ])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == Self.vignettePath)
            let stored = try #require(try Self.adjudications(fixture).first)
            #expect(stored.reviewer == "rev")
            #expect(stored.conclusion == .labelError && stored.diagnosis == "unstable-angina")
            #expect(stored.alsoCorrect == ["pericarditis", "gerd"])
            #expect(stored.triage == TriageRange(lower: .urgent, upper: .emergency))
            let entry = try #require(try ResultStore(path: fixture.database).auditEntries().last)
            #expect(entry.action == .adjudication && entry.actor.hasPrefix("rev ("))
            let after = Browser.body(try await browser.get(client, Self.vignettePath))
            #expect(after.contains("<td>label_error</td>") && after.contains("<td>stands</td>"))
            #expect(!after.contains("<script>alert(4)") && after.contains("&lt;script&gt;alert(4)&lt;/script&gt;"))
            #expect(!after.contains("<img onerror"))
            #expect(Self.hidden("latest", in: after) == stored.id.map(String.init))
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
            let firstPage = Browser.body(try await first.get(client, Self.vignettePath))
            let secondPage = Browser.body(try await second.get(client, Self.vignettePath))
            let recorded = try await first.post(
                client, Self.adjudicatePath,
                [("csrf", first.csrf ?? ""), ("latest", Self.hidden("latest", in: firstPage) ?? ""), ("conclusion", "model_error")])
            #expect(recorded.status == .seeOther)
            let before = try fixture.auditCount()
            let refused = try await second.post(
                client, Self.adjudicatePath,
                [
                    ("csrf", second.csrf ?? ""), ("latest", Self.hidden("latest", in: secondPage) ?? ""),
                    ("conclusion", "unclear"), ("comment", "my careful reasoning"),
                ])
            #expect(refused.status == .conflict)
            let body = Browser.body(refused)
            #expect(body.contains("Someone recorded an adjudication of this vignette after you loaded the page"))
            #expect(body.contains(#"value="my careful reasoning""#))
            #expect(body.contains(#"<option value="unclear" selected>"#))
            #expect(body.contains("<td>model_error</td>"))
            #expect(try fixture.auditCount() == before)
            #expect(try Self.adjudications(fixture).map(\.conclusion) == [.modelError])
            // Having read the first, the second submits again from the refreshed form.
            let again = try await second.post(
                client, Self.adjudicatePath,
                [("csrf", second.csrf ?? ""), ("latest", Self.hidden("latest", in: body) ?? ""), ("conclusion", "unclear")])
            #expect(again.status == .seeOther)
            #expect(try Self.adjudications(fixture).map(\.conclusion) == [.unclear, .modelError])
        }
    }

    @Test func anInvalidAdjudicationIsRefusedNamingTheFieldAndWritesNothing() async throws {
        let fixture = try await ServerFixture()
        let before = try fixture.auditCount()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev")
            try await browser.get(client, Self.vignettePath)
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
                let response = try await browser.post(client, Self.adjudicatePath, form + fields)
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

    @Test func aReviewerCannotWaiveOrSignApprovedAndNothingIsWritten() async throws {
        let fixture = try await ServerFixture()
        let store = try ResultStore(path: fixture.database)
        try store.addUser(
            name: "rev2", permission: .reviewer, signingRole: "clinician", passwordHash: PasswordHasher(cost: 4).hash(ServerFixture.password))
        let before = try fixture.auditCount()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev2")
            let run = Browser.body(try await browser.get(client, "/runs/r1"))
            #expect(!run.contains(#"action="/runs/r1/waive""#))
            #expect(run.contains(#"action="/runs/r1/sign""#) && !run.contains(#"<option value="approved">"#))
            let digest = try #require(Self.hidden("decision", in: run))
            let waive = try await browser.post(
                client, "/runs/r1/waive",
                [("csrf", browser.csrf ?? ""), ("decision", digest), ("criterion", "top1"), ("reason", "r"), ("expires", "2030-01-01")])
            #expect(waive.status == .forbidden)
            let approve = try await browser.post(
                client, "/runs/r1/sign", [("csrf", browser.csrf ?? ""), ("decision", digest), ("meaning", "approved")])
            #expect(approve.status == .forbidden)
        }
        #expect(try fixture.auditCount() == before)
        #expect(try store.waivers(runID: "r1").isEmpty)
        #expect(try store.signatures(runID: "r1").count == 1)
    }

    @Test func aReviewerWithASigningRoleSignsReviewedAndOneWithoutIsToldWhy() async throws {
        let fixture = try await ServerFixture()
        let store = try ResultStore(path: fixture.database)
        try store.addUser(
            name: "rev2", permission: .reviewer, signingRole: "clinician", passwordHash: PasswordHasher(cost: 4).hash(ServerFixture.password))
        try await fixture.test(try fixture.server()) { client async throws in
            var without = Browser()
            try await without.signIn(client, "rev")
            let page = Browser.body(try await without.get(client, "/runs/r1"))
            #expect(page.contains("Your account has no signing role"))
            let refused = try await without.post(
                client, "/runs/r1/sign",
                [("csrf", without.csrf ?? ""), ("decision", Self.hidden("decision", in: page) ?? ""), ("meaning", "reviewed")])
            #expect(refused.status == .badRequest)
            var with = Browser()
            try await with.signIn(client, "rev2")
            let run = Browser.body(try await with.get(client, "/runs/r1"))
            let signed = try await with.post(
                client, "/runs/r1/sign",
                [
                    ("csrf", with.csrf ?? ""), ("decision", Self.hidden("decision", in: run) ?? ""), ("meaning", "reviewed"),
                    ("comment", "read it all"),
                ])
            #expect(signed.status == .seeOther && signed.headers[.location] == "/runs/r1")
        }
        let signatures = try store.signatures(runID: "r1")
        #expect(signatures.count == 2)
        #expect(signatures.last?.name == "rev2" && signatures.last?.role == "clinician" && signatures.last?.meaning == .reviewed)
        #expect(!FileManager.default.fileExists(atPath: "reports/r1"))
    }

    @Test func anApproverWaivesAndSignsAndAStaleFormIsRefused() async throws {
        let fixture = try await ServerFixture()
        let store = try ResultStore(path: fixture.database)
        try await fixture.test(try fixture.server()) { client async throws in
            var approver = Browser()
            try await approver.signIn(client, "appr")
            let run = Browser.body(try await approver.get(client, "/runs/r1"))
            #expect(run.contains(#"<option value="top1""#))
            let digest = try #require(Self.hidden("decision", in: run))
            // An expiry in the past: refused, what was typed kept.
            let past = try await approver.post(
                client, "/runs/r1/waive",
                [
                    ("csrf", approver.csrf ?? ""), ("decision", digest), ("criterion", "top1"), ("reason", "known gap"),
                    ("expires", "2001-01-01"),
                ])
            #expect(past.status == .badRequest)
            #expect(Browser.body(past).contains("Expires 2001-01-01 is in the past"))
            #expect(Browser.body(past).contains(#"value="known gap""#))
            let waived = try await approver.post(
                client, "/runs/r1/waive",
                [
                    ("csrf", approver.csrf ?? ""), ("decision", digest), ("criterion", "top1"),
                    ("reason", "<b>known gap</b>"), ("expires", "2099-12-31"), ("hazard", "HAZ-1"),
                ])
            #expect(waived.status == .seeOther)
            let after = Browser.body(try await approver.get(client, "/runs/r1"))
            #expect(after.contains("Pass: ready for release with 1 waiver."))
            #expect(after.contains("&lt;b&gt;known gap&lt;/b&gt;"))
            // The signature form of the page loaded before the waiver names the old decision.
            let before = try fixture.auditCount()
            let stale = try await approver.post(
                client, "/runs/r1/sign", [("csrf", approver.csrf ?? ""), ("decision", digest), ("meaning", "approved")])
            #expect(stale.status == .conflict)
            #expect(Browser.body(stale).contains("The run was decided again after you loaded the page"))
            #expect(try fixture.auditCount() == before)
            let current = try #require(Self.hidden("decision", in: after))
            #expect(current != digest)
            let signed = try await approver.post(
                client, "/runs/r1/sign", [("csrf", approver.csrf ?? ""), ("decision", current), ("meaning", "approved")])
            #expect(signed.status == .seeOther)
            let final = Browser.body(try await approver.get(client, "/runs/r1"))
            #expect(final.contains("<td>approved</td>"))
        }
        #expect(try store.waivers(runID: "r1").map(\.approver) == ["appr"])
        #expect(try store.signatures(runID: "r1").last?.meaning == .approved)
        #expect(try store.verifyAudit().isIntact)
    }
}
