import ClinvalCore
import ClinvalMetrics
import Testing

struct BaselineComparatorTests {
    private func compared(
        settings: BootstrapSettings = MetricFixtures.settings
    ) async throws -> [(BaselineComparison?, ReferenceValues.Comparison)] {
        let candidate = try MetricFixtures.outcomes("mixed")
        let baseline = try MetricFixtures.outcomes("mixed-baseline")
        let comparator = BaselineComparator(bootstrap: settings)
        var results: [(BaselineComparison?, ReferenceValues.Comparison)] = []
        for expected in try MetricFixtures.reference().comparisons {
            let scope = try Scope.parse(expected.scope).get()
            results.append(
                (await comparator.compare(metric: expected.metric, scope: scope, candidate: candidate, baseline: baseline), expected))
        }
        return results
    }

    @Test func countsValuesAndIntervalsMatchTheReference() async throws {
        let results = try await compared()
        #expect(results.count == 60)
        for (actual, expected) in results {
            let label = "\(expected.scope) \(expected.metric)"
            let comparison = try #require(actual, "\(label)")
            #expect(comparison.pairedN == expected.pairedN, "\(label)")
            #expect(comparison.unpairedCandidate == expected.unpairedCandidate, "\(label)")
            #expect(comparison.unpairedBaseline == expected.unpairedBaseline, "\(label)")
            #expect(agree(comparison.candidateValue, expected.candidateValue, within: 1e-12), "\(label)")
            #expect(agree(comparison.baselineValue, expected.baselineValue, within: 1e-12), "\(label)")
            #expect(agree(comparison.difference, expected.difference, within: 1e-12), "\(label)")
            #expect(agree(comparison.ciLower, expected.ci?.first, within: 1e-12), "\(label)")
            #expect(agree(comparison.ciUpper, expected.ci?.last, within: 1e-12), "\(label)")
            #expect(agree(comparison.pValue, expected.pValue, within: 1e-12), "\(label)")
        }
    }

    @Test func pairedBootstrapAgreesWithAnIndependentNumpyBootstrap() async throws {
        // 10,000 resamples here against numpy's 5,000: what remains is Monte Carlo error.
        // Percentiles of a few latencies or failure counts are lumpy: their bootstrap bounds jump
        // between observed values, so they are only checked on the larger scope (their exact
        // values are checked against the reproduction above).
        let lumpy = { (metric: String) in metric.hasPrefix("latency") || metric == "must_pass_failures" }
        let checked = try await compared(settings: BootstrapSettings(resamples: 10_000, seed: 7)).filter {
            $0.1.independent != nil && (!lumpy($0.1.metric) || $0.1.pairedN >= 20)
        }
        #expect(checked.count >= 10)
        for (actual, expected) in checked {
            let independent = try #require(expected.independent)
            // Latencies in milliseconds: allow a few; shares: 0.03.
            let tolerance = lumpy(expected.metric) ? 5 : 0.03
            #expect(agree(actual?.ciLower, independent.first, within: tolerance), "\(expected.scope) \(expected.metric)")
            #expect(agree(actual?.ciUpper, independent.last, within: tolerance), "\(expected.scope) \(expected.metric)")
        }
    }

    @Test func metricsWithoutADirectionOrUnknownCannotBeCompared() async throws {
        let outcomes = try MetricFixtures.outcomes("single")
        let comparator = BaselineComparator(bootstrap: MetricFixtures.settings)
        for metric in ["n", "calibration_slope", "calibration_intercept", "top3_acc"] {
            #expect(await comparator.compare(metric: metric, scope: .all, candidate: outcomes, baseline: outcomes) == nil)
        }
    }

    @Test func aRunComparedWithItselfHasZeroDifferenceAndPValueOne() async throws {
        let outcomes = try MetricFixtures.outcomes("mixed")
        let comparison = try #require(await BaselineComparator(bootstrap: MetricFixtures.settings)
            .compare(metric: "top1_accuracy", scope: .all, candidate: outcomes, baseline: outcomes))
        #expect(comparison.difference == 0 && comparison.pValue == 1)
        #expect(comparison.pairedN == outcomes.count && comparison.unpairedCandidate == 0 && comparison.unpairedBaseline == 0)
        #expect((comparison.ciLower ?? 0) < 0 && (comparison.ciUpper ?? 0) > 0)
    }

    @Test func noSharedVignettesGiveNullValuesAndTheUnpairedCounts() async throws {
        let candidate = try MetricFixtures.outcomes("single")
        let baseline = try MetricFixtures.outcomes("separated")
        let comparison = try #require(await BaselineComparator(bootstrap: MetricFixtures.settings)
            .compare(metric: "ece", scope: .all, candidate: candidate, baseline: baseline))
        #expect(comparison.pairedN == 0 && comparison.difference == nil && comparison.ciLower == nil)
        #expect(comparison.unpairedCandidate == 1 && comparison.unpairedBaseline == 10)
    }
}
