import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval serve` as the binary: it binds to loopback, sends a request without a session to the
/// sign-in page with the security headers, stops on SIGTERM, and refuses a missing database.
@Suite struct ServeCommandTests {
    @Test func aMissingDatabaseIsExitTwo() throws {
        let folder = TemporaryDirectory()
        let missing = folder.file("none.sqlite")
        let result = try EndToEnd.clinval(["serve", "--db", missing], expecting: 2)
        #expect(result.stderr == "error: No database at \(missing); check --db.\n")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func itServesOnLoopbackAndStopsOnSIGTERM() throws {
        let folder = TemporaryDirectory()
        let database = try UsersCommandTests.database(in: folder)
        let port = Int.random(in: 20_000...40_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CommandRunner.clinvalPath)
        server.arguments = ["serve", "--db", database, "--port", String(port)]
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        let probe = """
            import http.client, sys, time
            for attempt in range(150):
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=2)
                    connection.request("GET", "/runs/a")
                    response = connection.getresponse()
                    print(response.status, response.getheader("Location"), response.getheader("X-Content-Type-Options"))
                    print(response.getheader("Content-Security-Policy"))
                    sys.exit(0)
                except OSError:
                    time.sleep(0.1)
            sys.exit(1)
            """
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", probe, String(port)], in: "/")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "303 /signin nosniff")
        #expect(lines.last?.hasPrefix("default-src 'none';") == true)
        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)
    }

    /// A self-signed certificate for 127.0.0.1 and its key, made by `openssl`.
    static func certificate(in folder: TemporaryDirectory, name: String = "server") throws -> (cert: String, key: String) {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
            throw BrowserReviewTests.MissingTool(description: "missing tool: /usr/bin/openssl (Debian package openssl; .ci/run installs it)")
        }
        let cert = folder.file("\(name)-cert.pem"), key = folder.file("\(name)-key.pem")
        let result = try CommandRunner.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                "-subj", "/CN=clinval test", "-addext", "subjectAltName=IP:127.0.0.1",
            ], in: folder.path)
        #expect(result.exitCode == 0, "\(result.stderr)")
        return (cert, key)
    }

    @Test func itServesHTTPSWithSecureCookies() throws {
        let folder = TemporaryDirectory()
        let database = try UsersCommandTests.database(in: folder)
        let (cert, key) = try Self.certificate(in: folder)
        let port = Int.random(in: 20_000...40_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CommandRunner.clinvalPath)
        server.arguments = ["serve", "--db", database, "--port", String(port), "--tls-cert", cert, "--tls-key", key]
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        let probe = """
            import http.client, ssl, sys, time
            context = ssl.create_default_context(cafile=sys.argv[2])
            for attempt in range(150):
                try:
                    connection = http.client.HTTPSConnection("127.0.0.1", int(sys.argv[1]), timeout=2, context=context)
                    connection.request("GET", "/signin")
                    response = connection.getresponse()
                    print(response.status, connection.sock.version())
                    print(response.getheader("Set-Cookie"))
                    sys.exit(0)
                except ssl.SSLError as error:
                    print("TLS failed:", error)
                    sys.exit(1)
                except OSError:
                    time.sleep(0.1)
            sys.exit(1)
            """
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", probe, String(port), cert], in: "/")
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("200 TLSv1.") == true, "\(lines)")
        let cookie = lines.last ?? ""
        #expect(cookie.contains("clinval_session=") && cookie.contains("Secure") && cookie.contains("HttpOnly"))
        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
    }

    @Test func badTLSFilesAreExitTwoNamingTheFile() throws {
        let folder = TemporaryDirectory()
        let database = try UsersCommandTests.database(in: folder)
        let (cert, _) = try Self.certificate(in: folder)
        let (_, otherKey) = try Self.certificate(in: folder, name: "other")
        let notPEM = folder.write("not.pem", "hello\n")
        let cases: [([String], String)] = [
            (["--tls-cert", cert], "--tls-cert and --tls-key go together"),
            (["--tls-cert", folder.file("none.pem"), "--tls-key", otherKey], "none.pem: no such readable file"),
            (["--tls-cert", notPEM, "--tls-key", otherKey], "--tls-cert \(notPEM): not a PEM certificate"),
            (["--tls-cert", cert, "--tls-key", notPEM], "--tls-key \(notPEM): not a PEM private key"),
            (["--tls-cert", cert, "--tls-key", otherKey], "is not the private key of the certificate"),
        ]
        for (arguments, message) in cases {
            let result = try EndToEnd.clinval(["serve", "--db", database, "--port", "1"] + arguments, expecting: 2)
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
