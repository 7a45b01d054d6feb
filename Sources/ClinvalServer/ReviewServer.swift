import ClinvalCore
import ClinvalPipeline
import ClinvalStore
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOSSL

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
        /// Whether cookies carry `Secure` whatever the request (for a TLS-terminating proxy in
        /// front of the server that does not say so in `X-Forwarded-Proto`). Under the server's
        /// own TLS, and for requests a trusted proxy marks HTTPS, they carry it anyway.
        public var secureCookies: Bool
        /// The PEM certificate chain and private key the server speaks TLS with, if it does.
        public var tls: TLSFiles?
        /// Whether a reverse proxy in front of the server is trusted to set `X-Forwarded-For`
        /// and `X-Forwarded-Proto` (``ForwardedHeaders``).
        public var trustProxy: Bool
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
            passwordHasher: PasswordHasher = .production, toolVersion: String = "unknown", tls: TLSFiles? = nil,
            trustProxy: Bool = false
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
            self.tls = tls
            self.trustProxy = trustProxy
        }
    }

    /// The files of a TLS certificate and its key.
    public struct TLSFiles: Sendable, Hashable {
        /// The certificate chain, PEM, the server's certificate first.
        public var certificate: String
        /// The private key, PEM.
        public var key: String

        /// Creates the pair.
        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
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
    /// The report models of the runs shown so far.
    let runPages = RunPageCache()
    /// A hash checked when the name is unknown, so that an unknown name takes as long as a wrong password.
    let decoyHash: String
    /// The TLS configuration, when the server speaks TLS.
    let tlsConfiguration: TLSConfiguration?

    /// Opens the database and prepares the pages.
    ///
    /// - Throws: ``RunFailure``: exit 2 when there is no database, the host is empty, or a TLS
    ///   file cannot be read, is not PEM, or the key is not the certificate's; exit 3 when the
    ///   database cannot be opened.
    public init(_ configuration: Configuration) throws {
        tlsConfiguration = try configuration.tls.map(Self.loadTLS)
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
        router.add(middleware: ForwardedHeaders(servesTLS: tlsConfiguration != nil, trustsProxy: configuration.trustProxy))
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
    public func application(logger: Logger = Logger(label: "clinval.serve")) throws -> some ApplicationProtocol {
        let address = ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: nil)
        if let tlsConfiguration {
            return Application(
                router: router(), server: try .tls(.http1(), tlsConfiguration: tlsConfiguration), configuration: address,
                logger: logger)
        }
        return Application(router: router(), server: .http1(), configuration: address, logger: logger)
    }

    /// Reads and checks the certificate and key.
    static func loadTLS(_ files: TLSFiles) throws -> TLSConfiguration {
        for (file, what) in [(files.certificate, "--tls-cert"), (files.key, "--tls-key")]
        where !FileManager.default.isReadableFile(atPath: file) {
            throw RunFailure(.invalidInput, "\(what) \(file): no such readable file.")
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificate)
        } catch {
            throw RunFailure(.invalidInput, "--tls-cert \(files.certificate): not a PEM certificate.")
        }
        guard !chain.isEmpty else {
            throw RunFailure(.invalidInput, "--tls-cert \(files.certificate): holds no certificate.")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: files.key, format: .pem)
        } catch {
            throw RunFailure(.invalidInput, "--tls-key \(files.key): not a PEM private key (an encrypted key needs its passphrase removed).")
        }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw RunFailure(
                .invalidInput, "--tls-key \(files.key) is not the private key of the certificate in \(files.certificate).")
        }
        return configuration
    }

    /// Serves until the process is stopped (SIGINT or SIGTERM).
    public func run(logger: Logger = Logger(label: "clinval.serve")) async throws {
        try await application(logger: logger).runService()
    }

    /// What the pipeline's review commands run with: the server's clock.
    var environment: PipelineEnvironment {
        PipelineEnvironment(now: configuration.now, passwordHasher: configuration.passwordHasher)
    }

    /// The session cookie for a token, expiring with the session; `Secure` when configured or
    /// when the request came over HTTPS.
    func cookie(_ token: String, maxAge: Int? = nil, context: ServerContext) -> Cookie {
        Cookie(
            name: Self.cookieName, value: token, maxAge: maxAge ?? Int(configuration.sessionLifetime), path: "/",
            secure: configuration.secureCookies || context.isHTTPS, httpOnly: true, sameSite: .strict)
    }
}
