import Testing

@testable import ClinvalInference

/// Runs the reduction, then the elimination on every component.
private func eliminate(_ example: RandomCase) throws -> (marginals: [Double], bound: Double)? {
    let reduced = try EvidenceReduction.reduce(network: example.network, evidence: example.evidence)
    guard !reduced.impossible else { return nil }
    var marginals = reduced.marginals
    var bound = reduced.errorBound
    for component in reduced.components {
        let plan = try #require(FrontierElimination.plan(component))
        let result = try #require(FrontierElimination.run(component, plan: plan))
        for (local, d) in component.conditions.enumerated() { marginals[d] = result.marginals[local] }
        bound = max(bound, reduced.errorBound + result.errorBound)
    }
    return (marginals, bound)
}

@Suite struct FrontierEliminationTests {
    @Test func eliminationMatchesBruteForceOnRandomNetworksWithinItsBound() throws {
        var random = TestRandom(seed: 777)
        var checked = 0
        for index in 0..<200 {
            let example = try RandomNetworks.make(
                &random, conditions: random.integer(2...14), findings: random.integer(3...16),
                linkChance: random.uniform(0.2, 0.7), presentChance: 0.5, absentChance: 0.2)
            guard let exact = BruteForceInference.marginals(network: example.network, evidence: example.evidence),
                let run = try eliminate(example)
            else { continue }
            let difference = maxDifference(run.marginals, exact)
            #expect(difference <= 1e-9, "case \(index)")
            #expect(difference <= run.bound + 1e-15, "case \(index): \(difference) > \(run.bound)")
            checked += 1
        }
        #expect(checked >= 150)
    }

    @Test func eliminationIsExactWhereBinary64InclusionExclusionFails() throws {
        // Twenty rare present findings shared by four rare conditions (κ > 1e12 for Quickscore).
        var random = TestRandom(seed: 11)
        var links: [NoisyORNetwork.Link] = []
        for f in 0..<20 {
            for d in 0..<4 where d == f % 4 || d == (f + 1) % 4 || random.chance(0.4) {
                links.append(.init(condition: d, finding: f, probability: random.uniform(0.3, 0.9)))
            }
        }
        let network = try NoisyORNetwork(
            conditionCount: 4, leaks: (0..<20).map { _ in random.uniform(0.001, 0.005) }, links: links)
        let evidence = Evidence(priors: (0..<4).map { _ in random.uniform(0.005, 0.02) }, present: Array(0..<20))
        let exact = try #require(BruteForceInference.marginals(network: network, evidence: evidence))
        let run = try #require(try eliminate(RandomCase(network: network, evidence: evidence)))
        #expect(maxDifference(run.marginals, exact) <= 1e-12)
        #expect(run.bound < 1e-12)
    }

    @Test func engineUsesEliminationForWideComponentsAndStaysExact() throws {
        // 16 present findings over 16 conditions with tiny priors, every finding with 3+ causes.
        var random = TestRandom(seed: 99)
        var links: [NoisyORNetwork.Link] = []
        for f in 0..<16 {
            for d in 0..<16 where d == f || d == (f + 3) % 16 || random.chance(0.2) {
                links.append(.init(condition: d, finding: f, probability: random.uniform(0.2, 0.9)))
            }
        }
        let network = try NoisyORNetwork(conditionCount: 16, leaks: [Double](repeating: 0.02, count: 16), links: links)
        let evidence = Evidence(priors: (0..<16).map { _ in random.uniform(1e-4, 1e-2) }, present: Array(0..<16))
        let exact = try #require(BruteForceInference.marginals(network: network, evidence: evidence))
        let options = EngineOptions(maxEnumeratedConditions: 8)
        let posterior = try NoisyOREngine(network: network, options: options).infer(evidence)
        #expect(posterior.method == .exact(.elimination))
        #expect(posterior.method.id == "exact-elimination")
        #expect(maxDifference(posterior.marginals, exact) <= 1e-9)
        #expect(try #require(posterior.errorBound) <= 5e-10)
    }

    @Test func planVisitsEveryConditionOnceAndClosesEveryFinding() throws {
        var findings = [ReducedFinding]()
        for j in 0..<6 {
            findings.append(
                ReducedFinding(leak: 0.05, certainCauseProbabilities: [], links: [(j % 4, 0.5), ((j + 1) % 4, 0.4)]))
        }
        let component = ReducedComponent(
            conditions: [0, 1, 2, 3], absentWeight: [0.9, 0.8, 0.99, 0.5], presentWeight: [0.1, 0.2, 0.01, 0.5],
            findings: findings)
        let plan = try #require(FrontierElimination.plan(component))
        #expect(plan.steps.map(\.condition).sorted() == [0, 1, 2, 3])
        #expect(plan.steps.flatMap(\.opened).sorted() == Array(0..<6))
        #expect(plan.steps.reduce(0) { $0 + $1.closed.count } == 6)
        #expect(plan.maxWidth <= 6)
    }
}
