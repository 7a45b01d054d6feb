import ArgumentParser
import ClinvalPipeline
import ClinvalServer

extension Clinval {
    /// `clinval serve --db PATH [--host 127.0.0.1] [--port 8080] [--tls-cert FILE --tls-key FILE] [--trust-proxy]`.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the runs of a database to clinicians in a browser.",
            discussion: """
                Sign in with an account made by 'clinval users add'. Binds to 127.0.0.1 unless --host \
                says otherwise. For other machines, serve HTTPS with --tls-cert and --tls-key, or put a \
                TLS-terminating proxy in front of it and give --trust-proxy (docs/review-server.md). \
                Stops on SIGINT or SIGTERM. Exits 2 for invalid input.
                """)

        @Option(help: "The SQLite database.")
        var db: String = RunRequest.defaultDatabase
        @Option(help: "The address to listen on.")
        var host: String = "127.0.0.1"
        @Option(help: "The port to listen on.")
        var port: Int = 8080
        @Flag(name: .customLong("secure-cookies"), help: "Mark cookies Secure on every response (clients reach the server over TLS through a proxy).")
        var secureCookies = false
        @Option(name: .customLong("tls-cert"), help: "Serve HTTPS with this PEM certificate chain (with --tls-key).")
        var tlsCert: String?
        @Option(name: .customLong("tls-key"), help: "The PEM private key of --tls-cert.")
        var tlsKey: String?
        @Flag(name: .customLong("trust-proxy"), help: "Trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy in front.")
        var trustProxy = false

        func validate() throws {
            if (tlsCert == nil) != (tlsKey == nil) {
                throw ValidationError("--tls-cert and --tls-key go together: give both, or neither.")
            }
        }

        func run() async throws {
            let tls = tlsCert.flatMap { cert in tlsKey.map { ReviewServer.TLSFiles(certificate: cert, key: $0) } }
            let server = try ReviewServer(
                .init(
                    database: db, host: host, port: port, secureCookies: secureCookies, toolVersion: ToolInfo.version,
                    tls: tls, trustProxy: trustProxy))
            Console.printError("Serving \(db) on \(tls == nil ? "http" : "https")://\(host):\(port)/ (Ctrl-C to stop).")
            try await server.run()
        }
    }
}
