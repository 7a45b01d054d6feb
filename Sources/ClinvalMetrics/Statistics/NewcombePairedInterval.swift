/// The counts of a paired 2×2 table: candidate and baseline outcomes of the same vignettes.
///
/// |                     | baseline event | baseline no event |
/// |---------------------|----------------|-------------------|
/// | candidate event     | a (`both`)     | b (`candidateOnly`) |
/// | candidate no event  | c (`baselineOnly`) | d (`neither`) |
public struct PairedTable: Sendable, Hashable {
    /// a: both runs had the event.
    public var both: Int
    /// b: only the candidate had it.
    public var candidateOnly: Int
    /// c: only the baseline had it.
    public var baselineOnly: Int
    /// d: neither had it.
    public var neither: Int

    /// Creates a table from its four cells.
    public init(both: Int, candidateOnly: Int, baselineOnly: Int, neither: Int) {
        self.both = both
        self.candidateOnly = candidateOnly
        self.baselineOnly = baselineOnly
        self.neither = neither
    }

    /// n = a + b + c + d.
    public var total: Int { both + candidateOnly + baselineOnly + neither }
}

/// Newcombe's method 10 for the difference of paired proportions (Newcombe 1998, "Improved
/// confidence intervals for the difference between binomial proportions based on paired data",
/// Stat Med 17:2635–2650), 95% two-sided: the score-based interval with the continuity-corrected φ
/// as published.
///
/// With n pairs, p₁ = (a + b)/n (candidate), p₂ = (a + c)/n (baseline), θ̂ = p₁ − p₂, and
/// [l₁, u₁], [l₂, u₂] the Wilson score intervals (no continuity correction) of p₁ and p₂:
///
///     δ = √((p₁ − l₁)² − 2φ(p₁ − l₁)(u₂ − p₂) + (u₂ − p₂)²)
///     ε = √((u₁ − p₁)² − 2φ(u₁ − p₁)(p₂ − l₂) + (p₂ − l₂)²)
///     interval = [θ̂ − δ, θ̂ + ε]
///
/// where, with A = ad − bc and the margins e = a + b, f = c + d, g = a + c, h = b + d,
/// φ = (A − n/2)/√(efgh) if A > n/2, 0 if 0 ≤ A ≤ n/2, A/√(efgh) if A < 0, and φ = 0 when any
/// margin is 0. The bounds are clamped to [−1, 1] (rounding only).
public enum NewcombePairedInterval {
    /// The 95% interval for candidate − baseline, or `nil` when the table is empty or has a
    /// negative cell.
    public static func interval(_ table: PairedTable, z: Double = WilsonScoreInterval.z95) -> ConfidenceInterval? {
        let a = table.both
        let b = table.candidateOnly
        let c = table.baselineOnly
        let d = table.neither
        guard a >= 0, b >= 0, c >= 0, d >= 0, table.total > 0 else { return nil }
        let n = table.total
        guard let first = WilsonScoreInterval.interval(successes: a + b, trials: n, z: z),
            let second = WilsonScoreInterval.interval(successes: a + c, trials: n, z: z)
        else { return nil }
        let nn = Double(n)
        let p1 = Double(a + b) / nn
        let p2 = Double(a + c) / nn
        let phi = correctedPhi(table)
        let lowerArm1 = p1 - first.lower
        let upperArm1 = first.upper - p1
        let lowerArm2 = p2 - second.lower
        let upperArm2 = second.upper - p2
        let delta = max(0, lowerArm1 * lowerArm1 - 2 * phi * lowerArm1 * upperArm2 + upperArm2 * upperArm2).squareRoot()
        let epsilon = max(0, upperArm1 * upperArm1 - 2 * phi * upperArm1 * lowerArm2 + lowerArm2 * lowerArm2).squareRoot()
        let theta = p1 - p2
        return ConfidenceInterval(lower: max(-1, theta - delta), upper: min(1, theta + epsilon))
    }

    /// The continuity-corrected correlation φ of method 10.
    static func correctedPhi(_ table: PairedTable) -> Double {
        let a = Double(table.both)
        let b = Double(table.candidateOnly)
        let c = Double(table.baselineOnly)
        let d = Double(table.neither)
        let n = a + b + c + d
        let margins = [a + b, c + d, a + c, b + d]
        guard margins.allSatisfy({ $0 > 0 }) else { return 0 }
        let root = margins.reduce(1, *).squareRoot()
        let cross = a * d - b * c
        if cross > n / 2 { return (cross - n / 2) / root }
        if cross < 0 { return cross / root }
        return 0
    }
}
