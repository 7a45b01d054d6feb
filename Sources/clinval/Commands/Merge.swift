import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval merge --db OUT SHARD-DB…`.
    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the shard databases of one run into one run, then score it and decide the gate.",
            discussion: """
                Refuses shards of different runs, models or banks, overlapping shards and missing \
                shards. Exits like 'clinval run': 0 when the gate passes, 1 when it fails.
                """
        )

        @Option(help: "The database to write the merged run into.")
        var db: String

        @Argument(help: "The shard databases.")
        var shards: [String]

        @Option(help: "The gate policy the shards were run with.")
        var policy: String?

        @Option(help: "A run id in the merged database, or 'latest-pass'.")
        var baseline: String?

        @Option(help: "The output folder (default: reports/<run-id>/).")
        var out: String?

        @Option(name: .customLong("argo-outputs"), help: "Write Argo output parameters to this folder.")
        var argoOutputs: String?

        @Option(help: "Override the policy's bootstrap seed.")
        var seed: UInt64?

        func run() async throws {
            let pipeline = MergePipeline(
                database: db, shards: shards, policy: policy,
                baseline: baseline.map { $0 == "latest-pass" ? .latestPass : .run($0) }, outputFolder: out,
                argoOutputs: argoOutputs, seed: seed, toolVersion: ToolInfo.version)
            do {
                try Console.finish(try await pipeline.execute())
            } catch let failure as RunFailure {
                Console.printError("error: \(failure.message)")
                throw ExitCode(failure.kind == .invalidInput ? ExitStatus.invalidInput : ExitStatus.runtimeFailure)
            }
        }
    }
}
