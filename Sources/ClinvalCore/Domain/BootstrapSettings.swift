/// The bootstrap settings of a policy (docs/gate-policy.md `bootstrap`), recorded with the run.
public struct BootstrapSettings: Sendable, Hashable {
    /// The number of replicates.
    public var resamples: Int
    /// The policy's seed, as 64 bits (two's complement for a negative integer); it keys the
    /// generator of every replicate (the metrics stage, docs/metrics.md).
    public var seed: UInt64

    /// Creates settings.
    public init(resamples: Int, seed: UInt64) {
        self.resamples = resamples
        self.seed = seed
    }
}
