import ClinvalCore
import ClinvalPipeline
import ClinvalStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClinvalServer

/// The run page's waive and sign forms: who may use them, what they record, and stale forms.
@Suite struct ReviewRoutesTests {
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
            let digest = try #require(Browser.hidden("decision", in: run))
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
                [("csrf", without.csrf ?? ""), ("decision", Browser.hidden("decision", in: page) ?? ""), ("meaning", "reviewed")])
            #expect(refused.status == .badRequest)
            var with = Browser()
            try await with.signIn(client, "rev2")
            let run = Browser.body(try await with.get(client, "/runs/r1"))
            let signed = try await with.post(
                client, "/runs/r1/sign",
                [
                    ("csrf", with.csrf ?? ""), ("decision", Browser.hidden("decision", in: run) ?? ""), ("meaning", "reviewed"),
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
            let digest = try #require(Browser.hidden("decision", in: run))
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
            let current = try #require(Browser.hidden("decision", in: after))
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
