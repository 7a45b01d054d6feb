import Testing

@testable import ClinvalInference

@Suite struct NoisyOREngineTests {
    @Test func randomNetworksMatchBruteForceWithinOneNanoth() throws {
        var random = TestRandom(seed: 20_250_101)
        var worst = 0.0
        var checked = 0
        var methods: Set<String> = []
        for index in 0..<240 {
            let conditions = random.integer(2...14)
            let findings = random.integer(3...24)
            let example = try RandomNetworks.make(
                &random, conditions: conditions, findings: findings,
                linkChance: random.uniform(0.1, 0.6), presentChance: random.uniform(0.1, 0.5),
                absentChance: 0.25)
            let posterior = try NoisyOREngine(network: example.network).infer(example.evidence)
            guard let exact = BruteForceInference.marginals(network: example.network, evidence: example.evidence)
            else {
                #expect(posterior.impossibleEvidence, "case \(index)")
                #expect(posterior.marginals.allSatisfy { $0 == 0 })
                continue
            }
            #expect(!posterior.impossibleEvidence, "case \(index)")
            #expect(!posterior.method.isApproximate)
            let difference = maxDifference(posterior.marginals, exact)
            #expect(difference <= 1e-9, "case \(index): \(difference)")
            #expect(difference <= (posterior.errorBound ?? 0) + 1e-15, "case \(index): bound")
            worst = max(worst, difference)
            methods.insert(posterior.method.id)
            checked += 1
        }
        #expect(checked >= 200)
        #expect(worst < 1e-12)
    }
}
