import Hummingbird

/// The headers every response carries (docs/review-server.md), errors and redirects included:
/// a Content-Security-Policy with no external source, no MIME sniffing, no referrer, and no
/// caching of pages that show clinical data.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    /// The policy of the server's own pages: only its stylesheet, no script, no frame, forms only
    /// to itself.
    static var pagePolicy: String {
        "default-src 'none'; style-src 'self'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.pagePolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
