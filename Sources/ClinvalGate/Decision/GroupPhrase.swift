import ClinvalCore
import ClinvalMetrics

/// Names a group of vignettes (a scope, narrowed to a metric's population) in words a clinician
/// reads: "all 515 vignettes", "the 39 vignettes of bank red-flags", "the 120 emergency vignettes
/// tagged cardiac", "12 vignettes of patients aged 18–39 that the model answered with a
/// differential".
struct GroupPhrase: Sendable, Hashable {
    /// The scope.
    var scope: Scope
    /// The metric's population inside the scope.
    var population: MetricDefinition.Population

    /// Whether the group is every vignette of the run.
    var isEverything: Bool { scope == .all && population == .scope }

    /// A word before "vignettes" that names the population, if it has one.
    private var adjective: String? {
        switch population {
        case .emergencyGold: "emergency"
        case .mustPass: "must-pass"
        case .scope, .goldDifferential, .nonEmptyDifferential, .okResults: nil
        }
    }

    /// What narrows the vignettes to the scope, after "vignettes".
    private var scopeQualifier: String? {
        switch scope {
        case .all: nil
        case .casebank(let id): "of bank \(id)"
        case .tag(let tag): "tagged \(tag)"
        case .sex(let sex): "of \(sex.rawValue) patients"
        case .age(let range): "of patients aged \(range.lowerBound)–\(range.upperBound)"
        case .triage(let level): "whose gold triage starts at \(GroupPhrase.name(of: level))"
        case .condition(let code): "whose gold diagnosis is \(code)"
        }
    }

    /// What narrows the vignettes to the population, after the scope's qualifier.
    private var populationClause: String? {
        switch population {
        case .scope, .emergencyGold, .mustPass: nil
        case .goldDifferential: "with a doctors' differential"
        case .nonEmptyDifferential: "that the model answered with a differential"
        case .okResults: "that the model answered without error"
        }
    }

    /// A triage level in words: `self_care` is "self-care".
    static func name(of level: TriageLevel) -> String {
        level == .selfCare ? "self-care" : level.rawValue
    }

    /// "vignettes" with the adjective, the scope's qualifier and the population's clause.
    private func noun(plural: Bool) -> String {
        var words: [String] = []
        if let adjective { words.append(adjective) }
        words.append(plural ? "vignettes" : "vignette")
        if let scopeQualifier { words.append(scopeQualifier) }
        if let populationClause { words.append(populationClause) }
        return words.joined(separator: " ")
    }

    /// The group with its size, as the subject or object of a sentence: "all 515 vignettes",
    /// "the 39 vignettes of bank red-flags", "the single vignette tagged cardiac", "no emergency
    /// vignettes".
    ///
    /// - Parameters:
    ///   - count: The group's size.
    ///   - everything: Whether to say "all 515 vignettes" for every vignette of the run; `false`
    ///     says "the 515 vignettes" (for a part of the run that happens to be unqualified, such as
    ///     the vignettes two runs share).
    func counted(_ count: Int, everything: Bool = true) -> String {
        switch count {
        case ...0: "no " + noun(plural: true)
        case 1: "the single " + noun(plural: false)
        default: isEverything && everything ? "all \(count) vignettes" : "the \(count) " + noun(plural: true)
        }
    }

    /// The group with its size and no article: "12 vignettes tagged cardiac", "1 emergency
    /// vignette".
    func bare(_ count: Int) -> String {
        "\(count) " + noun(plural: count != 1)
    }

    /// The group without a size: "emergency vignettes of bank red-flags", "vignettes".
    var uncounted: String { noun(plural: true) }

    /// The scope alone, without a size, after "on": "all vignettes", "the vignettes tagged
    /// cardiac".
    var scopeOnly: String {
        let scopeGroup = GroupPhrase(scope: scope, population: .scope)
        return scope == .all ? "all vignettes" : "the " + scopeGroup.noun(plural: true)
    }

    /// The scope with its size, for "none of …": "the 515 vignettes", "the 39 vignettes of bank
    /// red-flags", "the single vignette tagged cardiac".
    func scopeCounted(_ count: Int) -> String {
        let scopeGroup = GroupPhrase(scope: scope, population: .scope)
        return count == 1 ? "the single " + scopeGroup.noun(plural: false) : "the \(count) " + scopeGroup.noun(plural: true)
    }

    /// A predicate saying a vignette of the scope is in the population, for "none of … has …":
    /// "has gold triage starting at emergency"; `nil` for the population `scope`.
    var membership: String? {
        switch population {
        case .scope: nil
        case .emergencyGold: "has gold triage starting at emergency"
        case .mustPass: "is marked must-pass"
        case .goldDifferential: "has a doctors' differential"
        case .nonEmptyDifferential: "was answered by the model with a differential"
        case .okResults: "was answered by the model without error"
        }
    }

    /// The opposite of ``membership``, for a scope of one vignette: "does not have gold triage
    /// starting at emergency"; `nil` for the population `scope`.
    var nonMembership: String? {
        switch population {
        case .scope: nil
        case .emergencyGold: "does not have gold triage starting at emergency"
        case .mustPass: "is not marked must-pass"
        case .goldDifferential: "does not have a doctors' differential"
        case .nonEmptyDifferential: "got no differential from the model"
        case .okResults: "ended in an error or a timeout"
        }
    }

    /// "There are no vignettes tagged cardiac" / "There are no vignettes in the run".
    var noneInScope: String {
        scope == .all ? "there are no vignettes in the run" : "there are no " + GroupPhrase(scope: scope, population: .scope).noun(plural: true)
    }
}
