import ArgumentParser
import ClinvalPipeline
import ClinvalServer

extension Clinval {
    /// `clinval serve --db PATH [--host 127.0.0.1] [--port 8080]`.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the runs of a database to clinicians in a browser.",
            discussion: """
                Sign in with an account made by 'clinval users add'. Binds to 127.0.0.1 unless --host \
                says otherwise; put a TLS-terminating proxy in front of it for other machines and give \
                --secure-cookies (docs/review-server.md). Stops on SIGINT or SIGTERM. Exits 2 for \
                invalid input.
                """)

        @Option(help: "The SQLite database.")
        var db: String = RunRequest.defaultDatabase
        @Option(help: "The address to listen on.")
        var host: String = "127.0.0.1"
        @Option(help: "The port to listen on.")
        var port: Int = 8080
        @Flag(name: .customLong("secure-cookies"), help: "Mark cookies Secure (when clients reach the server over TLS).")
        var secureCookies = false

        func run() async throws {
            let server = try ReviewServer(
                .init(database: db, host: host, port: port, secureCookies: secureCookies))
            Console.printError("Serving \(db) on http://\(host):\(port)/ (Ctrl-C to stop).")
            try await server.run()
        }
    }
}
