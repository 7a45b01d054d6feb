import Testing

@testable import ClinvalInference

/// Runs the reduction, then Quickscore in arithmetic `T` on every component, and returns the
/// marginals (or nil when a component was not accepted) with the largest bound.
private func quickscore<T: QuickscoreScalar>(
    _ example: RandomCase, in type: T.Type, tolerance: Double = 5e-10
) throws -> (marginals: [Double], bound: Double, accepted: Bool)? {
    let reduced = try EvidenceReduction.reduce(network: example.network, evidence: example.evidence)
    guard !reduced.impossible else { return nil }
    var marginals = reduced.marginals
    var bound = reduced.errorBound
    var accepted = true
    for component in reduced.components {
        let outcome = Quickscore.run(component, in: type, tolerance: tolerance)
        accepted = accepted && outcome.accepted
        guard outcome.accepted || !outcome.marginals.isEmpty else { return ([], .infinity, false) }
        for (local, d) in component.conditions.enumerated() { marginals[d] = outcome.marginals[local] }
        bound = max(bound, reduced.errorBound + outcome.errorBound)
    }
    return (marginals, bound, accepted)
}

/// Many shared positive findings over few conditions: leak 0.01–0.05, links 0.3–0.9, priors
/// 0.05–0.3; every finding present and linked to at least two conditions.
private func hardCase(
    seed: UInt64, conditions: Int, positives: Int, leak: ClosedRange<Double> = 0.01...0.05,
    prior: ClosedRange<Double> = 0.05...0.3
) throws -> RandomCase {
    var random = TestRandom(seed: seed)
    var links: [NoisyORNetwork.Link] = []
    for f in 0..<positives {
        let first = random.integer(0...(conditions - 1))
        let second = (first + 1 + random.integer(0...(conditions - 2))) % conditions
        for d in 0..<conditions where d == first || d == second || random.chance(0.4) {
            links.append(.init(condition: d, finding: f, probability: random.uniform(0.3, 0.9)))
        }
    }
    let network = try NoisyORNetwork(
        conditionCount: conditions, leaks: (0..<positives).map { _ in random.uniform(leak.lowerBound, leak.upperBound) }, links: links)
    let priors = (0..<conditions).map { _ in random.uniform(prior.lowerBound, prior.upperBound) }
    return RandomCase(network: network, evidence: Evidence(priors: priors, present: Array(0..<positives)))
}

@Suite struct QuickscoreTests {
    @Test func everyArithmeticIsWithinItsBoundOnRandomComponents() throws {
        var random = TestRandom(seed: 4242)
        var accepted = [0, 0, 0]
        for index in 0..<120 {
            let example = try RandomNetworks.make(
                &random, conditions: random.integer(3...10), findings: random.integer(4...12),
                linkChance: 0.5, presentChance: 0.5, absentChance: 0.2)
            guard let exact = BruteForceInference.marginals(network: example.network, evidence: example.evidence)
            else { continue }
            let runs = [
                try quickscore(example, in: Double.self), try quickscore(example, in: DoubleDouble.self),
                try quickscoreExtended(example),
            ]
            for (tier, run) in runs.enumerated() {
                guard let run, run.accepted else { continue }
                let difference = maxDifference(run.marginals, exact)
                #expect(difference <= run.bound, "case \(index) tier \(tier): \(difference) > \(run.bound)")
                #expect(difference <= 1e-9)
                accepted[tier] += 1
            }
        }
        #expect(accepted.allSatisfy { $0 >= 60 }, "\(accepted)")
    }

    @Test func twentyPositiveFindingsDefeatBinary64ButNotDoubleDouble() throws {
        // Given 20 rare present findings shared by 4 rare conditions
        let example = try hardCase(seed: 11, conditions: 4, positives: 20, leak: 0.001...0.005, prior: 0.005...0.02)
        let exact = try #require(BruteForceInference.marginals(network: example.network, evidence: example.evidence))
        let reduced = try EvidenceReduction.reduce(network: example.network, evidence: example.evidence)
        let component = try #require(reduced.components.first)
        #expect(component.findings.count == 20)
        let local = component.conditions.map { exact[$0] }

        // When inclusion–exclusion runs in binary64 and in double-double
        let plain = Quickscore.run(component, in: Double.self, tolerance: 5e-10)
        let wide = Quickscore.run(component, in: DoubleDouble.self, tolerance: 5e-10)

        // Then binary64 is visibly wrong and says so, and double-double is exact
        #expect(!plain.accepted)
        #expect(plain.conditionNumberLowerBound > 1e12)
        let plainError = plain.marginals.isEmpty ? Double.infinity : maxDifference(plain.marginals, local)
        #expect(plainError > 1e-8)  // ten times what docs/model-format.md allows
        #expect(wide.accepted)
        #expect(maxDifference(wide.marginals, local) <= 1e-9)
        #expect(maxDifference(wide.marginals, local) <= wide.errorBound)
    }

    @Test func engineIsExactOnTwentyFivePositiveFindings() throws {
        let example = try hardCase(seed: 12, conditions: 12, positives: 25)
        let exact = try #require(BruteForceInference.marginals(network: example.network, evidence: example.evidence))
        let posterior = try NoisyOREngine(network: example.network).infer(example.evidence)
        #expect(posterior.sharedPositiveCount == 25)
        #expect(!posterior.method.isApproximate)
        #expect(maxDifference(posterior.marginals, exact) <= 1e-9)
    }

    @Test func planKeepsConditionsOfTheOuterHalfOutOfTheInnerLoop() {
        // f0, f1 share d0, d1; f2..f7 share d2, d3 only.
        var findings = [ReducedFinding]()
        for j in 0..<8 {
            let pair = j < 2 ? [0, 1] : [2, 3]
            findings.append(ReducedFinding(leak: 0.1, certainCauseProbabilities: [], links: pair.map { ($0, 0.5) }))
        }
        let component = ReducedComponent(
            conditions: [0, 1, 2, 3], absentWeight: [0.9, 0.9, 0.9, 0.9], presentWeight: [0.1, 0.1, 0.1, 0.1],
            findings: findings)
        let plan = Quickscore.plan(component)
        #expect(plan.order.count == 8)
        #expect(Set(plan.order) == Set(0..<8))
        #expect(plan.inner.count + plan.outer.count == 4)
        #expect(plan.lowCount >= 5)
    }
}

#if (arch(x86_64) || arch(i386)) && !(os(Windows) || os(Android))
private func quickscoreExtended(_ example: RandomCase) throws -> (marginals: [Double], bound: Double, accepted: Bool)? {
    try quickscore(example, in: Float80.self)
}
#else
private func quickscoreExtended(_ example: RandomCase) throws -> (marginals: [Double], bound: Double, accepted: Bool)? {
    nil
}
#endif
