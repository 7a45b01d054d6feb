/// A network or evidence that the inference engine refuses to work with.
///
/// The engine validates everything it is given instead of trapping: a bad index, a probability
/// outside [0, 1] or a NaN becomes one of these cases. ``description`` is a short lowercase
/// fragment in the house style (what is wrong, what is accepted).
public enum InferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The network was given a negative number of conditions.
    case negativeConditionCount(Int)
    /// A finding's leak is not a number in [0, 1].
    case leakOutOfRange(finding: Int, value: Double)
    /// A link names a condition index outside the network.
    case linkConditionOutOfRange(link: Int, condition: Int)
    /// A link names a finding index outside the network.
    case linkFindingOutOfRange(link: Int, finding: Int)
    /// A link's probability is not a number in [0, 1].
    case linkProbabilityOutOfRange(link: Int, value: Double)
    /// Two links join the same condition and finding.
    case duplicateLink(condition: Int, finding: Int)
    /// The evidence carries a different number of priors than the network has conditions.
    case priorCountMismatch(expected: Int, found: Int)
    /// A prior is not a number in [0, 1].
    case priorOutOfRange(condition: Int, value: Double)
    /// The evidence names a finding index outside the network.
    case findingOutOfRange(Int)
    /// The evidence lists a finding as both present and absent.
    case findingBothPresentAndAbsent(Int)

    /// The problem as a short lowercase fragment.
    public var description: String {
        switch self {
        case .negativeConditionCount(let count):
            "condition count must be 0 or more, found \(count)"
        case .leakOutOfRange(let finding, let value):
            "finding \(finding): leak must be a number in [0, 1], found \(value)"
        case .linkConditionOutOfRange(let link, let condition):
            "link \(link): condition index \(condition) is outside the network"
        case .linkFindingOutOfRange(let link, let finding):
            "link \(link): finding index \(finding) is outside the network"
        case .linkProbabilityOutOfRange(let link, let value):
            "link \(link): probability must be a number in [0, 1], found \(value)"
        case .duplicateLink(let condition, let finding):
            "condition \(condition) links finding \(finding) more than once"
        case .priorCountMismatch(let expected, let found):
            "expected \(expected) priors, one per condition, found \(found)"
        case .priorOutOfRange(let condition, let value):
            "condition \(condition): prior must be a number in [0, 1], found \(value)"
        case .findingOutOfRange(let finding):
            "finding index \(finding) is outside the network"
        case .findingBothPresentAndAbsent(let finding):
            "finding \(finding) is both present and absent"
        }
    }
}
