/// The options of every command that decides a gate (`run`, `merge`, `gate`), as given.
public struct DecisionSettings: Sendable, Hashable {
    /// `--baseline`: a run id, or `latest-pass`.
    public var baseline: String?
    /// `--out`: the output folder; `nil` for `reports/<run-id>/`.
    public var outputFolder: String?
    /// `--argo-outputs`: where to write Argo output parameters, if anywhere.
    public var argoOutputs: String?
    /// `--seed`: overrides the policy's bootstrap seed.
    public var seed: UInt64?

    /// Creates the settings.
    public init(baseline: String? = nil, outputFolder: String? = nil, argoOutputs: String? = nil, seed: UInt64? = nil) {
        self.baseline = baseline
        self.outputFolder = outputFolder
        self.argoOutputs = argoOutputs
        self.seed = seed
    }

    /// The baseline, resolved.
    public var baselineSelection: BaselineSelection? {
        baseline.map(BaselineSelection.init(argument:))
    }
}
