@testable import ClinvalInference

/// A tiny deterministic generator for test inputs (SplitMix64).
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// Uniform integer in `range`.
    mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ p: Double) -> Bool { unit() < p }
}

/// A random network with its evidence.
struct RandomCase {
    var network: NoisyORNetwork
    var evidence: Evidence
}

enum RandomNetworks {
    /// A random network of `conditions` conditions and `findings` findings with random links,
    /// leaks and priors, and random evidence over it.
    static func make(
        _ random: inout TestRandom, conditions: Int, findings: Int, linkChance: Double,
        presentChance: Double, absentChance: Double,
        leak: ClosedRange<Double> = 0...0.2, q: ClosedRange<Double> = 0.05...0.95,
        prior: ClosedRange<Double> = 0.001...0.5, extremes: Bool = true
    ) throws -> RandomCase {
        var leaks: [Double] = []
        for _ in 0..<findings {
            var l = random.uniform(leak.lowerBound, leak.upperBound)
            if extremes && random.chance(0.08) { l = 0 }
            leaks.append(l)
        }
        var links: [NoisyORNetwork.Link] = []
        for d in 0..<conditions {
            for f in 0..<findings where random.chance(linkChance) {
                var p = random.uniform(q.lowerBound, q.upperBound)
                if extremes && random.chance(0.04) { p = 1 }
                if extremes && random.chance(0.02) { p = 0 }
                links.append(.init(condition: d, finding: f, probability: p))
            }
        }
        let network = try NoisyORNetwork(conditionCount: conditions, leaks: leaks, links: links)
        var priors: [Double] = []
        for _ in 0..<conditions {
            var p = random.uniform(prior.lowerBound, prior.upperBound)
            if extremes && random.chance(0.03) { p = 0 }
            if extremes && random.chance(0.03) { p = 0.999 }
            priors.append(p)
        }
        var present: [Int] = []
        var absent: [Int] = []
        for f in 0..<findings {
            let u = random.unit()
            if u < presentChance {
                present.append(f)
            } else if u < presentChance + absentChance {
                absent.append(f)
            }
        }
        return RandomCase(network: network, evidence: Evidence(priors: priors, present: present, absent: absent))
    }
}

/// The largest absolute difference between the engine's and the reference's marginals.
func maxDifference(_ values: [Double], _ reference: [BruteForceInference.Wide]) -> Double {
    var worst = 0.0
    for (value, exact) in zip(values, reference) {
        worst = max(worst, abs(Double(BruteForceInference.Wide(value) - exact)))
    }
    return values.count == reference.count ? worst : .infinity
}
