import ClinvalCore

/// A built-in noisy-OR network (docs/model-format.md), parsed and checked, ready for an inference engine.
///
/// Findings and conditions keep their declaration order; everything that refers to a finding
/// (a condition's links, a red flag) does so by the finding's index in ``findings``, so an engine
/// can work on arrays. ``findingIndex`` and ``conditionIndex`` map ids back to indexes.
///
/// ```swift
/// var diagnostics = DiagnosticList()
/// if case .noisyOR(let model)? = ModelLoader.load("models/ddxplus.json", diagnostics: &diagnostics) {
///     let fever = model.findingIndex["E_91"]
/// }
/// ```
///
/// ## Topics
/// - ``Finding``
/// - ``Condition``
/// - ``AgeBand``
/// - ``TriageRules``
/// - ``RedFlag``
public struct NoisyORModel: Sendable, Hashable {
    /// The model's name, a slug (`ddxplus-noisy-or`).
    public var name: String
    /// The model's version, as written.
    public var version: String
    /// The code system of its findings and conditions (`ddxplus`); must equal a bank's.
    public var vocabulary: String
    /// Free text about the model (a known defect, say), if given. Never printed in diagnostics.
    public var description: String?
    /// The findings, in declaration order.
    public var findings: [Finding]
    /// The conditions, in declaration order.
    public var conditions: [Condition]
    /// Thresholds and red flags for the triage level.
    public var triage: TriageRules
    /// How many conditions a differential keeps at most; `nil` keeps all.
    public var maxDifferential: Int?
    /// SHA-256 over the file's bytes, 64 lowercase hex digits.
    public var sha256: String
    /// The file, as the user named it.
    public var file: String
    /// Each finding's index in ``findings``, by id.
    public private(set) var findingIndex: [String: Int]
    /// Each condition's index in ``conditions``, by id.
    public private(set) var conditionIndex: [String: Int]

    /// Creates a model from its parts, for engines and tests that build networks in code.
    ///
    /// - Important: Nothing is checked here (``NoisyORParser`` checks files): link and red-flag
    ///   indexes must lie in `findings`, and ids must be unique (for a repeated id the index maps
    ///   keep the first).
    public init(
        name: String, version: String, vocabulary: String, description: String? = nil, findings: [Finding],
        conditions: [Condition], triage: TriageRules, maxDifferential: Int? = nil, sha256: String = "",
        file: String = ""
    ) {
        self.name = name
        self.version = version
        self.vocabulary = vocabulary
        self.description = description
        self.findings = findings
        self.conditions = conditions
        self.triage = triage
        self.maxDifferential = maxDifferential
        self.sha256 = sha256
        self.file = file
        var findingIndex: [String: Int] = [:]
        for (index, finding) in findings.enumerated() where findingIndex[finding.id] == nil {
            findingIndex[finding.id] = index
        }
        var conditionIndex: [String: Int] = [:]
        for (index, condition) in conditions.enumerated() where conditionIndex[condition.id] == nil {
            conditionIndex[condition.id] = index
        }
        self.findingIndex = findingIndex
        self.conditionIndex = conditionIndex
    }

    /// The ids of the findings, for checking a bank's codes.
    public var findingIDs: Set<String> { Set(findings.map(\.id)) }
    /// The ids of the conditions, for checking a bank's gold codes.
    public var conditionIDs: Set<String> { Set(conditions.map(\.id)) }
}

/// A finding (a symptom, sign or antecedent) that a vignette reports present or absent.
public struct Finding: Sendable, Hashable {
    /// The finding's code (`E_91`).
    public var id: String
    /// A human-readable label, if given.
    public var label: String?
    /// The probability that the finding is present with no linked condition active, in [0, 1)
    /// (default 0).
    public var leak: Double

    /// Creates a finding.
    public init(id: String, label: String? = nil, leak: Double = 0) {
        self.id = id
        self.label = label
        self.leak = leak
    }
}

/// A condition the model can diagnose, with its prior, its prior's factors and its links.
public struct Condition: Sendable, Hashable {
    /// One link from a condition to a finding: the probability `q` that the condition alone
    /// causes the finding.
    public struct Link: Sendable, Hashable {
        /// The finding's index in ``NoisyORModel/findings``.
        public var findingIndex: Int
        /// The probability that the condition causes the finding, in [0, 1].
        public var probability: Double

        /// Creates a link.
        public init(findingIndex: Int, probability: Double) {
            self.findingIndex = findingIndex
            self.probability = probability
        }
    }

    /// The condition's code (`pneumonia`).
    public var id: String
    /// A human-readable label.
    public var label: String
    /// The ICD-10 code, if given.
    public var icd10: String?
    /// How urgently a patient with this condition needs care.
    public var urgency: TriageLevel
    /// The prior probability, in (0, 1].
    public var prior: Double
    /// Factors on the prior by sex; a sex not listed has factor 1.
    public var sexFactor: [Sex: Double]
    /// Factors on the prior by age band; an age in no band has factor 1. Bands do not overlap.
    public var ageFactor: [AgeBand]
    /// The links, ordered by finding index (each finding at most once).
    public var links: [Link]

    /// Creates a condition.
    public init(
        id: String, label: String, icd10: String? = nil, urgency: TriageLevel, prior: Double,
        sexFactor: [Sex: Double] = [:], ageFactor: [AgeBand] = [], links: [Link]
    ) {
        self.id = id
        self.label = label
        self.icd10 = icd10
        self.urgency = urgency
        self.prior = prior
        self.sexFactor = sexFactor
        self.ageFactor = ageFactor
        self.links = links
    }

    /// The prior for a patient: `prior × sex_factor[sex] × age_factor(age)`, capped at 0.999
    /// (docs/model-format.md). Missing factors are 1; a factor of 0 makes the condition impossible.
    public func prior(age: Int, sex: Sex) -> Double {
        let sexFactor = sexFactor[sex] ?? 1
        let ageFactor = ageFactor.first { $0.contains(age) }?.factor ?? 1
        return min(prior * sexFactor * ageFactor, 0.999)
    }
}

/// A factor on a condition's prior for ages `from` to `to`, both included (whole years, 0–120).
public struct AgeBand: Sendable, Hashable {
    /// The first age of the band.
    public var from: Int
    /// The last age of the band (at least `from`).
    public var to: Int
    /// The factor, finite and at least 0.
    public var factor: Double

    /// Creates a band.
    public init(from: Int, to: Int, factor: Double) {
        self.from = from
        self.to = to
        self.factor = factor
    }

    /// Whether `age` lies in the band.
    public func contains(_ age: Int) -> Bool {
        from <= age && age <= to
    }

    /// Whether two bands share an age.
    public func overlaps(_ other: AgeBand) -> Bool {
        from <= other.to && other.from <= to
    }
}

/// How the model turns posteriors and findings into a triage level (docs/model-format.md, Noisy-OR network).
public struct TriageRules: Sendable, Hashable {
    /// For each level among emergency, urgent and routine, the threshold on the summed posteriors of
    /// all conditions with that urgency or above (a number above 0; the sum may exceed 1). A level
    /// without a threshold is not reachable this way; `self_care` never has one.
    public var thresholds: [TriageLevel: Double]
    /// Sets of findings whose joint presence sets a level regardless of posteriors.
    public var redFlags: [RedFlag]

    /// Creates triage rules.
    public init(thresholds: [TriageLevel: Double], redFlags: [RedFlag] = []) {
        self.thresholds = thresholds
        self.redFlags = redFlags
    }
}

/// A set of findings that, all present, set at least a given triage level.
public struct RedFlag: Sendable, Hashable {
    /// The findings' indexes in ``NoisyORModel/findings``, in the order written (no repeats).
    public var findingIndexes: [Int]
    /// The level set when all of them are present (never `self_care`).
    public var level: TriageLevel

    /// Creates a red flag.
    public init(findingIndexes: [Int], level: TriageLevel) {
        self.findingIndexes = findingIndexes
        self.level = level
    }
}
