import ClinvalCore
import Hummingbird
import NIOCore

/// What the server knows of one request beyond the request itself: where it came from, and the
/// session and account its cookie names (set by ``SessionMiddleware``).
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address: the peer's, or `unknown` (a request made in process by a test);
    /// behind a trusted proxy (`--trust-proxy`), the last address of `X-Forwarded-For`.
    public var address: String
    /// Whether the client reached the server over HTTPS: the server speaks TLS, or a trusted
    /// proxy says so with `X-Forwarded-Proto: https`.
    public var isHTTPS = false
    /// The live session the request's cookie names, if any.
    public var session: SessionStore.Session?
    /// The signed-in account, read again from the database for this request; nil before sign-in
    /// or when the account was disabled since.
    public var user: UserAccount?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
