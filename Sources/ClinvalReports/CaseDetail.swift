import ClinvalCore

/// A `must_pass` vignette's outcome, for the JUnit bank suites (one testcase each).
public struct MustPassOutcome: Sendable, Hashable {
    /// The bank id.
    public var casebankID: String
    /// The vignette id: the JUnit test name.
    public var vignetteID: String
    /// Why it was missed ("correct condition not in the top 3"); `nil` when it passed.
    public var missReason: String?
    /// The model's latency in milliseconds, if it answered.
    public var latencyMs: Double?

    /// Creates an outcome.
    public init(casebankID: String, vignetteID: String, missReason: String?, latencyMs: Double? = nil) {
        self.casebankID = casebankID
        self.vignetteID = vignetteID
        self.missReason = missReason
        self.latencyMs = latencyMs
    }

    /// Whether the model missed the vignette.
    public var isMissed: Bool { missReason != nil }
}

/// A list of vignettes in detail, maybe cut short, with the true total.
public struct CaseList: Sendable, Hashable {
    /// The vignettes, in the order to show them.
    public var items: [CaseDetail]
    /// How many there are in all (≥ `items.count`); the reports say how many are not shown.
    public var total: Int

    /// Creates a list; `total` defaults to the number of items.
    public init(items: [CaseDetail] = [], total: Int? = nil) {
        self.items = items
        self.total = max(total ?? items.count, items.count)
    }
}

/// One vignette in detail: what the patient reported and what was recorded absent, the doctors'
/// labels beside the model's answer, and why it is listed.
public struct CaseDetail: Sendable, Hashable {
    /// The bank id.
    public var casebankID: String
    /// The vignette id.
    public var vignetteID: String
    /// The vignette's text, shown to clinicians in the HTML report only (never in `junit.xml`).
    public var summary: String?
    /// Age in whole years.
    public var age: Int
    /// Sex.
    public var sex: Sex
    /// The findings the patient reported present, in the bank's order, with their labels.
    public var presentFindings: [CaseFinding]
    /// The findings recorded absent, in the bank's order, with their labels.
    public var absentFindings: [CaseFinding]
    /// The doctors' condition code.
    public var goldDiagnosis: String
    /// Codes that also count as correct.
    public var alsoCorrect: [String]
    /// The doctors' differential, if given.
    public var goldDifferential: [String]?
    /// The lower end of the doctors' accepted triage range.
    public var goldTriageLow: TriageLevel
    /// The upper end of the accepted range (equal to the lower end for one level).
    public var goldTriageHigh: TriageLevel
    /// The triage the model returned, if it answered.
    public var modelTriage: TriageLevel?
    /// The model's first conditions, ranked, with probabilities (the writers show up to 5).
    public var modelDifferential: [RankedCondition]
    /// Whether the model answered.
    public var status: AnswerStatus
    /// The model's error text, for an error (shown capped, in the HTML report only).
    public var error: String?
    /// Why the vignette is listed: "correct condition not in the top 3", "under-triaged: self_care
    /// where emergency was required", "no answer: timeout".
    public var reason: String

    /// Creates a detail.
    public init(
        casebankID: String, vignetteID: String, summary: String? = nil, age: Int, sex: Sex,
        presentFindings: [CaseFinding] = [], absentFindings: [CaseFinding] = [], goldDiagnosis: String,
        alsoCorrect: [String] = [], goldDifferential: [String]? = nil, goldTriageLow: TriageLevel,
        goldTriageHigh: TriageLevel? = nil, modelTriage: TriageLevel?, modelDifferential: [RankedCondition],
        status: AnswerStatus = .ok, error: String? = nil, reason: String
    ) {
        self.casebankID = casebankID
        self.vignetteID = vignetteID
        self.summary = summary
        self.age = age
        self.sex = sex
        self.presentFindings = presentFindings
        self.absentFindings = absentFindings
        self.goldDiagnosis = goldDiagnosis
        self.alsoCorrect = alsoCorrect
        self.goldDifferential = goldDifferential
        self.goldTriageLow = goldTriageLow
        self.goldTriageHigh = goldTriageHigh ?? goldTriageLow
        self.modelTriage = modelTriage
        self.modelDifferential = modelDifferential
        self.status = status
        self.error = error
        self.reason = reason
    }
}
