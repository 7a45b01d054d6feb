import ClinvalCore
import ClinvalPipeline
import ClinvalStore
import Foundation
import Hummingbird
import Logging

/// `clinval serve` (docs/review-server.md): the runs of one database, for clinicians in a
/// browser, under the accounts of `clinval users`.
///
/// Everything it shows it reads from the store or from the pipeline's functions that the
/// commands use (``ReportStage``); everything it will record goes through the pipeline's review
/// commands. Sessions and sign-in counts live in this process's memory.
public struct ReviewServer: Sendable {
    /// The session cookie's name.
    static let cookieName = "clinval_session"

    /// How the server is set up.
    public struct Configuration: Sendable {
        /// The database.
        public var database: String
        /// The address to bind (default loopback only).
        public var host: String
        /// The port.
        public var port: Int
        /// Whether cookies carry `Secure` (set when the server, or a proxy in front of it, speaks TLS).
        public var secureCookies: Bool
        /// How long a session lasts without a request.
        public var sessionIdleTimeout: TimeInterval
        /// How long a session lasts at most.
        public var sessionLifetime: TimeInterval
        /// Free failed sign-ins per account and per address before the delay starts.
        public var signInLimits: SignInThrottle.Limits
        /// The clock of sessions and sign-in delays.
        public var now: @Sendable () -> Date
        /// How passwords are checked.
        public var passwordHasher: PasswordHasher
        /// The version of clinval, recorded with the decisions the server makes again.
        public var toolVersion: String

        /// Creates a configuration.
        public init(
            database: String, host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false,
            sessionIdleTimeout: TimeInterval = 30 * 60, sessionLifetime: TimeInterval = 12 * 3600,
            signInLimits: SignInThrottle.Limits = .init(), now: @escaping @Sendable () -> Date = { Date() },
            passwordHasher: PasswordHasher = .production, toolVersion: String = "unknown"
        ) {
            self.database = database
            self.host = host
            self.port = port
            self.secureCookies = secureCookies
            self.sessionIdleTimeout = sessionIdleTimeout
            self.sessionLifetime = sessionLifetime
            self.signInLimits = signInLimits
            self.now = now
            self.passwordHasher = passwordHasher
            self.toolVersion = toolVersion
        }
    }

    /// The configuration.
    public let configuration: Configuration
    let store: ResultStore
    let sessions: SessionStore
    let throttle: SignInThrottle
    let pages: PageRenderer
    /// The review queues built so far.
    let queues = QueueCache()
    /// A hash checked when the name is unknown, so that an unknown name takes as long as a wrong password.
    let decoyHash: String

    /// Opens the database and prepares the pages.
    ///
    /// - Throws: ``RunFailure``: exit 2 when there is no database or the host is empty; exit 3
    ///   when it cannot be opened.
    public init(_ configuration: Configuration) throws {
        guard FileManager.default.fileExists(atPath: configuration.database) else {
            throw RunFailure(.invalidInput, "No database at \(configuration.database); check --db.")
        }
        guard !configuration.host.isEmpty, (1...65535).contains(configuration.port) else {
            throw RunFailure(.invalidInput, "--host may not be empty and --port takes 1 to 65535.")
        }
        do {
            store = try ResultStore(path: configuration.database, actor: "clinval serve", now: configuration.now)
        } catch {
            throw RunFailure(.runtime, "Cannot open the database \(configuration.database): \(error)")
        }
        self.configuration = configuration
        sessions = SessionStore(
            idleTimeout: configuration.sessionIdleTimeout, absoluteTimeout: configuration.sessionLifetime,
            now: configuration.now)
        throttle = SignInThrottle(limits: configuration.signInLimits, now: configuration.now)
        pages = try PageRenderer()
        decoyHash = configuration.passwordHasher.hash(SessionStore.randomToken())
    }

    /// The routes, behind the security headers and the session lookup.
    public func router() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: SecurityHeaders<ServerContext>())
        router.add(middleware: SessionMiddleware(sessions: sessions, store: store))
        router.get("/style.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: Templates.stylesheet)))
        }
        SignInRoutes(server: self).add(to: router)
        RunRoutes(server: self).add(to: router)
        QueueRoutes(server: self).add(to: router)
        VignetteRoutes(server: self).add(to: router)
        ReviewRoutes(server: self).add(to: router)
        return router
    }

    /// The application, bound to the configured host and port.
    public func application(logger: Logger = Logger(label: "clinval.serve")) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            logger: logger)
    }

    /// Serves until the process is stopped (SIGINT or SIGTERM).
    public func run(logger: Logger = Logger(label: "clinval.serve")) async throws {
        try await application(logger: logger).runService()
    }

    /// What the pipeline's review commands run with: the server's clock.
    var environment: PipelineEnvironment {
        PipelineEnvironment(now: configuration.now, passwordHasher: configuration.passwordHasher)
    }

    /// The session cookie for a token; `Secure` when configured, expiring with the session.
    func cookie(_ token: String, maxAge: Int? = nil) -> Cookie {
        Cookie(
            name: Self.cookieName, value: token, maxAge: maxAge ?? Int(configuration.sessionLifetime), path: "/",
            secure: configuration.secureCookies, httpOnly: true, sameSite: .strict)
    }
}
