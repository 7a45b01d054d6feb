import ClinvalCore
import Foundation

/// The approximate fallback: Gibbs sampling over a component's conditions with Rao–Blackwellised
/// marginals.
///
/// Used only for a component whose shared positive findings exceed
/// ``EngineOptions/maxSharedPositives`` and whose conditions exceed
/// ``EngineOptions/maxEnumeratedConditions``, or when inclusion–exclusion runs out of precision on
/// such a component. Each sweep visits the conditions in order and resamples each from its exact
/// full conditional
///
///     P(d | rest) ∝ (d ? b_d : a_d) · Π_{j links d} P(j present | d, rest),
///
/// evaluated in log space. The estimate of a marginal is the mean of these full conditionals over
/// the sweeps after burn-in (Rao–Blackwellisation), which has a much lower variance than counting
/// states. The start state makes every finding possible (for a finding with neither leak nor a
/// certain cause, its likeliest cause is switched on). The generator is xoshiro256** seeded with
/// the given seed, so results are identical on every machine.
///
/// - Important: The result is an estimate; its error decreases roughly as `1/√samples` but
///   depends on how well the chain mixes. The engine marks such vignettes approximate.
enum GibbsSampler {
    /// Estimates the marginals of `component`.
    /// - Parameters:
    ///   - component: The reduced component.
    ///   - samples: Sweeps counted after burn-in (burn-in is a tenth of this, at least 100).
    ///   - seed: The generator seed.
    /// - Returns: The estimated marginal of each local condition.
    static func run(_ component: ReducedComponent, samples: Int, seed: UInt64) -> [Double] {
        let m = component.conditions.count
        let k = component.findings.count
        var generator = Xoshiro256StarStar(seed: seed)
        var linksOf = [[(finding: Int, probability: Double)]](repeating: [], count: m)
        var baseline = [Double](repeating: 0, count: k)
        for (j, finding) in component.findings.enumerated() {
            var r = finding.leak
            for q in finding.certainCauseProbabilities { r = r * (1 - q) + q }
            baseline[j] = r
            for link in finding.links { linksOf[link.condition].append((j, link.probability)) }
        }
        var active = [Bool](repeating: false, count: m)
        for (j, finding) in component.findings.enumerated() where baseline[j] == 0 {
            guard !finding.links.contains(where: { active[$0.condition] }) else { continue }
            var best = finding.links.first?.condition ?? 0
            var bestScore = -1.0
            for link in finding.links {
                let score = component.presentWeight[link.condition] * link.probability
                if score > bestScore {
                    bestScore = score
                    best = link.condition
                }
            }
            if best < m { active[best] = true }
        }
        let logOdds = (0..<m).map {
            log(component.absentWeight[$0]) - log(component.presentWeight[$0])
        }
        /// P(j present | rest) without condition `excluded`.
        func presence(_ j: Int, excluding excluded: Int) -> Double {
            var r = baseline[j]
            for link in component.findings[j].links where link.condition != excluded && active[link.condition] {
                r = r * (1 - link.probability) + link.probability
            }
            return r
        }
        let burnIn = max(100, samples / 10)
        let sweeps = max(1, samples)
        var sums = [Double](repeating: 0, count: m)
        for sweep in 0..<(burnIn + sweeps) {
            for d in 0..<m {
                var logRatio = logOdds[d]  // log P(d absent | rest) − log P(d present | rest)
                for link in linksOf[d] {
                    let without = presence(link.finding, excluding: d)
                    let with = without * (1 - link.probability) + link.probability
                    logRatio += log(without) - log(with)
                }
                let conditional = 1 / (1 + exp(logRatio))
                if sweep >= burnIn { sums[d] += conditional }
                active[d] = generator.nextUnit() < conditional
            }
        }
        return sums.map { min(max($0 / Double(sweeps), 0), 1) }
    }
}
