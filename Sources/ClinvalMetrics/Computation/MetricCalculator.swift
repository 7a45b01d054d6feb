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
/// seeded by SplitMix64, Lemire's bounded integers; see the package's `ResamplingRandom`);
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

    /// Calibration fits are refitted exactly in each bootstrap replicate up to this many
    /// (vignette, condition) pairs in the population, by Newton's method from the replicate's
    /// second-order estimate; above it that estimate is the replicate's value (see
    /// `CalibrationSample`).
    public static let exactRefitPairLimit = 20_000

    /// The bootstrap stream of the differential metrics.
    static let differentialStream: UInt64 = 1
    /// The bootstrap stream of the calibration metrics.
    static let calibrationStream: UInt64 = 2

    /// Creates a calculator.
    public init(bootstrap: BootstrapSettings) {
        self.bootstrap = bootstrap
    }

    /// Every registry metric for every scope (repeated scopes are computed once), scope by scope
    /// in the order given, metrics in registry order.
    ///
    /// A scope with the same vignettes as an earlier one (`tag:synthetic` holding exactly the
    /// bank `casebank:ddxplus-core`, say) takes the earlier scope's rows: every value, and every
    /// bootstrap replicate, depends only on the members, so computing them again would give the
    /// same numbers.
    public func compute(outcomes: [VignetteOutcome], scopes: [Scope]) -> [MetricValue] {
        let run = ScoredRun(outcomes)
        var seen: Set<Scope> = []
        var rows: [MetricValue] = []
        // Member sets by a fingerprint (their count and hash), with where their rows start.
        var computed: [MemberFingerprint: [(members: [Int], start: Int)]] = [:]
        for scope in scopes where seen.insert(scope).inserted {
            let members = run.members(of: scope)
            let fingerprint = MemberFingerprint(members)
            if let earlier = computed[fingerprint]?.first(where: { $0.members == members }) {
                rows += rows[earlier.start..<(earlier.start + MetricRegistry.all.count)].map { row in
                    var row = row
                    row.scope = scope
                    return row
                }
                continue
            }
            computed[fingerprint, default: []].append((members, rows.count))
            rows += compute(run: run, scope: scope, members: members)
        }
        return rows
    }

    private func compute(run: ScoredRun, scope: Scope, members: [Int]) -> [MetricValue] {
        var values: [String: MetricValue] = [:]
        func put(_ metric: String, _ value: Double?, _ interval: ConfidenceInterval? = nil, exact: Double? = nil, n: Int) {
            values[metric] = MetricValue(
                scope: scope, metric: metric, value: value, ciLower: value == nil ? nil : interval?.lower,
                ciUpper: value == nil ? nil : interval?.upper, ciUpperExact: value == nil ? nil : exact, n: n)
        }

        put("n", Double(members.count), n: members.count)

        for (metric, indicator) in ProportionMetrics.indicators {
            var population = 0
            var events = 0
            for v in members where indicator.isInPopulation(run.scores[v]) {
                population += 1
                if indicator.isEvent(run.scores[v]) { events += 1 }
            }
            let value = population > 0 ? Double(events) / Double(population) : nil
            let exact = metric == "emergency_undertriage_rate"
                ? ClopperPearson.upperBound95(successes: events, trials: population) : nil
            put(metric, value, WilsonScoreInterval.interval(successes: events, trials: population), exact: exact, n: population)
        }

        let mustPass = CountSample(members: members.filter { run.scores[$0].isMustPass }) {
            run.scores[$0].isMustPassFailure
        }
        put("must_pass_failures", Self.defined(mustPass.statistic(weights: nil)), n: mustPass.members.count)

        let latency = LatencySample(run: run, members: members)
        put("latency_p50_ms", Self.defined(latency.percentile(50, weights: nil)), n: latency.members.count)
        put("latency_p99_ms", Self.defined(latency.percentile(99, weights: nil)), n: latency.members.count)

        let differential = DifferentialSample(run: run, members: members)
        let differentialValues = pointAndIntervals(
            count: DifferentialSample.metrics.count, populationSize: differential.count,
            stream: Self.differentialStream
        ) { batch, output in
            differential.statistics(batch, into: output)
        }
        for (metric, result) in zip(DifferentialSample.metrics, differentialValues) {
            put(metric, result.value, result.interval, n: differential.count)
        }

        let calibration = CalibrationSample(run: run, members: members, exactRefitPairLimit: Self.exactRefitPairLimit)
        let calibrationValues = pointAndIntervals(
            count: CalibrationSample.metrics.count, populationSize: calibration.count,
            stream: Self.calibrationStream
        ) { batch, output in
            calibration.statistics(batch, fits: true, into: output)
        }
        for (metric, result) in zip(CalibrationSample.metrics, calibrationValues) {
            put(metric, result.value, result.interval, n: calibration.count)
        }

        return MetricRegistry.all.map { definition in
            values[definition.id] ?? MetricValue(scope: scope, metric: definition.id, value: nil, n: 0)
        }
    }

    /// The point values (every member once) and bootstrap intervals of a family of statistics.
    private func pointAndIntervals(
        count: Int, populationSize: Int, stream: UInt64,
        statistic: @escaping @Sendable (CountBatch, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [(value: Double?, interval: ConfidenceInterval?)] {
        guard populationSize > 0 else { return Array(repeating: (nil, nil), count: count) }
        var point = [Double](repeating: .nan, count: count)
        point.withUnsafeMutableBufferPointer { output in
            CountBatch.withIdentity(populationSize: populationSize) { statistic($0, output) }
        }
        let replicates = BootstrapEngine.replicates(
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
