import ClinvalCore
import Foundation
import Hummingbird
import Mustache

/// Renders the pages from ``Templates`` into HTML responses.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    /// Compiles the templates.
    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Templates.all {
            try library.register(text, named: name)
        }
        self.library = library
    }

    /// A page: the template rendered with `values`, the signed-in user and the session's CSRF
    /// token (for the sign-out form) added.
    func page(
        _ template: String, title: String, values: [String: Any] = [:], user: UserAccount?, csrf: String?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var context = values
        context["title"] = PageText.clean(title)
        if let csrf { context["csrf"] = csrf }
        if let user {
            var account: [String: Any] = ["name": PageText.clean(user.name), "permission": user.permission.rawValue]
            if let role = user.signingRole { account["signingRole"] = PageText.clean(role) }
            context["user"] = account
        }
        guard let html = library.render(context, withTemplate: template) else {
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "Internal error.")))
        }
        return Self.html(html, status: status)
    }

    /// An HTML response.
    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A timestamp as the pages show it: RFC 3339 UTC.
    static func time(_ date: Date?) -> String? { date.map { RFC3339Timestamp.format($0) } }
}

extension ReviewServer {
    /// The page for a run or vignette that is not there (404).
    func notFound(_ message: String, user: UserAccount, context: ServerContext) -> Response {
        pages.page(
            "error", title: "Not found", values: ["message": message], user: user, csrf: context.session?.csrfToken,
            status: .notFound)
    }
}
