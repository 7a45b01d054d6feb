import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ClinvalServer

/// Forwarded headers count only from a trusted proxy: the client's address for the sign-in delay
/// is the last hop of `X-Forwarded-For`, and `X-Forwarded-Proto: https` makes cookies Secure.
@Suite struct ForwardedHeadersTests {
    static func behindProxy(_ client: String, proto: String = "https") -> HTTPFields {
        var fields = HTTPFields()
        // The first hop is whatever the client claimed; the proxy appended what it saw.
        fields[.init("X-Forwarded-For")!] = "203.0.113.99, \(client)"
        fields[.init("X-Forwarded-Proto")!] = proto
        return fields
    }

    /// Three failed sign-ins from one client, then a sign-in of a good account from `next`:
    /// whether it is delayed (refused) tells which address the failures counted against.
    static func signInAfterFailures(trustProxy: Bool, next: String) async throws -> HTTPResponse.Status {
        let fixture = try await ServerFixture()
        let server = try fixture.server(limits: .init(perAccount: 100, perAddress: 3), trustProxy: trustProxy)
        return try await fixture.test(server) { client async throws in
            var attacker = Browser(extraHeaders: Self.behindProxy("198.51.100.7"))
            for name in ["x1", "x2", "x3"] {
                #expect(try await attacker.signIn(client, name, "not the password").status == .unauthorized)
            }
            var colleague = Browser(extraHeaders: Self.behindProxy(next))
            return try await colleague.signIn(client, "rev").status
        }
    }

    @Test func behindATrustedProxyTheDelayKeysOnTheForwardedAddress() async throws {
        #expect(try await Self.signInAfterFailures(trustProxy: true, next: "192.0.2.10") == .seeOther)
        #expect(try await Self.signInAfterFailures(trustProxy: true, next: "198.51.100.7") == .unauthorized)
    }

    @Test func withoutTrustTheForwardedHeadersAreIgnored() async throws {
        // Every request comes from the same peer, whatever the headers claim.
        #expect(try await Self.signInAfterFailures(trustProxy: false, next: "192.0.2.10") == .unauthorized)
    }

    @Test func aTrustedProxysHTTPSMakesCookiesSecure() async throws {
        let fixture = try await ServerFixture()
        for (trust, proto, secure) in [(true, "https", true), (true, "http", false), (false, "https", false)] {
            try await fixture.test(try fixture.server(trustProxy: trust)) { client async throws in
                var browser = Browser(extraHeaders: Self.behindProxy("192.0.2.10", proto: proto))
                let page = try await browser.get(client, "/signin")
                let cookie = try #require(page.headers[values: .setCookie].first)
                #expect(cookie.contains("Secure") == secure, "trust \(trust), \(proto): \(cookie)")
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            }
        }
    }
}
