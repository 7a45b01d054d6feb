import ClinvalCore
import Foundation
import Hummingbird

/// Sign-in and sign-out (docs/review-server.md).
struct SignInRoutes: Sendable {
    /// The one error every failed sign-in shows, whatever failed: an unknown name, a wrong
    /// password, a disabled account or an attempt that came too soon after failures.
    static let genericError =
        "Sign-in failed. Check the name and password; after several failed attempts, wait a minute before trying again."

    let server: ReviewServer

    func add(to router: Router<ServerContext>) {
        router.get("/signin") { _, context in
            if context.user != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
            return await signInPage(context: context, error: nil, name: nil, status: .ok)
        }
        router.post("/signin") { request, context in
            try await signIn(request, context: context)
        }
        router.post("/signout") { request, context in
            _ = try await Access.form(request, context)
            if let session = context.session { await server.sessions.end(token: session.token) }
            var response = Response(status: .seeOther, headers: [.location: "/signin"])
            response.setCookie(server.cookie("", maxAge: 0, context: context))
            return response
        }
    }

    /// The sign-in page, with the session that carries its CSRF token (begun here when the
    /// request has none).
    private func signInPage(context: ServerContext, error: String?, name: String?, status: HTTPResponse.Status) async
        -> Response
    {
        let session: SessionStore.Session
        var isNew = false
        if let existing = context.session, existing.userID == nil {
            session = existing
        } else {
            session = await server.sessions.begin(userID: nil)
            isNew = true
        }
        var values: [String: Any] = [:]
        if let error { values["error"] = error }
        if let name { values["name"] = PageText.clean(name) }
        values["csrf"] = session.csrfToken
        var response = server.pages.page("signin", title: "Sign in", values: values, user: nil, csrf: nil, status: status)
        if isNew { response.setCookie(server.cookie(session.token, context: context)) }
        return response
    }

    private func signIn(_ request: Request, context: ServerContext) async throws -> Response {
        let form = try await FormBody.read(request)
        try Access.csrf(form, context)
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        let address = context.address
        guard await server.throttle.wait(account: name, address: address) == 0 else {
            return await signInPage(context: context, error: Self.genericError, name: name, status: .unauthorized)
        }
        let credentials = name.isEmpty || name.count > 200 ? nil : try server.store.credentials(named: name)
        let hasher = server.configuration.passwordHasher
        let matches = hasher.verify(password, hash: credentials?.passwordHash ?? server.decoyHash)
        guard let credentials, matches, !credentials.account.disabled else {
            await server.throttle.failed(account: name, address: address)
            context.logger.notice("sign-in failed", metadata: ["address": .string(address)])
            return await signInPage(context: context, error: Self.genericError, name: name, status: .unauthorized)
        }
        await server.throttle.succeeded(account: name)
        // A new session at sign-in: a token seen before it is worth nothing after it.
        if let old = context.session { await server.sessions.end(token: old.token) }
        let session = await server.sessions.begin(userID: credentials.account.id)
        context.logger.notice("signed in", metadata: ["user_id": .stringConvertible(credentials.account.id)])
        var response = Response(status: .seeOther, headers: [.location: "/"])
        response.setCookie(server.cookie(session.token, context: context))
        return response
    }
}
