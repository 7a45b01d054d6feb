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

    /// The baseline, resolved.
    var baselineSelection: BaselineSelection? {
        baseline.map { $0 == "latest-pass" ? .latestPass : .run($0) }
    }
}

extension RunFailure {
    /// The exit code (docs/command-line.md, Exit codes) for this failure.
    var exitCode: ExitCode {
        ExitCode(kind == .invalidInput ? ExitStatus.invalidInput : ExitStatus.runtimeFailure)
    }
}
