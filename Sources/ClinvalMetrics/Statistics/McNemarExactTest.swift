import Foundation

/// McNemar's exact test for paired proportions (docs/metrics.md, baseline comparison).
///
/// With b pairs where only the candidate succeeded and c pairs where only the baseline did, the
/// discordant count b under the null hypothesis is Binomial(b + c, 1/2). The two-sided p-value is
/// `min(1, 2·P(X ≤ min(b, c)))`; it is 1 when there are no discordant pairs. The binomial tail is
/// summed from its largest term downwards through the ratio of successive terms, the largest term
/// coming from `lgamma`.
public enum McNemarExactTest {
    /// The exact two-sided p-value for the discordant counts, or `nil` for negative counts.
    ///
    /// - Parameters:
    ///   - candidateOnly: b, the pairs where only the candidate had the event.
    ///   - baselineOnly: c, the pairs where only the baseline had the event.
    public static func pValue(candidateOnly b: Int, baselineOnly c: Int) -> Double? {
        guard b >= 0, c >= 0 else { return nil }
        let total = b + c
        if total == 0 { return 1 }
        let k = min(b, c)
        let n = Double(total)
        let kk = Double(k)
        // log P(X = k) = lgamma(n+1) − lgamma(k+1) − lgamma(n−k+1) − n·log 2
        let logChoose: Double = lgamma(n + 1) - lgamma(kk + 1) - lgamma(n - kk + 1)
        let logHalf: Double = n * log(2.0)
        var term: Double = exp(logChoose - logHalf)
        var sum = term
        var j = k
        while j > 0 {
            // P(X = j − 1) = P(X = j) · j / (n − j + 1)
            let jj = Double(j)
            term *= jj / (n - jj + 1)
            sum += term
            if term < sum * 1e-18 { break }
            j -= 1
        }
        return min(1, 2 * sum)
    }
}
