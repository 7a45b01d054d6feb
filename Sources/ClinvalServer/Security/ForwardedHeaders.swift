import Foundation
import Hummingbird

/// Sets where a request came from and whether it came over HTTPS (docs/review-server.md, Behind a
/// reverse proxy). Without a trusted proxy the forwarded headers are ignored: anyone can send
/// them. With one, the proxy appends the address it saw to `X-Forwarded-For`, so its last entry
/// is the client as far as the proxy knows (earlier entries come from the client and prove
/// nothing), and `X-Forwarded-Proto` says whether the client spoke HTTPS to the proxy.
struct ForwardedHeaders: RouterMiddleware {
    typealias Context = ServerContext

    /// Whether the server speaks TLS itself.
    let servesTLS: Bool
    /// Whether a reverse proxy in front of the server is trusted to set the headers.
    let trustsProxy: Bool

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.isHTTPS = servesTLS
        if trustsProxy {
            let hops = request.headers[values: .init("X-Forwarded-For")!].flatMap { $0.split(separator: ",") }
            if let last = hops.last?.trimmingCharacters(in: .whitespaces), !last.isEmpty, last.count <= 64 {
                context.address = last
            }
            if let proto = request.headers[values: .init("X-Forwarded-Proto")!].last?.split(separator: ",").last {
                context.isHTTPS = proto.trimmingCharacters(in: .whitespaces).lowercased() == "https"
            }
        }
        return try await next(request, context)
    }
}
