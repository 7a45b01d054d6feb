import ClinvalCore
import ClinvalReports
import ClinvalStore

/// What the review server shows of a run's results for review (docs/review-server.md): the
/// review queue, and one vignette's result with its adjudications. Read from the database with
/// the same joins the reports use (``StoredResults``), so a page and the report never disagree.
public enum ReviewQueueStage {
    /// A run's review queue, with what the queue page needs beside it.
    public struct Queue: Sendable {
        /// The run.
        public var runID: String
        /// How many results the run holds (a run still running grows, so a cached queue is
        /// recomputed when this changes).
        public var results: Int
        /// The entries, in the queue's order (``ReviewQueue/build(_:runID:knownConditions:)``).
        public var entries: [ReviewQueueEntry]
        /// The content digest of each vignette of the run, which its adjudications name.
        public var digests: [VignetteKey: String]
        /// How many entries each category holds.
        public var counts: [ReviewCategory: Int]
        /// The category of each listed vignette.
        public var categories: [VignetteKey: ReviewCategory]
        /// The banks of the listed vignettes, sorted.
        public var banks: [String]

        /// Creates a queue from its entries.
        public init(runID: String, results: Int, entries: [ReviewQueueEntry], digests: [VignetteKey: String]) {
            self.runID = runID
            self.results = results
            self.entries = entries
            self.digests = digests
            counts = Dictionary(entries.map { ($0.category, 1) }, uniquingKeysWith: +)
            categories = Dictionary(entries.map { ($0.key, $0.category) }, uniquingKeysWith: { first, _ in first })
            banks = Set(entries.map(\.key.casebankID)).sorted()
        }
    }

    /// One vignette's result for review.
    public struct VignetteReview: Sendable {
        /// What was reported, the doctors' labels and the model's answer, as the report shows them.
        public var detail: CaseDetail
        /// The vignette's tags and whether it is `must_pass`.
        public var tags: [String]
        /// Whether the vignette is `must_pass`.
        public var mustPass: Bool
        /// The digest of the vignette's content now.
        public var contentSHA256: String
        /// Every adjudication of the vignette, latest first; the first whose digest is
        /// ``contentSHA256`` stands.
        public var adjudications: [Adjudication]
        /// The model's names of its conditions and findings (code → label).
        public var conditionLabels: [String: String]
        /// Where the vignette is in the run's review queue, if it is listed.
        public var category: ReviewCategory?

        /// The id of the latest adjudication, which a form records as the state it saw.
        public var latestAdjudicationID: Int64? { adjudications.first?.id }
    }

    /// Builds a run's review queue, as labelled (adjudicating a result does not move it out).
    ///
    /// - Throws: ``RunFailure``: exit 2 for an unknown run or a shard; exit 3 for a database failure.
    public static func queue(runID: String, store: ResultStore) throws -> Queue {
        try StoredRunCommands.reading(runID, in: store.path) {
            let run = try requireRun(runID, store)
            let data = try StoredResults.load(runID: runID, store: store, labels: .asLabelled)
            let settings = try ReportSettings.decode(run.settingsJSON, runID: runID)
            let entries = ReviewQueue.build(
                data.reportVignettes, runID: runID, knownConditions: Set(settings.conditionLabels.keys))
            var digests: [VignetteKey: String] = [:]
            for entry in data.entries {
                digests[VignetteKey(casebankID: entry.labels.casebankID, vignetteID: entry.labels.vignetteID)] =
                    entry.contentSHA256
            }
            return Queue(runID: runID, results: data.entries.count, entries: entries, digests: digests)
        }
    }

    /// How many results a run holds, to tell whether a cached queue is still the run's.
    ///
    /// - Throws: ``RunFailure`` exit 3 for a database failure.
    public static func resultCount(runID: String, store: ResultStore) throws -> Int {
        try StoredRunCommands.reading(runID, in: store.path) { try store.resultCount(runID: runID) }
    }

    /// One vignette's result, labels and adjudications, or nil when the run has no result for it.
    ///
    /// - Throws: ``RunFailure``: exit 2 for an unknown run; exit 3 for a database failure.
    public static func vignette(runID: String, key: VignetteKey, store: ResultStore) throws -> VignetteReview? {
        try StoredRunCommands.reading(runID, in: store.path) {
            let run = try requireRun(runID, store)
            guard let entry = try StoredResults.entry(runID: runID, key: key, store: store) else { return nil }
            let settings = try ReportSettings.decode(run.settingsJSON, runID: runID)
            let vignette = StoredResults.reportVignette(entry)
            let category =
                ReviewQueue.missCategory(vignette, knownConditions: Set(settings.conditionLabels.keys))
            return VignetteReview(
                detail: ReportModelBuilder.caseDetail(vignette, findingLabels: settings.findingLabels),
                tags: entry.labels.tags, mustPass: entry.labels.mustPass, contentSHA256: entry.contentSHA256,
                adjudications: try store.adjudications(of: key), conditionLabels: settings.conditionLabels,
                category: category)
        }
    }

    /// The latest adjudication of each vignette of a queue, whatever the content it judged
    /// (compare its ``Adjudication/vignetteDigest`` with ``Queue/digests`` to tell whether it
    /// stands for what the run scored).
    ///
    /// - Throws: ``RunFailure`` exit 3 for a database failure.
    public static func latestAdjudications(_ queue: Queue, store: ResultStore) throws -> [VignetteKey: Adjudication] {
        try StoredRunCommands.reading(queue.runID, in: store.path) {
            var latest: [VignetteKey: Adjudication] = [:]
            for adjudication in try store.allAdjudications() where latest[adjudication.vignette] == nil {
                if queue.digests[adjudication.vignette] != nil { latest[adjudication.vignette] = adjudication }
            }
            return latest
        }
    }

    private static func requireRun(_ runID: String, _ store: ResultStore) throws -> RunRecord {
        guard let run = try store.run(id: runID) else {
            throw RunFailure(.invalidInput, "There is no run \(runID) in the database.")
        }
        guard run.shard == nil else {
            throw RunFailure(.invalidInput, "Run \(runID) is one shard of a run; review the merged run.")
        }
        return run
    }
}
