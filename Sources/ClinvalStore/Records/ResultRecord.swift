import ClinvalCore

/// One row of `results` with its `differentials` rows: a model's answer to one vignette.
public struct ResultRecord: Sendable, Hashable {
    /// The bank id.
    public var casebankID: String
    /// The vignette id.
    public var vignetteID: String
    /// How the call ended.
    public var status: AnswerStatus
    /// The error text, for `error` and `timeout`.
    public var error: String?
    /// The returned triage level.
    public var triage: TriageLevel?
    /// The best 1-based rank of a gold code in the differential (r_i); nil when none was found.
    public var goldRank: Int?
    /// The model's latency in milliseconds.
    public var latencyMS: Double?
    /// Set when the answer was approximated; nil for an exact answer.
    public var approximation: Approximation?
    /// How many evidence codes the model did not know.
    public var unknownCodes: Int
    /// The ranked differential, rank 1 first.
    public var differential: [RankedCondition]

    /// Creates a result record.
    public init(
        casebankID: String, vignetteID: String, status: AnswerStatus, error: String? = nil,
        triage: TriageLevel? = nil, goldRank: Int? = nil, latencyMS: Double? = nil,
        approximation: Approximation? = nil, unknownCodes: Int = 0, differential: [RankedCondition] = []
    ) {
        self.casebankID = casebankID
        self.vignetteID = vignetteID
        self.status = status
        self.error = error
        self.triage = triage
        self.goldRank = goldRank
        self.latencyMS = latencyMS
        self.approximation = approximation
        self.unknownCodes = unknownCodes
        self.differential = differential
    }

    /// The vignette's key.
    public var key: VignetteKey { VignetteKey(casebankID: casebankID, vignetteID: vignetteID) }
}
