/// How an answer was approximated, when the built-in engine could not compute a vignette's
/// posterior exactly (docs/model-format.md, Noisy-OR network): the adapter reports it, the store
/// keeps its method and sample count (`results.approximation_method`, `approximation_samples`),
/// and the report shows it.
public struct Approximation: Sendable, Hashable {
    /// The method's id, as the report shows it (for example `importance-sampling`).
    public var method: String
    /// A bound on the absolute error of each marginal, when the method gives one (not stored).
    public var errorBound: Double?
    /// The number of samples, for sampling methods.
    public var samples: Int?

    /// Creates the description.
    public init(method: String, errorBound: Double? = nil, samples: Int? = nil) {
        self.method = method
        self.errorBound = errorBound
        self.samples = samples
    }
}
