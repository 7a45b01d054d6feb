import ClinvalCore
extension Scope {
    /// Whether a vignette belongs to the scope (docs/gate-policy.md).
    ///
    /// `casebank:ID` matches the bank id (any version); `tag:T` a vignette carrying the tag;
    /// `sex:S` the patient's sex; `age:LO-HI` ages from LO to HI inclusive; `triage:LEVEL` a gold
    /// range starting at LEVEL (lo = LEVEL); `condition:CODE` a gold diagnosis equal to CODE.
    public func contains(_ outcome: VignetteOutcome) -> Bool {
        switch self {
        case .all: true
        case .casebank(let id): outcome.casebankID == id
        case .tag(let tag): outcome.tags.contains(tag)
        case .sex(let sex): outcome.sex == sex
        case .age(let range): range.contains(outcome.age)
        case .triage(let level): outcome.goldTriage.lower == level
        case .condition(let code): outcome.goldDiagnosis == code
        }
    }

    /// The scopes stored for every run over these vignettes (docs/metrics.md): `all`, one
    /// `casebank:ID` per bank and one `tag:T` per tag (each in order of first appearance), then
    /// ``standardBreakdowns``. Scopes that criteria name are added by the caller.
    public static func breakdowns(for outcomes: [VignetteOutcome]) -> [Scope] {
        var banks: [String] = []
        var seenBanks: Set<String> = []
        var tags: [String] = []
        var seenTags: Set<String> = []
        for outcome in outcomes {
            if seenBanks.insert(outcome.casebankID).inserted { banks.append(outcome.casebankID) }
            for tag in outcome.tags where seenTags.insert(tag).inserted { tags.append(tag) }
        }
        return [.all] + banks.map { .casebank($0) } + tags.map { .tag($0) } + standardBreakdowns
    }
}
