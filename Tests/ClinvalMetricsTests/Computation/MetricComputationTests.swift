import ClinvalCore
import Testing

@testable import ClinvalMetrics

/// A metric defined by its registry entry alone: the calculator and the baseline comparator take
/// everything from the definition's computation and population, so a new share, count or
/// percentile metric needs no other code. Each value here is checked against a count made
/// directly from the fixture outcomes.
struct MetricComputationTests {
    /// Top-2 accuracy, as a new engineer would add it to ``MetricRegistry``.
    static let top2 = MetricDefinition(
        id: "top2_accuracy", computation: .share { $0.isInTop(2) }, direction: .higherIsBetter,
        population: .scope, valueRange: 0...1, title: "Top-2 accuracy",
        plainDescription: "The share of vignettes with the doctors' diagnosis among the first two suggestions.",
        formula: "share with r_i ≤ 2")
    /// Must-pass vignettes answered with emergency care, a count over the must-pass population.
    static let mustPassEmergencies = MetricDefinition(
        id: "must_pass_emergency_answers", computation: .count { $0.returnedTriage == .emergency },
        direction: .none, population: .mustPass, valueRange: 0...Double.infinity, title: "Must-pass emergencies",
        plainDescription: "", formula: "count of must_pass vignettes with t̂_i = emergency")
    /// The 90th percentile latency.
    static let latency90 = MetricDefinition(
        id: "latency_p90_ms", computation: .latencyPercentile(90), direction: .lowerIsBetter,
        population: .okResults, valueRange: 0...Double.infinity, title: "90th percentile latency (ms)",
        plainDescription: "", formula: "nearest-rank 90th percentile of model latency over ok results")

    /// r_i counted directly: the 1-based position of the first returned code that is the gold
    /// diagnosis or also correct; `nil` when none is, or the vignette was not answered.
    private func rank(_ outcome: VignetteOutcome) -> Int? {
        guard outcome.status == .ok else { return nil }
        let gold = Set([outcome.goldDiagnosis] + outcome.alsoCorrect)
        return outcome.differential.firstIndex { gold.contains($0.condition) }.map { $0 + 1 }
    }

    @Test func aShareDefinedOnlyByItsEntryIsComputedWithItsWilsonInterval() async throws {
        let outcomes = try MetricFixtures.outcomes("mixed")
        let rows = await MetricCalculator(bootstrap: MetricFixtures.settings, metrics: [Self.top2])
            .compute(outcomes: outcomes, scopes: [.all])
        let row = try #require(rows.first)
        let hits = outcomes.filter { (rank($0) ?? .max) <= 2 }.count
        #expect(rows.count == 1)
        #expect(row.metric == "top2_accuracy" && row.n == outcomes.count)
        #expect(row.value == Double(hits) / Double(outcomes.count))
        let wilson = try #require(WilsonScoreInterval.interval(successes: hits, trials: outcomes.count))
        #expect(row.ciLower == wilson.lower && row.ciUpper == wilson.upper)
        #expect(Self.top2.kind == .proportion && Self.top2.interval == .wilson)
    }

    @Test func aCountAndAPercentileDefinedOnlyByTheirEntriesAreComputed() async throws {
        let outcomes = try MetricFixtures.outcomes("mixed")
        let rows = await MetricCalculator(bootstrap: MetricFixtures.settings, metrics: [Self.mustPassEmergencies, Self.latency90])
            .compute(outcomes: outcomes, scopes: [.all])
        let mustPass = outcomes.filter(\.mustPass)
        let emergencies = mustPass.filter { $0.status == .ok && $0.triage == .emergency }.count
        #expect(rows[0].value == Double(emergencies) && rows[0].n == mustPass.count)
        #expect(rows[0].ciLower == nil && Self.mustPassEmergencies.interval == .none)

        let latencies = outcomes.filter { $0.status == .ok }.compactMap(\.latencyMs).sorted()
        let nearestRank = max(1, (90 * latencies.count + 99) / 100)
        #expect(rows[1].value == latencies[nearestRank - 1] && rows[1].n == latencies.count)
    }

    @Test func aShareDefinedOnlyByItsEntryIsComparedWithTheBaselineByItsPairedTable() async throws {
        let candidate = try MetricFixtures.outcomes("mixed")
        let baseline = try MetricFixtures.outcomes("no-gold-returned")
        let comparator = BaselineComparator(bootstrap: MetricFixtures.settings)
        let comparison = try #require(await comparator.compare(Self.top2, scope: .all, candidate: candidate, baseline: baseline))
        let baselineByKey = Dictionary(baseline.map { ($0.pairingKey, $0) }, uniquingKeysWith: { first, _ in first })
        var table = PairedTable(both: 0, candidateOnly: 0, baselineOnly: 0, neither: 0)
        for outcome in candidate {
            guard let partner = baselineByKey[outcome.pairingKey] else { continue }
            switch ((rank(outcome) ?? .max) <= 2, (rank(partner) ?? .max) <= 2) {
            case (true, true): table.both += 1
            case (true, false): table.candidateOnly += 1
            case (false, true): table.baselineOnly += 1
            case (false, false): table.neither += 1
            }
        }
        #expect(comparison.pairedN == table.total)
        if table.total > 0 {
            let interval = NewcombePairedInterval.interval(table)
            #expect(comparison.ciLower == interval?.lower && comparison.ciUpper == interval?.upper)
            #expect(
                comparison.pValue
                    == McNemarExactTest.pValue(candidateOnly: table.candidateOnly, baselineOnly: table.baselineOnly))
        }
    }

    @Test func everyPopulationHoldsTheVignettesItsDefinitionNames() async throws {
        let outcomes = try MetricFixtures.outcomes("mixed")
        for outcome in outcomes {
            let score = VignetteScore(outcome)
            let answered = outcome.status == .ok
            #expect(MetricDefinition.Population.scope.contains(score))
            #expect(MetricDefinition.Population.goldDifferential.contains(score) == (outcome.goldDifferential != nil))
            #expect(MetricDefinition.Population.emergencyGold.contains(score) == (outcome.goldTriage.lower == .emergency))
            #expect(MetricDefinition.Population.mustPass.contains(score) == outcome.mustPass)
            #expect(
                MetricDefinition.Population.nonEmptyDifferential.contains(score)
                    == (answered && !outcome.differential.isEmpty))
            #expect(MetricDefinition.Population.okResults.contains(score) == (answered && outcome.latencyMs != nil))
        }
    }

    @Test func theRegistryEntriesDecideKindAndInterval() {
        for definition in MetricRegistry.all {
            switch definition.computation {
            case .share: #expect(definition.kind == .proportion && definition.interval == .wilson, "\(definition.id)")
            case .differential, .calibration: #expect(definition.interval == .bootstrap, "\(definition.id)")
            case .size, .count, .latencyPercentile: #expect(definition.interval == .none, "\(definition.id)")
            }
        }
    }
}
