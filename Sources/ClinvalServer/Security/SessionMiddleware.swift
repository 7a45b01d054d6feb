import ClinvalCore
import ClinvalStore
import Hummingbird
import Logging

/// Finds the session a request's cookie names and reads its account again from the database, so
/// a disabled account or a changed permission takes effect at the next request.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    let sessions: SessionStore
    let store: ResultStore

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let token = request.cookies[ReviewServer.cookieName]?.value, let session = await sessions.session(token: token) {
            context.session = session
            if let id = session.userID {
                let account = try store.user(id: id)
                if let account, !account.disabled {
                    context.user = account
                } else {
                    await sessions.end(token: token)
                    context.session = nil
                }
            }
        }
        return try await next(request, context)
    }
}
