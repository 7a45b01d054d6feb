import ClinvalCore
import ClinvalRunner

/// Which run to compare against.
public enum BaselineSelection: Sendable, Hashable {
    /// A run id in the same database.
    case run(String)
    /// The latest passing run of the same model name in the database.
    case latestPass
}

/// Every setting of `clinval run`, resolved once: command line first, then the shipped defaults.
public struct RunRequest: Sendable {
    /// The shipped model.
    public static let defaultModel = "models/ddxplus-noisy-or-1.0.0.json"
    /// The shipped banks.
    public static let defaultCasebanks = ["casebanks"]
    /// The shipped gate policy.
    public static let defaultPolicy = "workflows/release-gate.yaml"
    /// The default database.
    public static let defaultDatabase = "reports/clinval.sqlite"
    /// The default folder under which each run's outputs go (`reports/<run-id>/`).
    public static let defaultReportsFolder = "reports"

    /// The model file or manifest.
    public var model: String
    /// Bank files and folders of banks.
    public var casebanks: [String]
    /// The gate policy.
    public var policy: String
    /// The SQLite database.
    public var database: String
    /// The output folder; `nil` for `reports/<run-id>/`.
    public var outputFolder: String?
    /// The baseline to compare against, if any.
    public var baseline: BaselineSelection?
    /// Batches in flight.
    public var jobs: Int
    /// Which shard to run, if any.
    public var shard: Shard?
    /// The run id; `nil` to make one.
    public var runID: String?
    /// A run to resume instead of starting a new one.
    public var resume: String?
    /// Where to write Argo output parameters, if anywhere.
    public var argoOutputs: String?
    /// Overrides the policy's bootstrap seed.
    public var seed: UInt64?
    /// Overrides the policy's labels mode (`--labels`).
    public var labels: LabelsMode?
    /// The tool's version.
    public var toolVersion: String

    /// Creates a configuration; unspecified values take the shipped defaults.
    public init(
        model: String? = nil, casebanks: [String] = [], policy: String? = nil, database: String? = nil,
        outputFolder: String? = nil, baseline: BaselineSelection? = nil, jobs: Int, shard: Shard? = nil,
        runID: String? = nil, resume: String? = nil, argoOutputs: String? = nil, seed: UInt64? = nil, labels: LabelsMode? = nil,
        toolVersion: String
    ) {
        self.model = model ?? Self.defaultModel
        self.casebanks = casebanks.isEmpty ? Self.defaultCasebanks : casebanks
        self.policy = policy ?? Self.defaultPolicy
        self.database = database ?? Self.defaultDatabase
        self.outputFolder = outputFolder
        self.baseline = baseline
        self.jobs = jobs
        self.shard = shard
        self.runID = runID
        self.resume = resume
        self.argoOutputs = argoOutputs
        self.seed = seed
        self.labels = labels
        self.toolVersion = toolVersion
    }
}
