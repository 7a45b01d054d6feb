import ClinvalCore
import ClinvalMetrics

/// One vignette of a run as the report model reads it: the metrics' outcome (gold labels beside
/// the model's answer), its ``VignetteScore`` derived once, and what only the report shows (the
/// vignette's text and finding codes, the model's error, the approximate inference used).
///
/// ```swift
/// let vignette = ReportVignette(outcome: outcome, summary: "Crushing chest pain", error: nil)
/// vignette.score.bestRank   // derived once, read by every list of the report
/// ```
public struct ReportVignette: Sendable, Hashable {
    /// The labels and the answer, with the differential ranked (docs/metrics.md).
    public let outcome: VignetteOutcome
    /// The per-vignette quantities of ``outcome``, derived once.
    public let score: VignetteScore
    /// The vignette's text, for clinicians (the HTML report only).
    public let summary: String?
    /// The finding codes observed present, in the bank's order (the HTML report only).
    public let present: [String]
    /// The finding codes observed absent, in the bank's order (the HTML report only).
    public let absent: [String]
    /// The model's error text, for an errored vignette.
    public let error: String?
    /// The approximate inference used, if the answer was not exact.
    public let approximation: Approximation?

    /// Creates a vignette and scores it.
    public init(
        outcome: VignetteOutcome, summary: String? = nil, present: [String] = [], absent: [String] = [],
        error: String? = nil, approximation: Approximation? = nil
    ) {
        self.outcome = outcome
        self.score = VignetteScore(outcome)
        self.summary = summary
        self.present = present
        self.absent = absent
        self.error = error
        self.approximation = approximation
    }
}
