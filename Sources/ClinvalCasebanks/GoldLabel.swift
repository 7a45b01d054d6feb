import ClinvalCore

/// The doctors' labels for one vignette (docs/casebank-format.md, `gold`).
public struct GoldLabel: Sendable, Hashable {
    /// The condition code the doctors chose.
    public var diagnosis: String
    /// Other condition codes that also count as a correct diagnosis (may be empty).
    public var alsoCorrect: [String]
    /// The doctors' differential, when given (never empty when given; may repeat the diagnosis).
    public var differential: [String]?
    /// The acceptable triage levels.
    public var triage: TriageRange

    /// Creates a gold label.
    public init(diagnosis: String, alsoCorrect: [String] = [], differential: [String]? = nil, triage: TriageRange) {
        self.diagnosis = diagnosis
        self.alsoCorrect = alsoCorrect
        self.differential = differential
        self.triage = triage
    }

    /// The codes that count as a correct diagnosis: the diagnosis and every `also_correct` code.
    public var correctCodes: Set<String> {
        Set(alsoCorrect).union([diagnosis])
    }

    /// Every condition code the label names (diagnosis, `also_correct`, `differential`), without
    /// repeats, in that order.
    public var allCodes: [String] {
        var seen: Set<String> = []
        return ([diagnosis] + alsoCorrect + (differential ?? [])).filter { seen.insert($0).inserted }
    }
}
