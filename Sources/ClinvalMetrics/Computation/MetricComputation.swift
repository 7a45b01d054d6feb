/// How a registry metric is computed from the per-vignette quantities of ``VignetteScore``, over
/// the vignettes of its population (``MetricDefinition/Population/contains(_:)``).
///
/// The computation decides the metric's kind and interval, and how a baseline comparison is made:
/// - ``share(event:)``: events over the population, Wilson interval; compared by Newcombe's paired
///   interval and McNemar's exact test.
/// - ``count(event:)``: the number of events in the population, no interval; compared by the
///   paired bootstrap.
/// - ``latencyPercentile(_:)``: a nearest-rank percentile of the ok results' latencies, no
///   interval; compared by the paired bootstrap.
/// - ``differential(_:)`` and ``calibration(_:)``: one statistic of a bootstrap family computed
///   together over one resampling stream (``DifferentialSample``, ``CalibrationSample``);
///   percentile bootstrap interval; compared by the paired bootstrap.
/// - ``size``: the scope's size (`n`).
///
/// A new share, count or percentile metric needs only its registry entry; a new statistic of a
/// bootstrap family is also added to the family's sample.
enum MetricComputation: Sendable {
    /// The scope's size.
    case size
    /// The share of the population with the event.
    case share(event: @Sendable (VignetteScore) -> Bool)
    /// The number of vignettes of the population with the event.
    case count(event: @Sendable (VignetteScore) -> Bool)
    /// The nearest-rank percentile (0–100) of the ok results' latencies.
    case latencyPercentile(Int)
    /// A statistic of the differential family (``DifferentialSample``).
    case differential(DifferentialSample.Statistic)
    /// A statistic of the calibration family (``CalibrationSample``).
    case calibration(CalibrationSample.Statistic)

    /// The kind of number it gives.
    var kind: MetricDefinition.Kind {
        switch self {
        case .size: .size
        case .share: .proportion
        case .count: .count
        case .latencyPercentile: .latency
        case .differential: .mean
        case .calibration: .calibration
        }
    }

    /// The interval reported with it.
    var interval: MetricDefinition.Interval {
        switch self {
        case .share: .wilson
        case .differential, .calibration: .bootstrap
        case .size, .count, .latencyPercentile: .none
        }
    }
}

extension MetricDefinition.Population {
    /// Whether a vignette belongs to the population.
    func contains(_ score: VignetteScore) -> Bool {
        switch self {
        case .scope: true
        case .goldDifferential: score.differentialScores != nil
        case .emergencyGold: score.hasEmergencyGold
        case .mustPass: score.isMustPass
        case .nonEmptyDifferential: score.calibration != nil
        case .okResults: score.okLatencyMs != nil
        }
    }
}

extension MetricDefinition {
    /// The point value of a share metric over per-vignette scores, from its registry entry (its
    /// event and population), without an interval; `nil` for another kind of metric or an empty
    /// population. For figures shown beside the full computation (the report's headline both
    /// ways under adjudicated labels).
    public func shareValue(over scores: [VignetteScore]) -> Double? {
        guard case .share(let event) = computation else { return nil }
        let members = scores.filter(population.contains)
        guard !members.isEmpty else { return nil }
        return Double(members.filter(event).count) / Double(members.count)
    }
}
