import Foundation

/// A clinician's conclusion on one vignette's result (`clinval adjudicate`; a row of
/// `adjudications`).
///
/// An adjudication belongs to a vignette's content, not to a run: the bank id, the vignette id and
/// ``vignetteDigest``, the digest of the vignette's inputs and labels when it was reviewed. It
/// applies to every run on a vignette with that content, whatever the bank's version string. The
/// latest adjudication of a vignette stands; the earlier ones are its history.
public struct Adjudication: Sendable, Hashable {
    /// The adjudication's id (assigned by the store, increasing).
    public var id: Int64?
    /// The vignette reviewed.
    public var vignette: VignetteKey
    /// SHA-256 of the vignette's inputs and labels when it was reviewed (64 lowercase hex digits).
    public var vignetteDigest: String
    /// The run whose result was reviewed.
    public var runID: String
    /// What the clinician concluded.
    public var conclusion: AdjudicationConclusion
    /// The corrected gold diagnosis (`label_error`), if the diagnosis was corrected.
    public var diagnosis: String?
    /// Codes to accept as correct as well: corrected for `label_error`, added for
    /// `acceptable_alternative` (empty there means the model's first code).
    public var alsoCorrect: [String]
    /// The corrected accepted triage (`label_error`), if the triage was corrected.
    public var triage: TriageRange?
    /// The clinician's name, as given.
    public var reviewer: String
    /// Why, in the clinician's words.
    public var comment: String?
    /// When it was recorded.
    public var createdAt: Date

    /// Creates an adjudication.
    public init(
        id: Int64? = nil, vignette: VignetteKey, vignetteDigest: String, runID: String,
        conclusion: AdjudicationConclusion, diagnosis: String? = nil, alsoCorrect: [String] = [],
        triage: TriageRange? = nil, reviewer: String, comment: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.vignette = vignette
        self.vignetteDigest = vignetteDigest
        self.runID = runID
        self.conclusion = conclusion
        self.diagnosis = diagnosis
        self.alsoCorrect = alsoCorrect
        self.triage = triage
        self.reviewer = reviewer
        self.comment = comment
        self.createdAt = createdAt
    }
}
