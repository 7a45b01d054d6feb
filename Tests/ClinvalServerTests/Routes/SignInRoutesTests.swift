import ClinvalCore
import ClinvalStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClinvalServer

/// Sign-in and sign-out in process: the CSRF token, one generic error, the delay after failures,
/// the session cookie's attributes, and a new session at sign-in.
@Suite struct SignInRoutesTests {
    @Test func signingInReplacesThePreSessionAndOpensTheRunsPage() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            let page = try await browser.get(client, "/signin")
            #expect(page.status == .ok)
            let before = try #require(browser.cookie)
            #expect(browser.csrf?.count == 43)
            let signedIn = try await browser.post(
                client, "/signin", [("csrf", browser.csrf ?? ""), ("name", "REV"), ("password", ServerFixture.password)])
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/")
            #expect(browser.cookie != before)
            let runs = try await browser.get(client, "/")
            #expect(runs.status == .ok)
            #expect(Browser.body(runs).contains(#"<a href="/runs/r1">r1</a>"#))
            #expect(Browser.body(runs).contains("rev · reviewer"))
            // The token from before sign-in is worth nothing now.
            let stale = try await client.execute(uri: "/", method: .get, headers: [.cookie: before], body: nil)
            #expect(stale.status == .seeOther && stale.headers[.location] == "/signin")
        }
    }

    @Test func theSessionCookieIsHttpOnlyStrictAndExpiresAndSecureOnlyWhenAsked() async throws {
        let fixture = try await ServerFixture()
        for secure in [false, true] {
            try await fixture.test(try fixture.server(secureCookies: secure)) { client async throws in
                var browser = Browser()
                try await browser.get(client, "/signin")
                let response = try await browser.post(
                    client, "/signin", [("csrf", browser.csrf ?? ""), ("name", "rev"), ("password", ServerFixture.password)])
                let cookies = response.headers[values: .setCookie]
                #expect(cookies.count == 1)
                let attributes = Set((cookies.first ?? "").split(separator: ";").dropFirst().map {
                    $0.trimmingCharacters(in: .whitespaces).lowercased()
                })
                #expect(attributes.contains("httponly") && attributes.contains("samesite=strict") && attributes.contains("path=/"))
                #expect(attributes.contains("max-age=43200"))
                #expect(attributes.contains("secure") == secure)
            }
        }
    }

    @Test func everyFailureShowsTheSameErrorAndSignsNobodyIn() async throws {
        let fixture = try await ServerFixture()
        try ResultStore(path: fixture.database).disableUser(named: "adm")
        let audit = try fixture.auditCount()
        try await fixture.test(try fixture.server(limits: .init(perAccount: 50, perAddress: 50))) { client async throws in
            for (name, password) in [("rev", "wrong password here"), ("nobody", ServerFixture.password), ("adm", ServerFixture.password), ("", "")] {
                var browser = Browser()
                let response = try await browser.signIn(client, name, password)
                #expect(response.status == .unauthorized, "\(name)")
                let body = Browser.body(response)
                #expect(body.contains(SignInRoutes.genericError), "\(name)")
                #expect(!body.contains(password) || password.isEmpty)
                let runs = try await browser.get(client, "/")
                #expect(runs.status == .seeOther && runs.headers[.location] == "/signin")
            }
        }
        #expect(try fixture.auditCount() == audit)
    }

    @Test func aMissingOrWrongCSRFTokenIsRefusedWithNothingWritten() async throws {
        let fixture = try await ServerFixture()
        let audit = try fixture.auditCount()
        try await fixture.test(try fixture.server()) { client async throws in
            for fields in [
                [("name", "rev"), ("password", ServerFixture.password)],
                [("csrf", "forged"), ("name", "rev"), ("password", ServerFixture.password)],
            ] {
                var browser = Browser()
                try await browser.get(client, "/signin")
                let before = browser.cookie
                let response = try await browser.post(client, "/signin", fields)
                #expect(response.status == .forbidden)
                #expect(browser.cookie == before)
                #expect(try await browser.get(client, "/").status == .seeOther)
            }
            // A token with no session (no cookie) is refused as well.
            var cookieless = Browser()
            try await cookieless.get(client, "/signin")
            let token = cookieless.csrf ?? ""
            cookieless.cookie = nil
            let response = try await cookieless.post(
                client, "/signin", [("csrf", token), ("name", "rev"), ("password", ServerFixture.password)])
            #expect(response.status == .forbidden)
        }
        #expect(try fixture.auditCount() == audit)
    }

    @Test func failuresDelayTheNextAttemptForTheAccountUntilTheClockMoves() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server(limits: .init(perAccount: 3, perAddress: 100))) { client async throws in
            var browser = Browser()
            for _ in 0..<3 {
                #expect(try await browser.signIn(client, "rev", "not the password").status == .unauthorized)
            }
            // The right password is refused while the delay lasts, with the same error.
            let early = try await browser.signIn(client, "rev")
            #expect(early.status == .unauthorized)
            #expect(Browser.body(early).contains("Sign-in failed."))
            // Another account from the same address is not slowed by these.
            var other = Browser()
            #expect(try await other.signIn(client, "appr").status == .seeOther)
            fixture.clock.advance(1.5)
            #expect(try await browser.signIn(client, "rev").status == .seeOther)
        }
    }

    @Test func failuresFromOneAddressSlowEveryAccount() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server(limits: .init(perAccount: 100, perAddress: 3))) { client async throws in
            var browser = Browser()
            for name in ["x1", "x2", "x3"] {
                #expect(try await browser.signIn(client, name, "not the password").status == .unauthorized)
            }
            #expect(try await browser.signIn(client, "rev").status == .unauthorized)
            fixture.clock.advance(1.5)
            #expect(try await browser.signIn(client, "rev").status == .seeOther)
        }
    }

    @Test func signingOutEndsTheSessionAndNeedsTheToken() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev")
            try await browser.get(client, "/")
            let session = browser.cookie
            #expect(try await browser.post(client, "/signout", [("csrf", "forged")]).status == .forbidden)
            #expect(try await browser.get(client, "/").status == .ok)
            let out = try await browser.post(client, "/signout", [("csrf", browser.csrf ?? "")])
            #expect(out.status == .seeOther && out.headers[.location] == "/signin")
            #expect(out.headers[values: .setCookie].first?.lowercased().contains("max-age=0") == true)
            let after = try await client.execute(uri: "/", method: .get, headers: [.cookie: session ?? ""], body: nil)
            #expect(after.status == .seeOther)
            let anonymous = try await client.execute(
                uri: "/signout", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=x"))
            #expect(anonymous.status == .unauthorized)
        }
    }
}
