import ClinvalCore

/// What happened to one vignette in a run, with the doctors' labels beside it: the input of the
/// metric computation (docs/metrics.md). The pipeline maps stored results into it.
///
/// ```swift
/// let outcome = VignetteOutcome(
///     casebankID: "red-flags", casebankVersion: "2026.11", vignetteID: "rf-001",
///     age: 58, sex: .male, goldDiagnosis: "possible-nstemi-stemi",
///     goldTriage: TriageRange(.emergency), status: .ok,
///     differential: [RankedCondition(condition: "possible-nstemi-stemi", probability: 0.71)],
///     triage: .emergency, latencyMs: 12)
/// ```
///
/// - Important: `differential` must already be ranked (probability descending, ties by condition
///   code ascending, docs/model-format.md) and hold each condition once (a repeated condition makes a
///   response malformed, so upstream records the vignette as an error). The metrics read ranks
///   from the order given.
public struct VignetteOutcome: Sendable, Hashable {
    /// The bank's id (`red-flags`).
    public var casebankID: String
    /// The bank's version (`2026.11`).
    public var casebankVersion: String
    /// The vignette's id, unique in its bank.
    public var vignetteID: String
    /// The patient's age in whole years.
    public var age: Int
    /// The patient's sex.
    public var sex: Sex
    /// The vignette's tags.
    public var tags: [String]
    /// Whether the vignette is a sentinel that may never be missed.
    public var mustPass: Bool
    /// The doctors' condition code, `gold.diagnosis`.
    public var goldDiagnosis: String
    /// Codes that also count as correct, `gold.also_correct`.
    public var alsoCorrect: [String]
    /// The doctors' differential, `gold.differential`, or `nil` when the bank gives none.
    public var goldDifferential: [String]?
    /// The acceptable triage range, `gold.triage`.
    public var goldTriage: TriageRange
    /// Whether the model answered.
    public var status: AnswerStatus
    /// The returned differential, ranked; ignored unless `status` is `.ok`.
    public var differential: [RankedCondition]
    /// The returned triage level; ignored unless `status` is `.ok`.
    public var triage: TriageLevel?
    /// The model's latency for this vignette in milliseconds, if measured.
    public var latencyMs: Double?

    /// Creates an outcome.
    public init(
        casebankID: String, casebankVersion: String, vignetteID: String, age: Int, sex: Sex,
        tags: [String] = [], mustPass: Bool = false, goldDiagnosis: String, alsoCorrect: [String] = [],
        goldDifferential: [String]? = nil, goldTriage: TriageRange, status: AnswerStatus,
        differential: [RankedCondition] = [], triage: TriageLevel? = nil, latencyMs: Double? = nil
    ) {
        self.casebankID = casebankID
        self.casebankVersion = casebankVersion
        self.vignetteID = vignetteID
        self.age = age
        self.sex = sex
        self.tags = tags
        self.mustPass = mustPass
        self.goldDiagnosis = goldDiagnosis
        self.alsoCorrect = alsoCorrect
        self.goldDifferential = goldDifferential
        self.goldTriage = goldTriage
        self.status = status
        self.differential = differential
        self.triage = triage
        self.latencyMs = latencyMs
    }

    /// The key that pairs this vignette with the same vignette in another run.
    public var pairingKey: PairingKey {
        PairingKey(casebankID: casebankID, casebankVersion: casebankVersion, vignetteID: vignetteID)
    }
}
