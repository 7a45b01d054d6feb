import ClinvalCore

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
    /// `--labels`: `as-labelled` or `adjudicated`; `nil` for the policy's `labels:` (default
    /// as labelled).
    public var labels: String?

    /// The words `--labels` takes.
    public static let labelsChoices = LabelsMode.allCases.map(\.rawValue)

    /// Creates the settings.
    public init(
        baseline: String? = nil, outputFolder: String? = nil, argoOutputs: String? = nil, seed: UInt64? = nil,
        labels: String? = nil
    ) {
        self.labels = labels
        self.baseline = baseline
        self.outputFolder = outputFolder
        self.argoOutputs = argoOutputs
        self.seed = seed
    }

    /// The problem with the options, as a sentence for a usage error, or `nil`.
    public var usageProblem: String? {
        if let labels, LabelsMode(rawValue: labels) == nil {
            return "--labels takes \(Self.labelsChoices.joined(separator: " or ")); found '\(labels)'."
        }
        return nil
    }

    /// The labels mode `--labels` names, if given (checked by ``usageProblem``).
    public var labelsMode: LabelsMode? { labels.flatMap(LabelsMode.init(rawValue:)) }

    /// The baseline, resolved.
    public var baselineSelection: BaselineSelection? {
        baseline.map(BaselineSelection.init(argument:))
    }
}
