import ClinvalCore
extension BootstrapSettings {
    /// The settings a policy without `bootstrap:` uses: 1000 resamples, the usual minimum for 95%
    /// percentile intervals, and seed 20261129 (docs/gate-policy.md). Any fixed seed makes a run's
    /// intervals reproducible.
    public static let `default` = BootstrapSettings(resamples: 1000, seed: 20_261_129)

    /// The numbers of resamples a policy may ask for: 100 to 100000.
    public static let resampleLimits: ClosedRange<Int> = 100...100_000

    /// The largest seed a policy may give, 2^53 = 9007199254740992, so that a seed survives a round
    /// trip through JSON numbers.
    public static let maxSeed: UInt64 = 1 << 53
}
