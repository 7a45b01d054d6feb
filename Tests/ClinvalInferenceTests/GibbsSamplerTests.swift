import Testing

@testable import ClinvalInference

/// Twelve present findings over fourteen conditions, each finding linked to three or more.
private func sampledCase(seed: UInt64) throws -> RandomCase {
    var random = TestRandom(seed: seed)
    let conditions = 14
    let positives = 12
    var links: [NoisyORNetwork.Link] = []
    for f in 0..<positives {
        for d in 0..<conditions where d == f || d == (f + 1) % conditions || random.chance(0.25) {
            links.append(.init(condition: d, finding: f, probability: random.uniform(0.3, 0.9)))
        }
    }
    let network = try NoisyORNetwork(
        conditionCount: conditions, leaks: (0..<positives).map { _ in random.uniform(0.01, 0.05) }, links: links)
    let priors = (0..<conditions).map { _ in random.uniform(0.05, 0.3) }
    return RandomCase(network: network, evidence: Evidence(priors: priors, present: Array(0..<positives)))
}

/// Limits just below the case's size (and no elimination), so that the engine must sample.
private let tightLimits = EngineOptions(
    maxSharedPositives: 11, maxEnumeratedConditions: 8, maxEliminationWidth: 0, approximateSamples: 20_000, seed: 5)

@Suite struct GibbsSamplerTests {
    @Test func componentAboveBothLimitsIsSampledAndMarkedApproximate() throws {
        let example = try sampledCase(seed: 1)
        let posterior = try NoisyOREngine(network: example.network, options: tightLimits).infer(example.evidence)
        #expect(posterior.method == .approximate(samples: 20_000, seed: 5))
        #expect(posterior.method.isApproximate)
        #expect(posterior.method.id == "gibbs")
        #expect(posterior.errorBound == nil)
        #expect(posterior.sharedPositiveCount == 12)
    }

    @Test func sameSeedGivesIdenticalResultsAndOtherSeedsDiffer() throws {
        let example = try sampledCase(seed: 2)
        var options = tightLimits
        options.approximateSamples = 2_000
        let first = try NoisyOREngine(network: example.network, options: options).infer(example.evidence)
        let second = try NoisyOREngine(network: example.network, options: options).infer(example.evidence)
        options.seed = 6
        let other = try NoisyOREngine(network: example.network, options: options).infer(example.evidence)
        #expect(first == second)
        #expect(first.marginals != other.marginals)
    }

    @Test func sampledMarginalsAreCloseToExactJustAboveTheLimit() throws {
        for seed: UInt64 in [3, 4] {
            let example = try sampledCase(seed: seed)
            let exact = try #require(BruteForceInference.marginals(network: example.network, evidence: example.evidence))
            let posterior = try NoisyOREngine(network: example.network, options: tightLimits).infer(example.evidence)
            #expect(posterior.method.isApproximate)
            #expect(maxDifference(posterior.marginals, exact) < 0.01, "seed \(seed)")
        }
    }

    @Test func componentAboveOnlyTheSubsetLimitIsEnumeratedExactly() throws {
        let example = try sampledCase(seed: 3)
        let exact = try #require(BruteForceInference.marginals(network: example.network, evidence: example.evidence))
        let options = EngineOptions(maxSharedPositives: 11, maxEnumeratedConditions: 14, maxEliminationWidth: 0)
        let posterior = try NoisyOREngine(network: example.network, options: options).infer(example.evidence)
        #expect(posterior.method == .exact(.conditionEnumeration))
        #expect(maxDifference(posterior.marginals, exact) <= 1e-9)
    }
}
