import ClinvalCore
import Hummingbird

/// The checks every request passes before a handler does anything (docs/review-server.md).
/// Pages send a request without a signed-in session to the sign-in page; forms refuse it (401),
/// and refuse a missing or wrong CSRF token or a permission the account lacks (403), before
/// anything is read from the form's fields or written.
enum Access {
    /// A redirect to the sign-in page, thrown by a page's handler.
    struct SignInRequired: HTTPResponseError {
        var status: HTTPResponse.Status { .seeOther }

        func response(from request: Request, context: some RequestContext) throws -> Response {
            Response(status: .seeOther, headers: [.location: "/signin"])
        }
    }

    /// The signed-in account a page needs, with at least `permission`.
    ///
    /// - Throws: ``SignInRequired`` without one; `HTTPError` 403 when its permission is lower.
    static func page(_ context: ServerContext, needs permission: Permission = .reviewer) throws -> UserAccount {
        guard let user = context.user else { throw SignInRequired() }
        guard user.permission.includes(permission) else {
            throw HTTPError(.forbidden, message: "Your account may not see this page.")
        }
        return user
    }

    /// Checks a form's CSRF token against the session's.
    ///
    /// - Throws: `HTTPError` 403 when there is no session or the token is missing or wrong.
    static func csrf(_ form: FormBody, _ context: ServerContext) throws {
        guard let session = context.session, let token = form["csrf"], SessionStore.same(token, session.csrfToken) else {
            throw HTTPError(.forbidden, message: "This form has expired or did not come from this server; load the page again.")
        }
    }

    /// The signed-in account a form that changes state needs, with at least `permission`, and
    /// the form, whose CSRF token was right. The session is checked before the body is read.
    ///
    /// - Throws: `HTTPError` 401 without a signed-in session, 403 for a missing or wrong token or
    ///   a lower permission, 415 or 413 for a body that is not a form or is too large.
    static func form(_ request: Request, _ context: ServerContext, needs permission: Permission = .reviewer)
        async throws -> (user: UserAccount, form: FormBody)
    {
        guard let user = context.user else {
            throw HTTPError(.unauthorized, message: "Sign in first.")
        }
        let form = try await FormBody.read(request)
        try csrf(form, context)
        guard user.permission.includes(permission) else {
            throw HTTPError(.forbidden, message: "Your account may not do this.")
        }
        return (user, form)
    }
}
