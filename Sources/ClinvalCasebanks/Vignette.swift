import ClinvalCore

/// One clinical case of a bank: what the patient reports and the doctors' labels (docs/casebank-format.md).
///
/// - Important: ``summary`` is free text written for clinicians. Never put it in a message or a
///   log; name a vignette by its ``id``.
public struct Vignette: Sendable, Hashable, Identifiable {
    /// The id, unique in its bank (`[A-Za-z0-9._-]+`).
    public var id: String
    /// A one-line description for clinicians reading the report, if given.
    public var summary: String?
    /// Age in whole years, 0–120.
    public var age: Int
    /// The patient's sex.
    public var sex: Sex
    /// Finding codes observed present, in bank order, without repeats (may be empty).
    ///
    /// A code listed twice in the file gets a warning and is kept once.
    public var present: [String]
    /// Finding codes observed absent, in bank order, without repeats (may be empty); never shares a
    /// code with ``present``.
    public var absent: [String]
    /// The doctors' labels.
    public var gold: GoldLabel
    /// Whether this is a sentinel case that may never be missed.
    public var mustPass: Bool
    /// Tags for grouping results, without repeats.
    ///
    /// A tag is a lowercase slug, `[a-z0-9][a-z0-9-]*` (like a bank id), so the same tag cannot be
    /// written two ways (`Cardiac`, `cardiac`) and split a group.
    public var tags: [String]
    /// The 0-based position of the vignette in its bank (the `i` of `vignettes[i]`).
    public var index: Int
    /// The 1-based line where the vignette starts in its file.
    public var line: Int

    /// Creates a vignette.
    public init(
        id: String, summary: String? = nil, age: Int, sex: Sex, present: [String], absent: [String] = [],
        gold: GoldLabel, mustPass: Bool = false, tags: [String] = [], index: Int, line: Int
    ) {
        self.id = id
        self.summary = summary
        self.age = age
        self.sex = sex
        self.present = present
        self.absent = absent
        self.gold = gold
        self.mustPass = mustPass
        self.tags = tags
        self.index = index
        self.line = line
    }

    /// The finding codes of the vignette: ``present`` then ``absent``.
    public var findingCodes: [String] { present + absent }

    /// Every code the vignette names: its findings, then its gold condition codes.
    public var allCodes: [String] { findingCodes + gold.allCodes }

    /// The field path of the vignette in its bank, `vignettes[3]`, for messages.
    public var fieldPath: FieldPath { FieldPath.root.appending("vignettes").appending(index) }
}
