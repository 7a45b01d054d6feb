/// Percentiles of bootstrap replicates: linear interpolation between order statistics (numpy's
/// default `linear` method, Hyndman and Fan type 7).
///
/// For sorted values v₀ ≤ … ≤ v_{N−1} and a quantile q in [0, 1], h = (N − 1)·q, j = ⌊h⌋,
/// t = h − j; the percentile is v_j + t·(v_{j+1} − v_j), computed as numpy does:
/// `v_{j+1} − (v_{j+1} − v_j)·(1 − t)` when t ≥ 0.5.
package enum Percentile {
    /// The q-quantile of already sorted values, or `nil` when there are none.
    package static func linear(sorted values: [Double], quantile q: Double) -> Double? {
        guard let first = values.first else { return nil }
        guard values.count > 1 else { return first }
        let h = Double(values.count - 1) * q
        let j = min(max(Int(h.rounded(.down)), 0), values.count - 1)
        let t = h - Double(j)
        guard j + 1 < values.count else { return values[values.count - 1] }
        let below = values[j]
        let above = values[j + 1]
        let gap = above - below
        return t >= 0.5 ? above - gap * (1 - t) : below + gap * t
    }

    /// The 95% percentile interval (2.5th and 97.5th percentiles) of unsorted replicate values,
    /// or `nil` when there are none.
    package static func interval95(_ values: [Double]) -> ConfidenceInterval? {
        let sorted = values.sorted()
        guard let lower = linear(sorted: sorted, quantile: 0.025),
            let upper = linear(sorted: sorted, quantile: 0.975)
        else { return nil }
        return ConfidenceInterval(lower: lower, upper: upper)
    }
}
