/// What an adjudication is about: a vignette's inputs and labels, without its bank's version
/// (docs/clinical-review.md). Two vignettes with the same content have the same ``sha256``, whatever their
/// banks' version strings; any change to an input or a label gives another, and the
/// adjudications of the earlier content no longer apply.
public struct VignetteContent: Sendable, Hashable {
    /// The vignette's bank and id.
    public var key: VignetteKey
    /// The patient's age in whole years.
    public var age: Int
    /// The patient's sex.
    public var sex: Sex
    /// The findings reported present, in the bank's order.
    public var present: [String]
    /// The findings recorded absent, in the bank's order.
    public var absent: [String]
    /// The vignette's summary line, if any.
    public var summary: String?
    /// The doctors' diagnosis.
    public var goldDiagnosis: String
    /// The codes that also count as correct.
    public var alsoCorrect: [String]
    /// The doctors' differential, if given.
    public var goldDifferential: [String]?
    /// The accepted triage.
    public var goldTriage: TriageRange
    /// Whether the vignette is a sentinel.
    public var mustPass: Bool
    /// The vignette's tags.
    public var tags: [String]

    /// Creates the content.
    public init(
        key: VignetteKey, age: Int, sex: Sex, present: [String], absent: [String], summary: String?,
        goldDiagnosis: String, alsoCorrect: [String], goldDifferential: [String]?, goldTriage: TriageRange,
        mustPass: Bool, tags: [String]
    ) {
        self.key = key
        self.age = age
        self.sex = sex
        self.present = present
        self.absent = absent
        self.summary = summary
        self.goldDiagnosis = goldDiagnosis
        self.alsoCorrect = alsoCorrect
        self.goldDifferential = goldDifferential
        self.goldTriage = goldTriage
        self.mustPass = mustPass
        self.tags = tags
    }

    /// The digest an adjudication names (`adjudications.vignette_digest`): SHA-256 over the
    /// netstrings (``Netstrings``) of, in order, `clinval-vignette-1`, the bank id, the vignette id,
    /// the age, the sex, the present and the absent findings (each a list: its count, then its
    /// codes), the summary (`-` and the empty field when there is none, `+` and the text
    /// otherwise), the diagnosis, the also-correct codes (a list), the differential (`-`, or `+`
    /// and a list), the triage's lower and upper levels, `1` or `0` for must-pass, and the tags (a
    /// list).
    public var sha256: String {
        var fields = Netstrings()
        fields.append("clinval-vignette-1")
        fields.append(key.casebankID)
        fields.append(key.vignetteID)
        fields.append(String(age))
        fields.append(sex.rawValue)
        fields.append(list: present)
        fields.append(list: absent)
        if let summary {
            fields.append("+")
            fields.append(summary)
        } else {
            fields.append("-")
            fields.append("")
        }
        fields.append(goldDiagnosis)
        fields.append(list: alsoCorrect)
        if let goldDifferential {
            fields.append("+")
            fields.append(list: goldDifferential)
        } else {
            fields.append("-")
        }
        fields.append(goldTriage.lower.rawValue)
        fields.append(goldTriage.upper.rawValue)
        fields.append(mustPass ? "1" : "0")
        fields.append(list: tags)
        return SHA256.hex(of: fields.bytes)
    }
}
