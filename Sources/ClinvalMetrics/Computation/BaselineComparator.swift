import ClinvalCore
/// Compares a candidate run with a baseline run, paired over the vignettes both ran
/// (same bank id, bank version and vignette id; docs/metrics.md).
///
/// ```swift
/// let comparator = BaselineComparator(bootstrap: BootstrapSettings(resamples: 1000, seed: 20261129))
/// let top1 = comparator.compare(metric: "top1_accuracy", scope: .all, candidate: new, baseline: old)
/// // top1?.ciLower ≥ −margin → non-inferior
/// ```
///
/// Pairing: a key's first occurrence in each run is used. A pair is in a scope when the
/// candidate's vignette is (both carry the same bank version, hence the same labels); the
/// unpaired counts are the vignettes in scope of each run without a partner.
///
/// - Proportion metrics (a per-vignette 0/1 event: `coverage`, `top{k}_accuracy`,
///   `triage_accuracy`, `undertriage_rate`, `overtriage_rate`, `safe_triage_rate`, `error_rate`,
///   `emergency_undertriage_rate`): over the pairs in scope whose vignettes are in the metric's
///   population in both runs, the paired table gives both values, the difference, Newcombe's
///   method-10 interval (``NewcombePairedInterval``) and McNemar's exact p-value
///   (``McNemarExactTest``).
/// - Other metrics with a direction (`differential_*`, `ece`, `mce`, `brier`,
///   `must_pass_failures`, latencies): over the pairs in scope where either run's vignette is in
///   the metric's population, each run's value is computed over its own population members, and
///   the interval is the paired percentile bootstrap of the difference: replicate r resamples the
///   pairs with replacement (stream 3), computes both values over the resampled pairs, and drops
///   the replicate when either is undefined.
/// - Metrics without a direction (`n`, `calibration_intercept`, `calibration_slope`) and unknown
///   ids cannot be compared: the result is `nil`.
public struct BaselineComparator: Sendable {
    /// The number of replicates and the seed of the paired bootstrap.
    public var bootstrap: BootstrapSettings

    /// The bootstrap stream of paired comparisons.
    static let pairedStream: UInt64 = 3

    /// Creates a comparator.
    public init(bootstrap: BootstrapSettings) {
        self.bootstrap = bootstrap
    }

    /// The comparison of one metric over one scope, or `nil` when the metric cannot be compared.
    public func compare(
        metric: String, scope: Scope, candidate: [VignetteOutcome], baseline: [VignetteOutcome]
    ) async -> BaselineComparison? {
        guard let definition = MetricRegistry.definition(for: metric) else { return nil }
        return await compare(definition, scope: scope, candidate: candidate, baseline: baseline)
    }

    /// The comparison of one metric over one scope, or `nil` when the metric has no direction.
    func compare(
        _ definition: MetricDefinition, scope: Scope, candidate: [VignetteOutcome], baseline: [VignetteOutcome]
    ) async -> BaselineComparison? {
        guard definition.isComparable else { return nil }
        let metric = definition.id
        let pairing = Pairing(scope: scope, candidate: candidate, baseline: baseline)
        let candidateRun = ScoredRun(pairing.candidate)
        let baselineRun = ScoredRun(pairing.baseline)
        var result = BaselineComparison(
            metric: metric, scope: scope, candidateValue: nil, baselineValue: nil, difference: nil, ciLower: nil,
            ciUpper: nil, pValue: nil, pairedN: 0, unpairedCandidate: pairing.unpairedCandidate,
            unpairedBaseline: pairing.unpairedBaseline)
        if case .share(let event) = definition.computation {
            compareProportion(
                population: definition.population, event: event, candidate: candidateRun, baseline: baselineRun,
                into: &result)
        } else {
            await compareByBootstrap(definition, candidate: candidateRun, baseline: baselineRun, into: &result)
        }
        return result
    }

    private func compareProportion(
        population: MetricDefinition.Population, event: (VignetteScore) -> Bool, candidate: ScoredRun,
        baseline: ScoredRun, into result: inout BaselineComparison
    ) {
        var table = PairedTable(both: 0, candidateOnly: 0, baselineOnly: 0, neither: 0)
        for (c, b) in zip(candidate.scores, baseline.scores) where population.contains(c) && population.contains(b) {
            switch (event(c), event(b)) {
            case (true, true): table.both += 1
            case (true, false): table.candidateOnly += 1
            case (false, true): table.baselineOnly += 1
            case (false, false): table.neither += 1
            }
        }
        let n = table.total
        result.pairedN = n
        guard n > 0 else { return }
        let candidateValue = Double(table.both + table.candidateOnly) / Double(n)
        let baselineValue = Double(table.both + table.baselineOnly) / Double(n)
        result.candidateValue = candidateValue
        result.baselineValue = baselineValue
        result.difference = candidateValue - baselineValue
        if let interval = NewcombePairedInterval.interval(table) {
            result.ciLower = interval.lower
            result.ciUpper = interval.upper
        }
        result.pValue = McNemarExactTest.pValue(candidateOnly: table.candidateOnly, baselineOnly: table.baselineOnly)
    }

    private func compareByBootstrap(
        _ definition: MetricDefinition, candidate: ScoredRun, baseline: ScoredRun, into result: inout BaselineComparison
    ) async {
        let candidateSide = SideStatistic(definition, run: candidate)
        let baselineSide = SideStatistic(definition, run: baseline)
        let population = definition.population
        let selection = candidate.scores.indices.filter {
            population.contains(candidate.scores[$0]) || population.contains(baseline.scores[$0])
        }
        result.pairedN = selection.count
        guard !selection.isEmpty else { return }
        let candidateSample = candidateSide.sample(selection)
        let baselineSample = baselineSide.sample(selection)
        let candidateValue = MetricCalculator.defined(candidateSample.value(weights: nil))
        let baselineValue = MetricCalculator.defined(baselineSample.value(weights: nil))
        result.candidateValue = candidateValue
        result.baselineValue = baselineValue
        guard let candidateValue, let baselineValue else { return }
        result.difference = candidateValue - baselineValue
        let replicates = await BootstrapEngine.replicates(
            populationSize: selection.count, resamples: bootstrap.resamples, seed: bootstrap.seed,
            stream: Self.pairedStream, statisticCount: 1
        ) { batch, output in
            for b in 0..<batch.size {
                let counts = batch.replicate(b)
                output[b] = candidateSample.value(weights: counts) - baselineSample.value(weights: counts)
            }
        }
        if let interval = replicates.first.flatMap(Percentile.interval95) {
            result.ciLower = interval.lower
            result.ciUpper = interval.upper
        }
    }
}

/// The paired vignettes of two runs in a scope, as two aligned outcome lists.
private struct Pairing {
    var candidate: [VignetteOutcome] = []
    var baseline: [VignetteOutcome] = []
    var unpairedCandidate = 0
    var unpairedBaseline = 0

    init(scope: Scope, candidate candidateOutcomes: [VignetteOutcome], baseline baselineOutcomes: [VignetteOutcome]) {
        var baselineByKey: [PairingKey: Int] = [:]
        for (index, outcome) in baselineOutcomes.enumerated() where baselineByKey[outcome.pairingKey] == nil {
            baselineByKey[outcome.pairingKey] = index
        }
        var candidateKeys: Set<PairingKey> = []
        for outcome in candidateOutcomes where candidateKeys.insert(outcome.pairingKey).inserted {
            guard scope.contains(outcome) else { continue }
            if let index = baselineByKey[outcome.pairingKey] {
                candidate.append(outcome)
                baseline.append(baselineOutcomes[index])
            } else {
                unpairedCandidate += 1
            }
        }
        for (key, index) in baselineByKey where !candidateKeys.contains(key) && scope.contains(baselineOutcomes[index]) {
            unpairedBaseline += 1
        }
    }
}

/// One run's side of a bootstrap comparison: its statistic over the selected pairs, with the
/// replicate's pair counts mapped onto its own members (the selected pairs in the metric's
/// population).
private struct SideStatistic {
    let definition: MetricDefinition
    let run: ScoredRun

    init(_ definition: MetricDefinition, run: ScoredRun) {
        self.definition = definition
        self.run = run
    }

    /// The statistic over `selection` (pair indices, aligned with the replicate counts).
    func sample(_ selection: [Int]) -> WeightedStatistic {
        let population = definition.population
        let run = self.run
        var members: [Int] = []
        var positions: [Int] = []
        for (position, v) in selection.enumerated() where population.contains(run.scores[v]) {
            members.append(v)
            positions.append(position)
        }
        let statistic: WeightedStatistic.Compute
        switch definition.computation {
        case .differential(let slot):
            let sample = DifferentialSample(run: run, members: members)
            statistic = { weights in
                var output = [Double](repeating: .nan, count: DifferentialSample.Statistic.allCases.count)
                output.withUnsafeMutableBufferPointer { sample.statistics(CountBatch(single: weights), into: $0) }
                return output[slot.rawValue]
            }
        case .calibration(let slot):
            let sample = CalibrationSample(run: run, members: members, exactRefitPairLimit: .max, fitting: false)
            statistic = { weights in
                var output = [Double](repeating: .nan, count: CalibrationSample.Statistic.allCases.count)
                output.withUnsafeMutableBufferPointer { sample.statistics(CountBatch(single: weights), fits: false, into: $0) }
                return output[slot.rawValue]
            }
        case .count(let event):
            let sample = CountSample(members: members) { event(run.scores[$0]) }
            statistic = { sample.statistic(weights: $0) }
        case .latencyPercentile(let percentile):
            let sample = LatencySample(run: run, members: members)
            statistic = { sample.percentile(percentile, weights: $0) }
        case .size, .share:
            // Sizes have no direction; shares are compared by their paired table.
            statistic = { _ in .nan }
        }
        return WeightedStatistic(positions: positions, compute: statistic)
    }
}

/// A statistic over a side's members, fed with the pair counts of a replicate.
private struct WeightedStatistic: Sendable {
    typealias Compute = @Sendable (UnsafeBufferPointer<UInt32>) -> Double
    /// The position in the selection of each member.
    let positions: [Int]
    let compute: Compute

    /// The value with every member once (`nil`) or with the members' pair counts.
    func value(weights counts: UnsafeBufferPointer<UInt32>?) -> Double {
        var weights = [UInt32](repeating: 1, count: positions.count)
        if let counts {
            for (j, position) in positions.enumerated() { weights[j] = counts[position] }
        }
        return weights.withUnsafeBufferPointer { compute($0) }
    }
}
