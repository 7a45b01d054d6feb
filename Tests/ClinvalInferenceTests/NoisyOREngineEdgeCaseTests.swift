import Testing

@testable import ClinvalInference

/// Two conditions and four findings:
/// f0 ← d0 (0.8), d1 (0.3), leak 0.01; f1 ← d1 (1.0), leak 0; f2: no cause, leak 0; f3: leak 1.
private func smallNetwork() throws -> NoisyORNetwork {
    try NoisyORNetwork(
        conditionCount: 2, leaks: [0.01, 0, 0, 1],
        links: [
            .init(condition: 0, finding: 0, probability: 0.8),
            .init(condition: 1, finding: 0, probability: 0.3),
            .init(condition: 1, finding: 1, probability: 1),
        ])
}

private func expectClose(_ values: [Double], _ expected: [Double], tolerance: Double = 1e-12) {
    #expect(values.count == expected.count)
    for (value, exact) in zip(values, expected) { #expect(abs(value - exact) <= tolerance, "\(value) vs \(exact)") }
}

@Suite struct NoisyOREngineEdgeCaseTests {
    @Test func noEvidenceGivesThePriors() throws {
        let posterior = try NoisyOREngine(network: smallNetwork()).infer(Evidence(priors: [0.2, 0.05]))
        #expect(posterior.marginals == [0.2, 0.05])
        #expect(posterior.method == .exact(.double))
        #expect(posterior.sharedPositiveCount == 0)
        #expect(!posterior.impossibleEvidence)
    }

    @Test func sharedPositiveFindingMatchesHandComputation() throws {
        // P(f0 | d0, d1) = 1 − 0.99 × (1 − 0.8)^d0 × (1 − 0.3)^d1.
        let priors = [0.2, 0.05]
        var joint = [[0.0, 0.0], [0.0, 0.0]]
        for d0 in 0...1 {
            for d1 in 0...1 {
                let prior = (d0 == 1 ? 0.2 : 0.8) * (d1 == 1 ? 0.05 : 0.95)
                let absent = 0.99 * (d0 == 1 ? 0.2 : 1) * (d1 == 1 ? 0.7 : 1)
                joint[d0][d1] = prior * (1 - absent)
            }
        }
        let total = joint[0][0] + joint[0][1] + joint[1][0] + joint[1][1]
        let expected = [(joint[1][0] + joint[1][1]) / total, (joint[0][1] + joint[1][1]) / total]
        let posterior = try NoisyOREngine(network: smallNetwork()).infer(Evidence(priors: priors, present: [0]))
        expectClose(posterior.marginals, expected)
        #expect(posterior.sharedPositiveCount == 1)
    }

    @Test func priorZeroStaysZeroAndPriorOneStaysOne() throws {
        let posterior = try NoisyOREngine(network: smallNetwork()).infer(Evidence(priors: [0, 1], present: [0]))
        #expect(posterior.marginals == [0, 1])
        #expect(!posterior.impossibleEvidence)
    }

    @Test func nearCertainPriorIsNotRoundedToCertainty() throws {
        let posterior = try NoisyOREngine(network: smallNetwork()).infer(Evidence(priors: [0.999, 0.999], absent: [0]))
        // P(d0 | f0 absent) = 0.999 × 0.2 / (0.999 × 0.2 + 0.001).
        #expect(abs(posterior.marginals[0] - 0.999 * 0.2 / (0.999 * 0.2 + 0.001)) < 1e-13)
        #expect(posterior.marginals[0] < 1)
    }

    @Test func absentFindingWithCertainCauseRulesTheCauseOut() throws {
        // q = 1: d1 would have made f1 present.
        let posterior = try NoisyOREngine(network: smallNetwork()).infer(Evidence(priors: [0.2, 0.5], absent: [1]))
        #expect(posterior.marginals == [0.2, 0])
    }

    @Test func presentFindingWithLeakZeroAndSingleCauseMakesItCertain() throws {
        let posterior = try NoisyOREngine(network: smallNetwork()).infer(Evidence(priors: [0.2, 0.05], present: [1]))
        #expect(posterior.marginals[1] == 1)
        // d1 certain explains f0 partly: P(d0 | f0, d1) with leak folded: 1 − 0.99 × 0.7.
        let withD0 = 0.2 * (1 - 0.99 * 0.7 * 0.2)
        let withoutD0 = 0.8 * (1 - 0.99 * 0.7)
        let posteriorWithF0 = try NoisyOREngine(network: smallNetwork()).infer(Evidence(priors: [0.2, 0.05], present: [1, 0]))
        expectClose(posteriorWithF0.marginals, [withD0 / (withD0 + withoutD0), 1])
    }

    @Test func presentFindingWithoutPossibleCauseIsImpossibleEvidence() throws {
        let engine = NoisyOREngine(network: try smallNetwork())
        let noCause = try engine.infer(Evidence(priors: [0.2, 0.05], present: [2]))
        #expect(noCause.impossibleEvidence)
        #expect(noCause.marginals == [0, 0])
        let causeRuledOut = try engine.infer(Evidence(priors: [0.2, 0], present: [1]))
        #expect(causeRuledOut.impossibleEvidence)
        #expect(causeRuledOut.marginals == [0, 0])
    }

    @Test func absentFindingWithLeakOneIsImpossibleEvidence() throws {
        let posterior = try NoisyOREngine(network: smallNetwork()).infer(Evidence(priors: [0.2, 0.05], absent: [3]))
        #expect(posterior.impossibleEvidence)
        #expect(posterior.marginals == [0, 0])
    }

    @Test func certainConditionContradictedByEvidenceIsImpossibleEvidence() throws {
        let posterior = try NoisyOREngine(network: smallNetwork()).infer(Evidence(priors: [0.2, 1], absent: [1]))
        #expect(posterior.impossibleEvidence)
    }

    @Test func repeatedFindingCountsOnce() throws {
        let engine = NoisyOREngine(network: try smallNetwork())
        let once = try engine.infer(Evidence(priors: [0.2, 0.05], present: [0], absent: [1]))
        let twice = try engine.infer(Evidence(priors: [0.2, 0.05], present: [0, 0], absent: [1, 1]))
        #expect(once.marginals == twice.marginals)
    }

    @Test(arguments: [
        (Evidence(priors: [0.2]), "expected 2 priors, one per condition, found 1"),
        (Evidence(priors: [0.2, .nan]), "condition 1: prior must be a number in [0, 1], found nan"),
        (Evidence(priors: [1.2, 0.1]), "condition 0: prior must be a number in [0, 1], found 1.2"),
        (Evidence(priors: [0.2, 0.1], present: [4]), "finding index 4 is outside the network"),
        (Evidence(priors: [0.2, 0.1], absent: [-1]), "finding index -1 is outside the network"),
        (Evidence(priors: [0.2, 0.1], present: [0], absent: [0]), "finding 0 is both present and absent"),
    ])
    func rejectsInvalidEvidence(evidence: Evidence, message: String) throws {
        let engine = NoisyOREngine(network: try smallNetwork())
        #expect(performing: { try engine.infer(evidence) }, throws: { ($0 as? InferenceError)?.description == message })
    }

    @Test func batchOnSeveralThreadsMatchesOneByOne() async throws {
        var random = TestRandom(seed: 99)
        let example = try RandomNetworks.make(
            &random, conditions: 10, findings: 14, linkChance: 0.4, presentChance: 0.3, absentChance: 0.3)
        var batch: [Evidence] = []
        for _ in 0..<40 {
            var evidence = example.evidence
            evidence.priors = evidence.priors.map { _ in random.uniform(0.01, 0.3) }
            batch.append(evidence)
        }
        batch.append(Evidence(priors: [0.1]))
        let engine = NoisyOREngine(network: example.network)
        let parallel = await engine.infer(batch: batch, threads: 3)
        let serial = batch.map { evidence in Result { () throws(InferenceError) in try engine.infer(evidence) } }
        #expect(parallel == serial)
        #expect(parallel.count == 41)
    }
}
