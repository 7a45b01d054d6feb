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
}
