import ClinvalCore
import ClinvalMetrics

/// Why a vignette's result is in a run's review queue, in the order the queue lists them: the
/// most dangerous misses first, then a random sample of hits (docs/review-server.md, The review
/// queue). A vignette is listed once, under the first category that applies.
public enum ReviewCategory: String, Sendable, Hashable, CaseIterable, Comparable {
    /// A `must_pass` vignette that failed the must-pass test (``VignetteScore/isMustPassFailure``).
    case mustPassMissed = "must_pass_missed"
    /// An emergency not sent to emergency care.
    case emergencyUndertriage = "emergency_undertriage"
    /// An answer advising less urgent care than the labels' range.
    case undertriage
    /// The correct condition not in the top 3, or no answer (an error or a timeout).
    case diagnosisMiss = "diagnosis_miss"
    /// An answer naming a condition the run's vocabulary does not know, so that it could not be
    /// scored as given (a code outside the model's conditions).
    case unmatched
    /// A hit drawn at random, so that reviewers also check what the run counts as correct.
    case sample

    /// The category's words on the page.
    public var title: String {
        switch self {
        case .mustPassMissed: "Missed must-pass vignettes"
        case .emergencyUndertriage: "Emergencies under-triaged"
        case .undertriage: "Under-triaged"
        case .diagnosisMiss: "Diagnosis misses"
        case .unmatched: "Unmatched answers"
        case .sample: "Random sample of hits"
        }
    }

    public static func < (left: ReviewCategory, right: ReviewCategory) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }
}

/// One vignette in a run's review queue.
public struct ReviewQueueEntry: Sendable, Hashable {
    /// The vignette.
    public var key: VignetteKey
    /// Why it is listed.
    public var category: ReviewCategory
    /// The miss in words (``ReportModelBuilder/missReason(_:)``), or "correct" for a sampled hit.
    public var reason: String
    /// Whether the vignette is `must_pass`.
    public var mustPass: Bool

    /// Creates an entry.
    public init(key: VignetteKey, category: ReviewCategory, reason: String, mustPass: Bool) {
        self.key = key
        self.category = category
        self.reason = reason
        self.mustPass = mustPass
    }
}

/// A run's review queue (docs/review-server.md): which results clinicians should look at, and in
/// which order. Pure: the same vignettes and run id give the same queue.
public enum ReviewQueue {
    /// The share of hits sampled (5%), with at least ``sampleMinimum`` (or every hit, when there
    /// are fewer) and at most ``sampleMaximum``.
    public static let sampleRate = 0.05
    /// The fewest hits sampled when there are that many.
    public static let sampleMinimum = 10
    /// The most hits sampled.
    public static let sampleMaximum = 500

    /// The category of a vignette that is a miss, or nil for a hit.
    ///
    /// - Parameter knownConditions: The conditions the run's model knows; an answer naming
    ///   another code is ``ReviewCategory/unmatched``. Empty: no check.
    public static func missCategory(_ vignette: ReportVignette, knownConditions: Set<String> = []) -> ReviewCategory? {
        let score = vignette.score
        if vignette.outcome.mustPass && score.isMustPassFailure { return .mustPassMissed }
        if score.hasEmergencyGold && score.isBelowEmergency { return .emergencyUndertriage }
        if score.isUndertriaged && !score.isError { return .undertriage }
        if score.isError || !score.isInTop(3) { return .diagnosisMiss }
        if !knownConditions.isEmpty,
            vignette.outcome.differential.contains(where: { !knownConditions.contains($0.condition) })
        {
            return .unmatched
        }
        return nil
    }

    /// The queue of a run: every miss under its category, then the sampled hits; within a
    /// category, by bank id then vignette id.
    ///
    /// The sample is the hits with the smallest ``sampleRank(runID:key:)``: random-looking but
    /// the same on every page load and every server, and different from one run to the next.
    public static func build(
        _ vignettes: [ReportVignette], runID: String, knownConditions: Set<String> = []
    ) -> [ReviewQueueEntry] {
        var entries: [ReviewQueueEntry] = []
        var hits: [(rank: UInt64, entry: ReviewQueueEntry)] = []
        for vignette in vignettes {
            let key = VignetteKey(casebankID: vignette.outcome.casebankID, vignetteID: vignette.outcome.vignetteID)
            if let category = missCategory(vignette, knownConditions: knownConditions) {
                let reason =
                    category == .unmatched
                    ? "an answer names a condition the model does not know"
                    : ReportModelBuilder.missReason(vignette)
                entries.append(
                    ReviewQueueEntry(key: key, category: category, reason: reason, mustPass: vignette.outcome.mustPass))
            } else {
                hits.append(
                    (
                        sampleRank(runID: runID, key: key),
                        ReviewQueueEntry(key: key, category: .sample, reason: "correct", mustPass: vignette.outcome.mustPass)
                    ))
            }
        }
        let wanted = sampleSize(hits: hits.count)
        let sampled = hits.sorted { $0.rank < $1.rank }.prefix(wanted).map(\.entry)
        entries.append(contentsOf: sampled)
        return entries.sorted { left, right in
            if left.category != right.category { return left.category < right.category }
            return (left.key.casebankID, left.key.vignetteID) < (right.key.casebankID, right.key.vignetteID)
        }
    }

    /// How many of `hits` hits are sampled.
    public static func sampleSize(hits: Int) -> Int {
        let share = Int((Double(hits) * sampleRate).rounded(.up))
        return min(hits, min(sampleMaximum, max(sampleMinimum, share)))
    }

    /// A vignette's place in the sampling order of a run: the 64-bit FNV-1a hash of the UTF-8 of
    /// `RUN-ID`, a zero byte, `BANK/ID`, mixed by MurmurHash3's 64-bit finalizer (FNV-1a alone
    /// keeps ids that differ only in their last characters in order).
    public static func sampleRank(runID: String, key: VignetteKey) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for byte in runID.utf8 { mix(byte) }
        mix(0)
        for byte in key.description.utf8 { mix(byte) }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}
