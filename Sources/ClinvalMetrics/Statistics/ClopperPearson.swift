import Foundation

/// The exact (Clopper–Pearson) one-sided upper confidence bound for a binomial proportion, the
/// `ci_upper_exact` of `emergency_undertriage_rate` (docs/metrics.md).
///
/// For x events in n trials the one-sided 95% upper bound is the p with P(X ≤ x | n, p) = 0.05,
/// which is the 0.95 quantile of Beta(x + 1, n − x); it is 1 when x = n. With x = 0 it is
/// 1 − 0.05^(1/n), computed as `-expm1(log(0.05)/n)`. Otherwise the quantile is found by bisection
/// on the regularized incomplete beta function I_p(x + 1, n − x) until the bracket cannot shrink
/// (full double precision of the root, up to the accuracy of I_p).
public enum ClopperPearson {
    /// The one-sided 95% upper bound for `successes` out of `trials`, or `nil` when there are no
    /// trials or the counts are inconsistent.
    public static func upperBound95(successes: Int, trials: Int) -> Double? {
        upperBound(successes: successes, trials: trials, confidence: 0.95)
    }

    /// The one-sided upper bound at a confidence level in (0, 1).
    static func upperBound(successes x: Int, trials n: Int, confidence: Double) -> Double? {
        guard n > 0, x >= 0, x <= n, confidence > 0, confidence < 1 else { return nil }
        if x == n { return 1 }
        if x == 0 { return -expm1(log(1 - confidence) / Double(n)) }
        let a = Double(x + 1)
        let b = Double(n - x)
        var low = 0.0
        var high = 1.0
        // I_p(a, b) increases with p; keep I_low < confidence ≤ I_high.
        for _ in 0..<2_000 {
            let mid = low + (high - low) / 2
            if mid <= low || mid >= high { break }
            if regularizedIncompleteBeta(mid, a: a, b: b) < confidence {
                low = mid
            } else {
                high = mid
            }
        }
        return low + (high - low) / 2
    }

    /// The regularized incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1].
    ///
    /// Uses the continued fraction of Numerical Recipes (§6.4, `betacf`) evaluated by the modified
    /// Lentz method to a relative change below 1e-16, on I_x(a, b) directly when
    /// x < (a + 1)/(a + b + 2) and on 1 − I_{1−x}(b, a) otherwise, with the prefactor
    /// xᵃ(1 − x)ᵇ / (a·B(a, b)) computed through `lgamma`.
    package static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logPrefactor = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let prefactor = exp(logPrefactor)
        if x < (a + 1) / (a + b + 2) {
            return prefactor * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - prefactor * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let mm = Double(m)
            let m2 = 2 * mm
            var aa = mm * (b - mm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
