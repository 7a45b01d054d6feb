/// Limits and settings of a ``NoisyOREngine``.
///
/// Out-of-range values are clamped by the initializer, so every options value is usable.
public struct EngineOptions: Sendable, Hashable {
    /// The default limit on shared positive findings per component.
    public static let defaultMaxSharedPositives = 20

    /// The largest number of shared positive findings in one component that is enumerated exactly
    /// by inclusion–exclusion (2^n subsets). Clamped to 1…30; default 20.
    ///
    /// Above it, the component is enumerated over its conditions instead when it has at most
    /// ``maxEnumeratedConditions`` of them, and sampled (approximate) otherwise. At 20, one
    /// component of a 49-condition network costs about 50 M multiply–adds in binary64 (tens of
    /// milliseconds) and up to 20 times that when double-double is needed.
    public var maxSharedPositives: Int
    /// The largest number of conditions in one component that may be enumerated state by state
    /// (2^n states). Clamped to 1…24; default 20.
    public var maxEnumeratedConditions: Int
    /// The largest frontier (shared positive findings tracked at once) of the exact elimination
    /// that a component may use (a table of 2^n entries per step). Clamped to 0…24; default 22;
    /// 0 turns the elimination off (inclusion–exclusion and condition enumeration only).
    public var maxEliminationWidth: Int
    /// The largest accepted error bound on a marginal of an exact result; a run whose bound is
    /// larger is repeated in wider arithmetic. Clamped to [1e-15, 1e-3]; default 5e-10, half the
    /// 1e-9 that docs/model-format.md requires.
    public var tolerance: Double
    /// Gibbs sweeps (after burn-in) for an approximate component. At least 1; default 20,000.
    public var approximateSamples: Int
    /// The seed of the approximate fallback's generator.
    public var seed: UInt64

    /// Creates options.
    /// - Parameters:
    ///   - maxSharedPositives: Inclusion–exclusion limit per component (1…30).
    ///   - maxEnumeratedConditions: Condition-enumeration limit per component (1…24).
    ///   - maxEliminationWidth: Frontier limit of the exact elimination (0…24; 0 turns it off).
    ///   - tolerance: Accepted absolute error bound of exact marginals.
    ///   - approximateSamples: Gibbs sweeps for approximate components.
    ///   - seed: Generator seed for approximate components.
    public init(
        maxSharedPositives: Int = EngineOptions.defaultMaxSharedPositives,
        maxEnumeratedConditions: Int = 20,
        maxEliminationWidth: Int = 22,
        tolerance: Double = 5e-10,
        approximateSamples: Int = 20_000,
        seed: UInt64 = 0x636C_696E_7661_6C00
    ) {
        self.maxSharedPositives = min(max(maxSharedPositives, 1), 30)
        self.maxEnumeratedConditions = min(max(maxEnumeratedConditions, 1), 24)
        self.maxEliminationWidth = min(max(maxEliminationWidth, 0), 24)
        self.tolerance = tolerance.isNaN ? 5e-10 : min(max(tolerance, 1e-15), 1e-3)
        self.approximateSamples = max(approximateSamples, 1)
        self.seed = seed
    }
}
