import ClinvalCore
/// Computes every metric of docs/metrics.md with its interval, for a set of scopes.
///
/// ```swift
/// let calculator = MetricCalculator(bootstrap: BootstrapSettings(resamples: 1000, seed: 20261129))
/// let rows = calculator.compute(outcomes: outcomes, scopes: Scope.breakdowns(for: outcomes))
/// ```
///
/// For each scope, one row per metric of ``MetricRegistry/all``, in registry order:
/// - `n`: the scope's size (value = n, no interval).
/// - Proportions (`coverage`, `top{1,3,5,10}_accuracy`, `triage_accuracy`, `undertriage_rate`,
///   `overtriage_rate`, `safe_triage_rate`, `error_rate`, `emergency_undertriage_rate`): events/n
///   with the Wilson 95% interval (``WilsonScoreInterval``); `emergency_undertriage_rate` also has
///   `ciUpperExact` (``ClopperPearson/upperBound95(successes:trials:)``).
/// - `differential_recall`, `differential_precision`, `differential_f1`: means over vignettes
///   with a gold differential, percentile bootstrap interval (stream 1).
/// - `ece`, `mce`, `brier`, `calibration_intercept`, `calibration_slope`: over vignettes with
///   status ok and a non-empty differential, percentile bootstrap interval (stream 2).
/// - `must_pass_failures`: the count of failures among must_pass vignettes (no interval).
/// - `latency_p50_ms`, `latency_p99_ms`: nearest-rank percentiles over ok results with a latency
///   (no interval).
///
/// A metric whose population is empty has null value and bounds (`n` itself is then 0 with value
/// 0). A bootstrap interval is null when the value is null or no replicate is defined.
///
/// Bootstrap: replicate r of a population of size m draws m members with replacement through the
/// generator of ``BootstrapSettings/seed``, the metric family's stream and r (xoshiro256**
/// seeded by SplitMix64, Lemire's bounded integers; see the core's `Xoshiro256StarStar`);
/// undefined replicates are dropped; the bounds are the 2.5th and 97.5th percentiles with linear
/// interpolation between order statistics (numpy's default). Replicates run on all cores; the
/// result does not depend on their number.
///
/// - Complexity: O(vignettes) to derive the per-vignette quantities, then per scope
///   O(resamples × population) for each bootstrap family, plus, for populations of at most
///   ``exactRefitPairLimit`` pairs, exact logistic refits of about two passes over the pairs
///   each. Memory is linear in the vignettes: no replicate copies the data.
public struct MetricCalculator: Sendable {
    /// The number of replicates and the seed.
    public var bootstrap: BootstrapSettings
    /// The metrics computed, in the order of each scope's rows: the registry's.
    let metrics: [MetricDefinition]

    /// Calibration fits are refitted exactly in each bootstrap replicate up to this many
    /// (vignette, condition) pairs in the population, by Newton's method from the replicate's
    /// second-order estimate; above it that estimate is the replicate's value (see
    /// `CalibrationSample`).
    public static let exactRefitPairLimit = 20_000

    /// The bootstrap stream of the differential metrics.
    static let differentialStream: UInt64 = 1
    /// The bootstrap stream of the calibration metrics.
    static let calibrationStream: UInt64 = 2

    /// Creates a calculator of every registry metric.
    public init(bootstrap: BootstrapSettings) {
        self.init(bootstrap: bootstrap, metrics: MetricRegistry.all)
    }

    /// Creates a calculator of the given metrics (tests of a definition before it joins the
    /// registry).
    init(bootstrap: BootstrapSettings, metrics: [MetricDefinition]) {
        self.bootstrap = bootstrap
        self.metrics = metrics
    }

    /// Every registry metric for every scope (repeated scopes are computed once), scope by scope
    /// in the order given, metrics in registry order.
    ///
    /// A scope with the same vignettes as an earlier one (`tag:synthetic` holding exactly the
    /// bank `casebank:ddxplus-core`, say) takes the earlier scope's rows: every value, and every
    /// bootstrap replicate, depends only on the members, so computing them again would give the
    /// same numbers.
    public func compute(outcomes: [VignetteOutcome], scopes: [Scope]) async -> [MetricValue] {
        let run = ScoredRun(outcomes)
        var seen: Set<Scope> = []
        var rows: [MetricValue] = []
        // Member sets by a fingerprint (their count and hash), with where their rows start.
        var computed: [MemberFingerprint: [(members: [Int], start: Int)]] = [:]
        for scope in scopes where seen.insert(scope).inserted {
            let members = run.members(of: scope)
            let fingerprint = MemberFingerprint(members)
            if let earlier = computed[fingerprint]?.first(where: { $0.members == members }) {
                rows += rows[earlier.start..<(earlier.start + metrics.count)].map { row in
                    var row = row
                    row.scope = scope
                    return row
                }
                continue
            }
            computed[fingerprint, default: []].append((members, rows.count))
            rows += await compute(run: run, scope: scope, members: members)
        }
        return rows
    }

    private func compute(run: ScoredRun, scope: Scope, members: [Int]) async -> [MetricValue] {
        // The bootstrap families, each computed once for the scope when a metric asks for it.
        var differential: [(value: Double?, interval: ConfidenceInterval?)]?
        var calibration: [(value: Double?, interval: ConfidenceInterval?)]?
        var differentialCount = 0
        var calibrationCount = 0
        // Each population's members, found once for the scope.
        var populations: [MetricDefinition.Population: [Int]] = [:]

        func value(of definition: MetricDefinition) async -> MetricValue {
            let population = populations[definition.population] ?? {
                let found = members.filter { definition.population.contains(run.scores[$0]) }
                populations[definition.population] = found
                return found
            }()
            func row(_ value: Double?, _ interval: ConfidenceInterval? = nil, exact: Double? = nil, n: Int) -> MetricValue {
                MetricValue(
                    scope: scope, metric: definition.id, value: value, ciLower: value == nil ? nil : interval?.lower,
                    ciUpper: value == nil ? nil : interval?.upper, ciUpperExact: value == nil ? nil : exact, n: n)
            }
            switch definition.computation {
            case .size:
                return row(Double(members.count), n: members.count)
            case .share(let event):
                let events = population.count { event(run.scores[$0]) }
                let value = population.isEmpty ? nil : Double(events) / Double(population.count)
                let exact = definition.hasExactUpperBound
                    ? ClopperPearson.upperBound95(successes: events, trials: population.count) : nil
                return row(
                    value, WilsonScoreInterval.interval(successes: events, trials: population.count), exact: exact,
                    n: population.count)
            case .count(let event):
                let sample = CountSample(members: population) { event(run.scores[$0]) }
                return row(Self.defined(sample.statistic(weights: nil)), n: population.count)
            case .latencyPercentile(let percentile):
                let sample = LatencySample(run: run, members: population)
                return row(Self.defined(sample.percentile(percentile, weights: nil)), n: sample.members.count)
            case .differential(let statistic):
                if differential == nil {
                    let sample = DifferentialSample(run: run, members: population)
                    differentialCount = sample.count
                    differential = await pointAndIntervals(
                        count: DifferentialSample.Statistic.allCases.count, populationSize: sample.count,
                        stream: Self.differentialStream
                    ) { batch, output in
                        sample.statistics(batch, into: output)
                    }
                }
                let result = differential?[statistic.rawValue]
                return row(result?.value, result?.interval, n: differentialCount)
            case .calibration(let statistic):
                if calibration == nil {
                    let sample = CalibrationSample(
                        run: run, members: population, exactRefitPairLimit: Self.exactRefitPairLimit)
                    calibrationCount = sample.count
                    calibration = await pointAndIntervals(
                        count: CalibrationSample.Statistic.allCases.count, populationSize: sample.count,
                        stream: Self.calibrationStream
                    ) { batch, output in
                        sample.statistics(batch, fits: true, into: output)
                    }
                }
                let result = calibration?[statistic.rawValue]
                return row(result?.value, result?.interval, n: calibrationCount)
            }
        }
        var rows: [MetricValue] = []
        rows.reserveCapacity(metrics.count)
        for definition in metrics { rows.append(await value(of: definition)) }
        return rows
    }

    /// The point values (every member once) and bootstrap intervals of a family of statistics.
    private func pointAndIntervals(
        count: Int, populationSize: Int, stream: UInt64,
        statistic: @escaping @Sendable (CountBatch, UnsafeMutableBufferPointer<Double>) -> Void
    ) async -> [(value: Double?, interval: ConfidenceInterval?)] {
        guard populationSize > 0 else { return Array(repeating: (nil, nil), count: count) }
        var point = [Double](repeating: .nan, count: count)
        point.withUnsafeMutableBufferPointer { output in
            CountBatch.withIdentity(populationSize: populationSize) { statistic($0, output) }
        }
        let replicates = await BootstrapEngine.replicates(
            populationSize: populationSize, resamples: bootstrap.resamples, seed: bootstrap.seed, stream: stream,
            statisticCount: count, statistic: statistic)
        return (0..<count).map { s in
            (Self.defined(point[s]), Percentile.interval95(replicates[s]))
        }
    }

    static func defined(_ value: Double) -> Double? {
        value.isFinite ? value : nil
    }
}

/// The count and hash of a scope's member indices, to find scopes with the same members.
private struct MemberFingerprint: Hashable {
    let count: Int
    let hash: Int

    init(_ members: [Int]) {
        count = members.count
        var hasher = Hasher()
        for member in members { hasher.combine(member) }
        hash = hasher.finalize()
    }
}
