/// Reference inference by enumerating all 2^n states of the conditions; for tests only.
///
/// Every joint probability `P(A, evidence)` is a product of non-negative factors, each computed
/// without cancellation (`P(f present | A)` as `r = l`, then `r = r(1 − q) + q` per active cause),
/// in the widest float of the platform (x87 extended on x86: 64-bit significand), with
/// compensated sums. The result is within about `(n + links)·2⁻⁶⁴` of exact arithmetic, far
/// below the engine's 1e-9 tolerance, and shares no code with the engine's algorithms.
package enum BruteForceInference {
    #if (arch(x86_64) || arch(i386)) && !(os(Windows) || os(Android))
    package typealias Wide = Float80
    #else
    package typealias Wide = Double
    #endif

    /// The largest network it accepts.
    package static let maxConditions = 22

    /// Posterior marginals by enumeration.
    /// - Parameters:
    ///   - network: The network (at most ``maxConditions`` conditions).
    ///   - evidence: Valid evidence for it.
    /// - Returns: The marginals, or `nil` when the network is too large, the evidence invalid, or
    ///   the evidence impossible.
    package static func marginals(network: NoisyORNetwork, evidence: Evidence) -> [Wide]? {
        let n = network.conditionCount
        guard n <= maxConditions, evidence.priors.count == n else { return nil }
        let present = Array(Set(evidence.present))
        let absent = Array(Set(evidence.absent))
        guard (present + absent).allSatisfy({ $0 >= 0 && $0 < network.findingCount }),
            Set(present).isDisjoint(with: absent)
        else { return nil }
        let presentLinks = present.map { network.links(ofFinding: $0) }
        let absentLinks = absent.map { network.links(ofFinding: $0) }
        var total: Wide = 0
        var totalCompensation: Wide = 0
        var numerators = [Wide](repeating: 0, count: n)
        for state in 0..<(1 << n) {
            var joint: Wide = 1
            for d in 0..<n {
                let prior = Wide(evidence.priors[d])
                joint *= (state >> d) & 1 == 1 ? prior : 1 - prior
            }
            if joint == 0 { continue }
            for (index, finding) in present.enumerated() {
                var r = Wide(network.leaks[finding])
                for link in presentLinks[index] where (state >> link.condition) & 1 == 1 {
                    let q = Wide(link.probability)
                    r = r * (1 - q) + q
                }
                joint *= r
            }
            for (index, finding) in absent.enumerated() {
                var keep = 1 - Wide(network.leaks[finding])
                for link in absentLinks[index] where (state >> link.condition) & 1 == 1 {
                    keep *= 1 - Wide(link.probability)
                }
                joint *= keep
            }
            let t = total + joint
            totalCompensation += abs(total) >= abs(joint) ? (total - t) + joint : (joint - t) + total
            total = t
            for d in 0..<n where (state >> d) & 1 == 1 { numerators[d] += joint }
        }
        let p = total + totalCompensation
        guard p > 0 else { return nil }
        return numerators.map { $0 / p }
    }
}
