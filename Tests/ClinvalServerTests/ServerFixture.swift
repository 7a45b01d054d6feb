import ClinvalCore
import ClinvalPipeline
import ClinvalStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import _ClinvalTestSupport

@testable import ClinvalServer

/// A database with one decided run of the mini bank, whose title, source and curators carry
/// markup and a bidirectional control, a signature whose name and comment carry markup, and an
/// account of each permission; and the server over it.
struct ServerFixture {
    static let password = "a long enough password"
    static let hostileTitle = "<script>alert(1)</script> \u{202E}txt.exe"
    static let hostileSource = "\"><img src=x onerror=alert(2)>"
    static let hostileCurator = "]]><!-- -->"
    static let hostileSigner = "\"><img src=x onerror=alert(3)>"
    static let logger = Logger(label: "clinval.tests") { _ in SwiftLogNoOpLogHandler() }

    let folder = TemporaryDirectory()
    let database: String
    let clock = TestClock()

    init() async throws {
        database = folder.file("runs.sqlite")
        let bank = try String(contentsOfFile: PackagePaths.fixture("casebanks/mini.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "title: Four demonstration vignettes", with: "title: " + Self.yamlQuoted(Self.hostileTitle))
            .replacingOccurrences(
                of: "source: Written for the clinval test suite from the DDXPlus knowledge base (synthetic, not doctor-labelled)",
                with: "source: " + Self.yamlQuoted(Self.hostileSource))
            .replacingOccurrences(of: "curators: [\"Test panel\"]", with: "curators: [" + Self.yamlQuoted(Self.hostileCurator) + "]")
        let bankPath = folder.write("mini.yaml", bank)
        let policy = folder.write(
            "policy.yaml",
            """
            gate: server-tests
            bootstrap: {resamples: 100, seed: 7}
            criteria:
              - id: top1
                metric: top1_accuracy
                min: 0.99
              - id: error-rate
                metric: error_rate
                max: 0.25

            """)
        let environment = Self.environment(clock)
        _ = try await RunPipeline(
            request: RunRequest(
                model: PackagePaths.fixture("models/mini-noisy-or.json"), casebanks: [bankPath], policy: policy,
                database: database, outputFolder: folder.file("out"), jobs: 1, runID: "r1", toolVersion: "0.0.0-test"),
            environment: environment
        ).execute(logger: Self.logger)
        _ = try await ReviewCommands.sign(
            database: database, runID: "r1", name: Self.hostileSigner, role: "clinical-safety-officer",
            meaning: "reviewed", comment: "<b>looked</b> ]]>", outputFolder: folder.file("out"), toolVersion: "0.0.0-test",
            environment: environment)
        let store = try ResultStore(path: database)
        let hasher = PasswordHasher(cost: 4)
        for (name, permission) in [("rev", Permission.reviewer), ("appr", .approver), ("adm", .admin)] {
            try store.addUser(
                name: name, permission: permission, signingRole: permission == .reviewer ? nil : "clinical-safety-officer",
                passwordHash: hasher.hash(Self.password))
        }
    }

    static func environment(_ clock: TestClock) -> PipelineEnvironment {
        PipelineEnvironment(
            now: clock.now, hostname: { "test-host" }, userName: { "test-user" }, gitCommit: nil, variables: [:],
            passwordHasher: PasswordHasher(cost: 4))
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\u{202E}", with: "\\u202E") + "\""
    }

    /// The server over the fixture's database.
    func server(limits: SignInThrottle.Limits = .init(), secureCookies: Bool = false, trustProxy: Bool = false) throws
        -> ReviewServer
    {
        try ReviewServer(
            .init(
                database: database, secureCookies: secureCookies, signInLimits: limits, now: clock.now,
                passwordHasher: PasswordHasher(cost: 4), trustProxy: trustProxy))
    }

    /// Runs requests against the server in process.
    func test<Value: Sendable>(
        _ server: ReviewServer, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await server.application(logger: Self.logger).test(.router, body)
    }

    func auditCount() throws -> Int { try ResultStore(path: database).auditEntries().count }

    /// Every adjudication in the database, latest first.
    func adjudications() throws -> [Adjudication] { try ResultStore(path: database).allAdjudications() }

    /// The page of run r1's must-pass vignette, and its adjudication form's action.
    static let vignettePath = "/runs/r1/vignettes/mini/mini-001"
    static let adjudicatePath = vignettePath + "/adjudicate"
}

/// A browser's view of the server: its session cookie and the CSRF token of the latest page.
struct Browser {
    var cookie: String?
    var csrf: String?
    /// Headers sent with every request (a proxy's forwarded headers, say).
    var extraHeaders = HTTPFields()

    /// `name=value` of the session cookie a response sets, if it sets one.
    static func sessionCookie(_ response: TestResponse) -> String? {
        for value in response.headers[values: .setCookie] where value.hasPrefix("clinval_session=") {
            return String(value.split(separator: ";")[0])
        }
        return nil
    }

    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The value of a hidden field of a page's form.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// The CSRF token a page's form carries.
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    var headers: HTTPFields {
        var fields = extraHeaders
        if let cookie { fields[.cookie] = cookie }
        return fields
    }

    /// GETs a path, keeping the cookie and CSRF token it gives.
    @discardableResult
    mutating func get(_ client: any TestClientProtocol, _ path: String) async throws -> TestResponse {
        let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
        if let cookie = Self.sessionCookie(response) { self.cookie = cookie }
        if let token = Self.csrf(in: Self.body(response)) { csrf = token }
        return response
    }

    /// POSTs a form.
    @discardableResult
    mutating func post(_ client: any TestClientProtocol, _ path: String, _ fields: [(String, String)]) async throws
        -> TestResponse
    {
        var headers = self.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        if let cookie = Self.sessionCookie(response) { self.cookie = cookie }
        return response
    }

    /// Loads the sign-in page and signs in.
    @discardableResult
    mutating func signIn(_ client: any TestClientProtocol, _ name: String, _ password: String = ServerFixture.password)
        async throws -> TestResponse
    {
        try await get(client, "/signin")
        return try await post(client, "/signin", [("csrf", csrf ?? ""), ("name", name), ("password", password)])
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
