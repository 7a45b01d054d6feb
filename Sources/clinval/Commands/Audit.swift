import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval audit verify|export`: the database's hash-chained audit trail.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the database's audit trail, or write it out.",
            subcommands: [Verify.self, Export.self])

        /// `clinval audit verify --db PATH`.
        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check the audit chain: every entry numbered in turn, linked to the one before, its digest intact.",
                discussion: "Exits 0 when the chain is intact (printing its entries and head), 1 when it is broken (naming the first bad entry), 2 when there is no database.")

            @Option(help: "The SQLite database.")
            var db: String = RunRequest.defaultDatabase

            func run() async throws {
                let verification = try AuditCommands.verify(database: db)
                Console.print(verification.line)
                try verification.exitStatus.throwIfFailure()
            }
        }

        /// `clinval audit export --db PATH [--run RUN-ID]`.
        struct Export: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write the audit entries as JSON Lines on standard output, oldest first.",
                discussion: "Each line holds seq, at, actor, action, run_id, payload, prev_sha256 and sha256.")

            @Option(help: "The SQLite database.")
            var db: String = RunRequest.defaultDatabase

            @Option(help: "Only the entries of this run.")
            var run: String?

            func run() async throws {
                try AuditCommands.export(database: db, runID: run).forEach(Console.print)
            }
        }
    }
}
