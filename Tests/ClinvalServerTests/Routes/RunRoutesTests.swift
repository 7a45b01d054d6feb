import ClinvalCore
import ClinvalPipeline
import ClinvalStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClinvalServer

/// The runs list, a run's page and its report: for each permission, never without a session,
/// every response with the security headers, and hostile text rendered inert.
@Suite struct RunRoutesTests {
    static let pages = ["/", "/?model=mini-noisy-or&verdict=fail", "/runs/r1", "/runs/r1/report.html"]

    @Test func withoutASessionEveryPageSendsToSignIn() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            for path in Self.pages + ["/runs/nope"] {
                let response = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location] == "/signin", "\(path)")
                #expect(Browser.body(response).isEmpty || !Browser.body(response).contains("r1"))
            }
        }
    }

    @Test func everyPermissionSeesTheRunsAndTheRun() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            for (name, permission) in [("rev", "reviewer"), ("appr", "approver"), ("adm", "admin")] {
                var browser = Browser()
                try await browser.signIn(client, name)
                for path in Self.pages {
                    let response = try await browser.get(client, path)
                    #expect(response.status == .ok, "\(name) \(path)")
                }
                let run = Browser.body(try await browser.get(client, "/runs/r1"))
                #expect(run.contains("\(name) · \(permission)"))
                #expect(run.contains("<h1>Run r1</h1>"))
                #expect(run.contains("Fail: not ready for release; 1 blocking criterion failed."))
                #expect(run.contains("<td>top1</td><td>blocking</td><td>failed</td>"))
                #expect(run.contains("<td>reviewed</td>") && run.contains("<td>current</td>"))
                #expect(run.contains(#"<a href="/runs/r1/report.html">"#))
                let decided = try ResultStore(path: fixture.database).auditEntries(runID: "r1").last { $0.action == .gateDecided }
                #expect(run.contains("<dt>Audit head</dt><dd><code>\(try #require(decided).sha256)</code></dd>"))
            }
        }
    }

    @Test func theRunsListFiltersByModelAndVerdict() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev")
            for (query, shown) in [
                ("/?verdict=fail", true), ("/?verdict=pass", false), ("/?model=mini-noisy-or", true),
                ("/?model=other", false), ("/?model=mini-noisy-or&verdict=undecided", false),
            ] {
                let body = Browser.body(try await browser.get(client, query))
                #expect(body.contains(#"href="/runs/r1""#) == shown, "\(query)")
                #expect(body.contains("No runs match.") == !shown, "\(query)")
            }
            let selected = Browser.body(try await browser.get(client, "/?verdict=fail"))
            #expect(selected.contains(#"<option value="fail" selected>"#))
        }
    }

    @Test func anUnknownRunIsNotFoundAndADisabledAccountIsSignedOut() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev")
            #expect(try await browser.get(client, "/runs/nope").status == .notFound)
            #expect(try await browser.get(client, "/runs/nope/report.html").status == .notFound)
            try ResultStore(path: fixture.database).disableUser(named: "rev")
            let response = try await browser.get(client, "/runs/r1")
            #expect(response.status == .seeOther && response.headers[.location] == "/signin")
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            var responses = [try await browser.get(client, "/signin"), try await browser.get(client, "/style.css")]
            responses.append(try await browser.get(client, "/"))
            try await browser.signIn(client, "rev")
            for path in Self.pages + ["/runs/nope", "/no/such/page"] {
                responses.append(try await browser.get(client, path))
            }
            responses.append(try await browser.post(client, "/signout", [("csrf", "forged")]))
            for response in responses {
                let policy = try #require(response.headers[.contentSecurityPolicy], "\(response.status)")
                #expect(policy.hasPrefix("default-src 'none';"))
                #expect(policy.contains("img-src data:") && policy.contains("form-action 'self'"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("http") && !policy.contains("unsafe") && !policy.contains("*"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
            }
        }
    }

    @Test func theReportIsTheStoredRunsReportWithItsStyleAllowedByHash() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev")
            let response = try await browser.get(client, "/runs/r1/report.html")
            let html = Browser.body(response)
            let written = try String(contentsOfFile: fixture.folder.file("out/report.html"), encoding: .utf8)
            #expect(html == written)
            let style = try #require(RunRoutes.inlineStyle(of: html))
            let policy = response.headers[.contentSecurityPolicy] ?? ""
            #expect(policy.contains("style-src 'sha256-\(RunRoutes.base64SHA256(style))'"))
            #expect(RunRoutes.base64SHA256("") == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        }
    }

    @Test func hostileTextFromBanksAndUsersIsInertOnEveryPage() async throws {
        let fixture = try await ServerFixture()
        try ResultStore(path: fixture.database).addUser(
            name: "<script>x</script>", permission: .reviewer, signingRole: "\"><img src=x onerror=y>",
            passwordHash: PasswordHasher(cost: 4).hash(ServerFixture.password))
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            #expect(try await browser.signIn(client, "<script>x</script>").status == .seeOther)
            for path in ["/", "/runs/r1", "/runs/r1/report.html"] {
                let html = Browser.body(try await browser.get(client, path))
                #expect(!html.contains("<script"), "\(path)")
                #expect(!html.contains("<img"), "\(path)")
                #expect(!html.unicodeScalars.contains("\u{202E}"), "\(path)")
                #expect(!html.contains("]]><!--"), "\(path)")
            }
            let run = Browser.body(try await browser.get(client, "/runs/r1"))
            #expect(run.contains("&lt;script&gt;alert(1)&lt;/script&gt; [U+202E]txt.exe"))
            #expect(run.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
            #expect(run.contains("&quot;&gt;&lt;img src=x onerror=alert(3)&gt;"))
            #expect(run.contains("&lt;script&gt;x&lt;/script&gt; · reviewer · &quot;&gt;&lt;img src=x onerror=y&gt;"))
        }
    }

    @Test func noTemplateWritesAValueUnescaped() {
        for (name, text) in Templates.all {
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(name)")
        }
    }

    @Test func aRecordMadeByACommandMeanwhileShowsOnTheNextRequest() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test(try fixture.server()) { client async throws in
            var browser = Browser()
            try await browser.signIn(client, "rev")
            let before = Browser.body(try await browser.get(client, "/runs/r1"))
            #expect(before.contains("Fail: not ready for release"))
            // Another process (clinval waive) records a waiver and decides the run again.
            _ = try await ReviewCommands.waive(
                ReviewCommands.WaiverRequest(
                    database: fixture.database, runID: "r1", criterion: "top1", approver: "Dr Ola Berg",
                    role: "clinical-safety-officer", reason: "accepted", expires: "2099-01-01", writesOutputs: false),
                toolVersion: "0.0.0-test", environment: ServerFixture.environment(fixture.clock))
            let after = Browser.body(try await browser.get(client, "/runs/r1"))
            #expect(after.contains("Pass: ready for release with 1 waiver."))
            #expect(after.contains("Dr Ola Berg"))
            let report = Browser.body(try await browser.get(client, "/runs/r1/report.html"))
            #expect(report.contains("Dr Ola Berg"))
        }
    }
}
