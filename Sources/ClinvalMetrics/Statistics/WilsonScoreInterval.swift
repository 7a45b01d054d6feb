import Foundation

/// The Wilson score interval for a binomial proportion (Wilson 1927), 95% two-sided by default
/// (docs/metrics.md).
///
/// For x successes in n trials, p̂ = x/n and critical value z:
///
///     centre    = (p̂ + z²/(2n)) / (1 + z²/n)
///     halfWidth = z·√(p̂(1 − p̂)/n + z²/(4n²)) / (1 + z²/n)
///     interval  = [centre − halfWidth, centre + halfWidth], clamped to [0, 1]
///
/// The clamp only removes rounding: the lower bound is exactly 0 at x = 0 and the upper bound
/// exactly 1 at x = n.
public enum WilsonScoreInterval {
    /// The 97.5% quantile of the standard normal distribution, the z of docs/metrics.md for a 95%
    /// two-sided interval.
    public static let z95 = 1.959963984540054

    /// The interval for `successes` out of `trials`, or `nil` when there are no trials or the
    /// counts are inconsistent (negative, or more successes than trials).
    ///
    /// - Parameters:
    ///   - successes: x, the number of vignettes meeting the metric's condition.
    ///   - trials: n, the size of the metric's population.
    ///   - z: the critical value; ``z95`` unless a test needs another.
    public static func interval(successes: Int, trials: Int, z: Double = z95) -> ConfidenceInterval? {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let halfWidth = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        // At x = 0 the lower bound is exactly 0 and at x = n the upper bound exactly 1.
        let lower = successes == 0 ? 0 : max(0, centre - halfWidth)
        let upper = successes == trials ? 1 : min(1, centre + halfWidth)
        return ConfidenceInterval(lower: lower, upper: upper)
    }
}
