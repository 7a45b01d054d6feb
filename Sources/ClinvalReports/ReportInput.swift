import ClinvalCore
import ClinvalMetrics
import Foundation

/// Everything the reports show about one run, built by ``ReportModelBuilder`` from a finished
/// run's vignettes and gate decision (the pipeline reads them from the database, also for
/// `clinval report`).
///
/// The reports are pure functions of this value: the same input gives the same bytes. There is no
/// generation timestamp, so outputs written again from the database are byte-identical.
///
/// ```swift
/// let input = ReportInput(run: run, counts: counts, criteria: criteria, metrics: metrics)
/// let xml = try JUnitReportWriter().render(input)
/// let html = HTMLReportWriter().render(input)
/// ```
///
/// Lists may be longer than a report shows: each writer caps what it prints (``ReportLimits``)
/// and says how many more there are. For the lists of vignettes the pipeline may also pass only
/// the first items and the true total (``CaseList/total``).
///
/// ## Topics
/// - ``RunInfo``, ``RunCounts``, ``ApproximationUse``: the run and its provenance.
/// - ``ReportedCriterion``, `MetricValue` (from ClinvalMetrics): the gate's decisions and the metric table.
/// - ``ReliabilityBin``, ``TriageConfusionCell``: the two charts.
/// - ``MustPassOutcome``, ``CaseList``, ``CaseDetail``: sentinel vignettes and misses.
public struct ReportInput: Sendable, Hashable {
    /// The run: ids, verdict, times, model, banks, policy.
    public var run: RunInfo
    /// How many vignettes ended how.
    public var counts: RunCounts
    /// The approximate inference methods used, with the number of vignettes for each.
    public var approximations: [ApproximationUse]
    /// The gate's criterion results, in policy order.
    public var criteria: [ReportedCriterion]
    /// The metric rows (every scope, every metric), in any order.
    public var metrics: [MetricValue]
    /// The 15 equal-width confidence bins of scope `all` (docs/metrics.md, `ece`), lowest first.
    /// Empty when no vignette has a differential.
    public var reliability: [ReliabilityBin]
    /// The triage confusion matrix of scope `all`: gold lower level × returned level.
    public var triageConfusion: [TriageConfusionCell]
    /// Every `must_pass` vignette of the run with its outcome, for the JUnit bank suites.
    public var mustPass: [MustPassOutcome]
    /// The missed `must_pass` vignettes in detail, for the HTML report.
    public var mustPassMisses: CaseList
    /// The worst other misses in detail (``ReportModelBuilder/worstMisses(_:limit:findingLabels:)`` chooses and
    /// orders them), for the HTML report.
    public var worstMisses: CaseList
    /// Display labels of condition codes (`J18` → `Pneumonia`), where the model file gives them.
    public var conditionLabels: [String: String]
    /// The clinical review: labels, signatures, the decision digest and the audit head.
    public var review = ReportReview()
    /// The run's adjudications: counts, the headline both ways, each adjudicated vignette.
    public var adjudications = AdjudicationSummary()

    /// Creates an input; the lists default to empty.
    public init(
        run: RunInfo, counts: RunCounts, approximations: [ApproximationUse] = [],
        criteria: [ReportedCriterion] = [], metrics: [MetricValue] = [], reliability: [ReliabilityBin] = [],
        triageConfusion: [TriageConfusionCell] = [], mustPass: [MustPassOutcome] = [],
        mustPassMisses: CaseList = CaseList(), worstMisses: CaseList = CaseList(),
        conditionLabels: [String: String] = [:]
    ) {
        self.run = run
        self.counts = counts
        self.approximations = approximations
        self.criteria = criteria
        self.metrics = metrics
        self.reliability = reliability
        self.triageConfusion = triageConfusion
        self.mustPass = mustPass
        self.mustPassMisses = mustPassMisses
        self.worstMisses = worstMisses
        self.conditionLabels = conditionLabels
    }

    /// The row of a metric in a scope (`scope` as canonical text, `all`), if there is one.
    public func metric(_ id: String, scope: String = "all") -> MetricValue? {
        metrics.first { $0.metric == id && $0.scope.description == scope }
    }
}

/// One run's identity and provenance.
public struct RunInfo: Sendable, Hashable {
    /// The run id.
    public var runID: String
    /// The verdict, or `nil` when the run did not complete (a runtime failure, exit code 3).
    public var verdict: Verdict?
    /// The run's status as stored (`running`, `complete`, `failed`).
    public var status: RunStatus
    /// Why the run did not complete, for an errored run (a short message, no vignette text).
    public var failureMessage: String?
    /// When the run started.
    public var startedAt: Date
    /// When the run finished (or stopped), if it did.
    public var finishedAt: Date?
    /// The clinval version that made the run.
    public var toolVersion: String
    /// The commit clinval was built from, if known.
    public var gitCommit: String?
    /// The host that ran it, for JUnit's `hostname` (`localhost` when unknown).
    public var hostname: String?
    /// The number of parallel jobs.
    public var jobs: Int?
    /// The shard, as `K/N`, if the run was sharded.
    public var shard: String?
    /// The run's seed (`--seed`), if any.
    public var seed: UInt64?
    /// The bootstrap settings of the policy.
    public var bootstrap: BootstrapSettings?
    /// The model's identity.
    public var model: ModelIdentity
    /// The banks of the run, in run order.
    public var casebanks: [CasebankIdentity]
    /// The policy's identity.
    public var policy: PolicyIdentity
    /// The baseline run compared with, if any.
    public var baselineRunID: String?

    /// Creates the run's description.
    public init(
        runID: String, verdict: Verdict?, status: RunStatus, failureMessage: String? = nil, startedAt: Date,
        finishedAt: Date?, toolVersion: String, gitCommit: String? = nil, hostname: String? = nil,
        jobs: Int? = nil, shard: String? = nil, seed: UInt64? = nil, bootstrap: BootstrapSettings? = nil,
        model: ModelIdentity, casebanks: [CasebankIdentity], policy: PolicyIdentity, baselineRunID: String? = nil
    ) {
        self.runID = runID
        self.verdict = verdict
        self.status = status
        self.failureMessage = failureMessage
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
        self.hostname = hostname
        self.jobs = jobs
        self.shard = shard
        self.seed = seed
        self.bootstrap = bootstrap
        self.model = model
        self.casebanks = casebanks
        self.policy = policy
        self.baselineRunID = baselineRunID
    }

    /// The run's wall-clock time in seconds (0 when it has no end, or the end is before the start).
    public var durationSeconds: Double {
        guard let finishedAt else { return 0 }
        return max(0, finishedAt.timeIntervalSince(startedAt))
    }
}

/// One approximate inference method used in the run (docs/model-format.md, Noisy-OR network).
public struct ApproximationUse: Sendable, Hashable {
    /// The method (`gibbs`).
    public var method: String
    /// Number of vignettes answered with it.
    public var vignettes: Int
    /// Its error bound or sample count, in words (`20000 samples per vignette`).
    public var detail: String?

    /// Creates the entry.
    public init(method: String, vignettes: Int, detail: String? = nil) {
        self.method = method
        self.vignettes = vignettes
        self.detail = detail
    }
}
