import ClinvalCore
import ClinvalMetrics
import Foundation

/// What the report says of a run's adjudications (docs/clinical-review.md): how many of each
/// conclusion, how many misses and how many hits were reviewed, the headline metrics both ways
/// when any adjudication changes a label, and each adjudicated vignette.
///
/// Reviewing only misses favours the model (discrepant analysis): the counts of reviewed misses
/// and hits let a reader judge how far the corrected numbers can be trusted.
public struct AdjudicationSummary: Sendable, Hashable {
    /// One adjudicated vignette.
    public struct Item: Sendable, Hashable {
        /// The vignette.
        public var vignette: VignetteKey
        /// Its standing adjudication.
        public var adjudication: Adjudication
        /// Whether the adjudication changes the vignette's labels.
        public var changesLabels: Bool
        /// Whether the vignette was a miss against the labels as given.
        public var wasMiss: Bool

        /// Creates an item.
        public init(vignette: VignetteKey, adjudication: Adjudication, changesLabels: Bool, wasMiss: Bool) {
            self.vignette = vignette
            self.adjudication = adjudication
            self.changesLabels = changesLabels
            self.wasMiss = wasMiss
        }
    }

    /// A headline metric's point value both ways.
    public struct Headline: Sendable, Hashable {
        /// The metric's id.
        public var metric: String
        /// Against the labels as given.
        public var asLabelled: Double?
        /// Against the adjudicated labels.
        public var adjudicated: Double?

        /// Creates a row.
        public init(metric: String, asLabelled: Double?, adjudicated: Double?) {
            self.metric = metric
            self.asLabelled = asLabelled
            self.adjudicated = adjudicated
        }
    }

    /// The adjudicated vignettes, by bank id then vignette id.
    public var items: [Item]
    /// The headline metrics both ways; empty when no adjudication changes a label.
    public var headline: [Headline]

    /// Creates a summary.
    public init(items: [Item] = [], headline: [Headline] = []) {
        self.items = items
        self.headline = headline
    }

    /// How many adjudications of each conclusion.
    public var counts: [AdjudicationConclusion: Int] {
        Dictionary(items.map { ($0.adjudication.conclusion, 1) }, uniquingKeysWith: +)
    }

    /// How many reviewed vignettes were misses, and how many hits.
    public var reviewedMisses: Int { items.filter(\.wasMiss).count }
    /// How many reviewed vignettes were hits.
    public var reviewedHits: Int { items.count - reviewedMisses }

    /// The metrics shown both ways.
    public static let headlineMetrics = [
        "top1_accuracy", "top3_accuracy", "triage_accuracy", "undertriage_rate", "emergency_undertriage_rate",
    ]

    /// The summary of a run's adjudications: `outcomes` are all of the run's outcomes against the
    /// labels as given, `standing` the adjudication of each adjudicated vignette.
    public static func build(outcomes: [VignetteOutcome], standing: [VignetteKey: Adjudication]) -> AdjudicationSummary {
        guard !standing.isEmpty else { return AdjudicationSummary() }
        var items: [Item] = []
        for outcome in outcomes {
            let key = VignetteKey(casebankID: outcome.casebankID, vignetteID: outcome.vignetteID)
            guard let adjudication = standing[key] else { continue }
            items.append(
                Item(
                    vignette: key, adjudication: adjudication,
                    changesLabels: outcome.adjudicated(by: adjudication) != outcome,
                    wasMiss: ReportModelBuilder.missSeverity(VignetteScore(outcome)) != nil))
        }
        items.sort { $0.vignette < $1.vignette }
        guard items.contains(where: \.changesLabels) else { return AdjudicationSummary(items: items) }
        let before = outcomes.map(VignetteScore.init)
        let after = AdjudicatedLabels.apply(standing, to: outcomes).map(VignetteScore.init)
        let headline = headlineMetrics.map { metric in
            Headline(metric: metric, asLabelled: share(metric, before), adjudicated: share(metric, after))
        }
        return AdjudicationSummary(items: items, headline: headline)
    }

    /// A headline metric's point value over scores, from the metric registry; `nil` for an
    /// empty population.
    static func share(_ metric: String, _ scores: [VignetteScore]) -> Double? {
        MetricRegistry.definition(for: metric)?.shareValue(over: scores)
    }
}
