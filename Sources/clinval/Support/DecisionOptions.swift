import ArgumentParser
import ClinvalPipeline

/// The options of every command that decides a gate (`run`, `merge`, `gate`): baseline, outputs
/// and seed.
struct DecisionOptions: ParsableArguments {
    @Option(help: "A run id in the database, or 'latest-pass' for the latest passing run of the same model name.")
    var baseline: String?

    @Option(help: "The output folder (default: reports/<run-id>/).")
    var out: String?

    @Option(name: .customLong("argo-outputs"), help: "Write Argo output parameters, one file per value, to this folder.")
    var argoOutputs: String?

    @Option(help: "Override the policy's bootstrap seed.")
    var seed: UInt64?

    @Option(help: "Score against the labels 'as-labelled' or 'adjudicated' (default: the policy's labels:, else as-labelled).")
    var labels: String?

    /// The options, as the pipeline takes them.
    var settings: DecisionSettings {
        DecisionSettings(baseline: baseline, outputFolder: out, argoOutputs: argoOutputs, seed: seed, labels: labels)
    }

    func validate() throws {
        if let problem = settings.usageProblem { throw ValidationError(problem) }
    }
}
