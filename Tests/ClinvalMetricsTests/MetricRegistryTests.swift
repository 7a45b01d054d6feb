import ClinvalMetrics
import Testing

/// The registry against the table of docs/metrics.md, row by row.
struct MetricRegistryTests {
    /// One row of the table in docs/metrics.md, as written there.
    struct Row: Sendable, CustomStringConvertible {
        var id: String
        var population: MetricDefinition.Population
        var direction: MetricDefinition.Direction
        var interval: MetricDefinition.Interval
        var description: String { id }
    }

    static let contractTable: [Row] = [
        Row(id: "n", population: .scope, direction: .none, interval: .none),
        Row(id: "coverage", population: .scope, direction: .higherIsBetter, interval: .wilson),
        Row(id: "top1_accuracy", population: .scope, direction: .higherIsBetter, interval: .wilson),
        Row(id: "top3_accuracy", population: .scope, direction: .higherIsBetter, interval: .wilson),
        Row(id: "top5_accuracy", population: .scope, direction: .higherIsBetter, interval: .wilson),
        Row(id: "top10_accuracy", population: .scope, direction: .higherIsBetter, interval: .wilson),
        Row(id: "differential_recall", population: .goldDifferential, direction: .higherIsBetter, interval: .bootstrap),
        Row(id: "differential_precision", population: .goldDifferential, direction: .higherIsBetter, interval: .bootstrap),
        Row(id: "differential_f1", population: .goldDifferential, direction: .higherIsBetter, interval: .bootstrap),
        Row(id: "triage_accuracy", population: .scope, direction: .higherIsBetter, interval: .wilson),
        Row(id: "undertriage_rate", population: .scope, direction: .lowerIsBetter, interval: .wilson),
        Row(id: "overtriage_rate", population: .scope, direction: .lowerIsBetter, interval: .wilson),
        Row(id: "safe_triage_rate", population: .scope, direction: .higherIsBetter, interval: .wilson),
        Row(id: "emergency_undertriage_rate", population: .emergencyGold, direction: .lowerIsBetter, interval: .wilson),
        Row(id: "must_pass_failures", population: .mustPass, direction: .lowerIsBetter, interval: .none),
        Row(id: "error_rate", population: .scope, direction: .lowerIsBetter, interval: .wilson),
        Row(id: "ece", population: .nonEmptyDifferential, direction: .lowerIsBetter, interval: .bootstrap),
        Row(id: "mce", population: .nonEmptyDifferential, direction: .lowerIsBetter, interval: .bootstrap),
        Row(id: "brier", population: .nonEmptyDifferential, direction: .lowerIsBetter, interval: .bootstrap),
        Row(id: "calibration_intercept", population: .nonEmptyDifferential, direction: .none, interval: .bootstrap),
        Row(id: "calibration_slope", population: .nonEmptyDifferential, direction: .none, interval: .bootstrap),
        Row(id: "latency_p50_ms", population: .okResults, direction: .lowerIsBetter, interval: .none),
        Row(id: "latency_p99_ms", population: .okResults, direction: .lowerIsBetter, interval: .none),
    ]

    @Test func idsAreExactlyTheContractMetricsInTableOrder() {
        #expect(MetricRegistry.ids == Self.contractTable.map(\.id))
    }

    @Test func idsAreUnique() {
        #expect(Set(MetricRegistry.ids).count == MetricRegistry.all.count)
    }

    @Test(arguments: contractTable)
    func definitionMatchesTheContractRow(_ row: Row) throws {
        let definition = try #require(MetricRegistry.definition(for: row.id))
        #expect(definition.id == row.id)
        #expect(definition.population == row.population)
        #expect(definition.direction == row.direction)
        #expect(definition.interval == row.interval)
    }

    @Test func onlyEmergencyUndertriageRateHasAnExactUpperBound() {
        let exact = MetricRegistry.all.filter(\.hasExactUpperBound).map(\.id)
        #expect(exact == ["emergency_undertriage_rate"])
    }

    @Test func unknownIdHasNoDefinition() {
        #expect(MetricRegistry.definition(for: "top3_acc") == nil)
        #expect(MetricRegistry.definition(for: "TOP3_ACCURACY") == nil)
    }

    @Test func everyProportionRunsFromZeroToOneWithAWilsonInterval() {
        let proportions = MetricRegistry.all.filter { $0.kind == .proportion }
        #expect(proportions.count == 11)
        for definition in proportions {
            #expect(definition.valueRange == 0...1, "\(definition.id)")
            #expect(definition.interval == .wilson, "\(definition.id)")
        }
    }

    @Test func kindsFollowTheContract() {
        let kinds = Dictionary(uniqueKeysWithValues: MetricRegistry.all.map { ($0.id, $0.kind) })
        #expect(kinds["n"] == .size)
        #expect(kinds["must_pass_failures"] == .count)
        #expect(kinds["differential_f1"] == .mean)
        #expect(kinds["brier"] == .calibration)
        #expect(kinds["calibration_slope"] == .calibration)
        #expect(kinds["latency_p99_ms"] == .latency)
        #expect(kinds["top10_accuracy"] == .proportion)
    }

    @Test func onlyCalibrationInterceptAndSlopeAreUnbounded() {
        let unbounded = MetricRegistry.all.filter { $0.valueRange == nil }.map(\.id)
        #expect(unbounded == ["calibration_intercept", "calibration_slope"])
    }

    @Test func countsSizesLatenciesAndBrierAreNonNegativeWithoutUpperBound() {
        for id in ["n", "must_pass_failures", "brier", "latency_p50_ms", "latency_p99_ms"] {
            let range = MetricRegistry.definition(for: id)?.valueRange
            #expect(range?.lowerBound == 0, "\(id)")
            #expect(range?.upperBound == .infinity, "\(id)")
        }
    }

    @Test func onlyNIsZeroOnAnEmptyPopulation() {
        let zero = MetricRegistry.all.filter { $0.zeroDenominator == .zero }.map(\.id)
        #expect(zero == ["n"])
    }

    @Test func metricsWithoutDirectionAreNotComparable() {
        let notComparable = MetricRegistry.all.filter { !$0.isComparable }.map(\.id)
        #expect(notComparable == ["n", "calibration_intercept", "calibration_slope"])
    }

    @Test func metricsWithoutIntervalAreNLatenciesAndMustPassFailures() {
        let withoutInterval = MetricRegistry.all.filter { !$0.hasInterval }.map(\.id)
        #expect(withoutInterval == ["n", "must_pass_failures", "latency_p50_ms", "latency_p99_ms"])
    }

    @Test func titlesAreUniqueAndShort() {
        let titles = MetricRegistry.all.map(\.title)
        #expect(Set(titles).count == titles.count)
        for title in titles {
            #expect(!title.isEmpty && title.count <= 30, "\(title)")
        }
        #expect(MetricRegistry.definition(for: "top3_accuracy")?.title == "Top-3 accuracy")
    }

    @Test func everyMetricHasAPlainDescriptionOfOneOrTwoSentencesAndAFormula() {
        for definition in MetricRegistry.all {
            let sentences = definition.plainDescription.split(separator: ". ").count
            #expect((1...2).contains(sentences), "\(definition.id)")
            #expect(definition.plainDescription.hasSuffix("."), "\(definition.id)")
            #expect(definition.plainDescription.first?.isUppercase == true, "\(definition.id)")
            #expect(!definition.formula.isEmpty, "\(definition.id)")
        }
    }

    @Test func plainDescriptionsAvoidMetricJargonIds() {
        for definition in MetricRegistry.all {
            #expect(!definition.plainDescription.contains("_"), "\(definition.id)")
        }
    }

    @Test func suggestionFindsAShortenedId() {
        #expect(MetricRegistry.suggestion(for: "top3_acc") == "top3_accuracy")
    }

    @Test func suggestionFindsAMistypedId() {
        #expect(MetricRegistry.suggestion(for: "coverge") == "coverage")
    }

    @Test func suggestionIsNilForAnAmbiguousOrUnrelatedName() {
        #expect(MetricRegistry.suggestion(for: "accuracy") == nil)
        #expect(MetricRegistry.suggestion(for: "sensitivity") == nil)
    }
}
