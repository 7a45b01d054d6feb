/// The arithmetic an exact result was computed in.
///
/// The engine starts in `double` and moves up only when the per-vignette error bound says the
/// cancellation in inclusion–exclusion needs more bits (see ``Posterior/errorBound``).
public enum ExactArithmetic: String, Sendable, Hashable, CaseIterable {
    /// IEEE binary64, unit roundoff 2⁻⁵³.
    case double
    /// Binary64 variable elimination over the sequential decomposition of each finding
    /// (`FrontierElimination`): every term is non-negative, so there is no cancellation and
    /// binary64 is always enough.
    case elimination
    /// x87 80-bit extended (64-bit significand, unit roundoff 2⁻⁶⁴); x86 only.
    case extended80
    /// Double-double (an unevaluated sum of two binary64 numbers, about 2⁻¹⁰⁴ per operation).
    case doubleDouble
    /// Enumeration of every joint state of the component's conditions: all terms are positive,
    /// so binary64 with compensated sums is accurate whatever the evidence.
    case conditionEnumeration
}

/// How a posterior was computed.
public enum InferenceMethod: Sendable, Hashable {
    /// Exact inference; the arithmetic is the widest one any component needed.
    case exact(ExactArithmetic)
    /// Gibbs sampling with Rao–Blackwellised marginals: `samples` sweeps after burn-in, from a
    /// xoshiro256** generator seeded with `seed` (identical on every machine).
    case approximate(samples: Int, seed: UInt64)

    /// Whether the marginals are estimates rather than exact values.
    public var isApproximate: Bool {
        if case .approximate = self { return true }
        return false
    }

    /// A stable identifier for reports: `exact-double`, `exact-extended80`,
    /// `exact-double-double`, `exact-condition-enumeration` or `gibbs`.
    public var id: String {
        switch self {
        case .exact(.double): "exact-double"
        case .exact(.elimination): "exact-elimination"
        case .exact(.extended80): "exact-extended80"
        case .exact(.doubleDouble): "exact-double-double"
        case .exact(.conditionEnumeration): "exact-condition-enumeration"
        case .approximate: "gibbs"
        }
    }
}

/// The posterior marginals of one vignette and how they were obtained.
public struct Posterior: Sendable, Hashable {
    /// `P(condition present | evidence)` for every condition, indexed by condition, each in [0, 1].
    ///
    /// All zero when ``impossibleEvidence`` is set.
    public var marginals: [Double]
    /// The method; approximate when any component of the evidence had to be sampled.
    public var method: InferenceMethod
    /// The number of positive findings that needed inclusion–exclusion: present findings with two
    /// or more possible, uncertain causes, summed over independent components.
    public var sharedPositiveCount: Int
    /// The size of the largest independent component (in shared positive findings); enumeration
    /// costs 2 to this power.
    public var largestComponent: Int
    /// For an exact result, a rigorous bound (to first order in the unit roundoff) on the absolute
    /// error of every marginal; `nil` for an approximate result.
    public var errorBound: Double?
    /// Whether the evidence has probability zero under the model (for example a present finding
    /// with leak 0 and no possible cause, or an absent finding with leak 1). The marginals are then
    /// all zero and the method is exact.
    public var impossibleEvidence: Bool

    /// Creates a posterior.
    /// - Parameters:
    ///   - marginals: One probability per condition.
    ///   - method: How the marginals were computed.
    ///   - sharedPositiveCount: Shared positive findings enumerated.
    ///   - largestComponent: Shared positive findings in the largest component.
    ///   - errorBound: The absolute error bound of an exact result.
    ///   - impossibleEvidence: Whether the evidence has probability zero.
    public init(
        marginals: [Double], method: InferenceMethod, sharedPositiveCount: Int,
        largestComponent: Int, errorBound: Double?, impossibleEvidence: Bool
    ) {
        self.marginals = marginals
        self.method = method
        self.sharedPositiveCount = sharedPositiveCount
        self.largestComponent = largestComponent
        self.errorBound = errorBound
        self.impossibleEvidence = impossibleEvidence
    }
}
