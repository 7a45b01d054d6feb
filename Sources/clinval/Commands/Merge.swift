import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval merge --db OUT SHARD-DB…`.
    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the shard databases of one run into one run, then score it and decide the gate.",
            discussion: """
                Refuses shards of different runs, models, banks or policies, overlapping shards and \
                missing shards. Decides with the policy the shards were run with, which they store; \
                shards of an older clinval need it given with --policy. Exits like 'clinval run': 0 when the gate passes, 1 when it fails.
                """
        )

        @Option(help: "The database to write the merged run into.")
        var db: String

        @Argument(help: "The shard databases.")
        var shards: [String]

        @Option(help: "The gate policy the shards were run with (default: the policy the shards stored).")
        var policy: String?

        @OptionGroup var decision: DecisionOptions

        func run() async throws {
            let pipeline = MergePipeline(
                database: db, shards: shards, policy: policy, decision: decision.settings, toolVersion: ToolInfo.version)
            let outcome = try await pipeline.execute()
            Console.print(outcome.summaryLine)
            try outcome.exitStatus.throwIfFailure()
        }
    }
}
