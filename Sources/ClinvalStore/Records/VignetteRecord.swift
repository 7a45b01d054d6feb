import ClinvalCore

/// One row of `vignettes`: a vignette's inputs and the doctors' labels it was scored against.
///
/// Stored so that `clinval report` works from the database alone.
public struct VignetteRecord: Sendable, Hashable {
    /// The bank id.
    public var casebankID: String
    /// The vignette id.
    public var vignetteID: String
    /// The bank's version.
    public var casebankVersion: String
    /// Age in whole years.
    public var age: Int
    /// Sex.
    public var sex: Sex
    /// Finding codes observed present.
    public var present: [String]
    /// Finding codes observed absent.
    public var absent: [String]
    /// The clinician-facing summary, if any.
    ///
    /// - Important: Free text; never put it in a message or a log.
    public var summary: String?
    /// The doctors' condition code.
    public var goldDiagnosis: String
    /// Codes that also count as correct.
    public var alsoCorrect: [String]
    /// The gold differential, if given.
    public var goldDifferential: [String]?
    /// The least urgent acceptable triage level.
    public var goldTriageLow: TriageLevel
    /// The most urgent acceptable triage level.
    public var goldTriageHigh: TriageLevel
    /// Whether the vignette is a sentinel that may never be missed.
    public var mustPass: Bool
    /// Tags.
    public var tags: [String]

    /// Creates a vignette record.
    public init(
        casebankID: String, vignetteID: String, casebankVersion: String, age: Int, sex: Sex, present: [String],
        absent: [String] = [], summary: String? = nil, goldDiagnosis: String, alsoCorrect: [String] = [],
        goldDifferential: [String]? = nil, goldTriageLow: TriageLevel, goldTriageHigh: TriageLevel,
        mustPass: Bool = false, tags: [String] = []
    ) {
        self.casebankID = casebankID
        self.vignetteID = vignetteID
        self.casebankVersion = casebankVersion
        self.age = age
        self.sex = sex
        self.present = present
        self.absent = absent
        self.summary = summary
        self.goldDiagnosis = goldDiagnosis
        self.alsoCorrect = alsoCorrect
        self.goldDifferential = goldDifferential
        self.goldTriageLow = goldTriageLow
        self.goldTriageHigh = goldTriageHigh
        self.mustPass = mustPass
        self.tags = tags
    }

    /// The vignette's key.
    public var key: VignetteKey { VignetteKey(casebankID: casebankID, vignetteID: vignetteID) }
}

extension VignetteRecord {
    /// The vignette's inputs and labels, as adjudications name them (``VignetteContent``), or
    /// `nil` when the stored triage range does not read (its low end more urgent than its high).
    public var content: VignetteContent? {
        guard let triage = TriageRange(lower: goldTriageLow, upper: goldTriageHigh) else { return nil }
        return VignetteContent(
            key: VignetteKey(casebankID: casebankID, vignetteID: vignetteID), age: age, sex: sex, present: present,
            absent: absent, summary: summary, goldDiagnosis: goldDiagnosis, alsoCorrect: alsoCorrect,
            goldDifferential: goldDifferential, goldTriage: triage, mustPass: mustPass, tags: tags)
    }
}
