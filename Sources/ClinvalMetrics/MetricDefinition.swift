/// What one metric of docs/metrics.md is: its id, what it counts, which way is better, over which
/// vignettes, with which interval, and how to explain it to a clinician.
///
/// The definitions live in ``MetricRegistry``; lint, the calculator, the baseline comparator,
/// the gate and the reports all read them from there, so a metric is described, and its
/// computation chosen, once. Two definitions are equal when their ids are (the registry's ids are
/// unique).
///
/// ```swift
/// if let top3 = MetricRegistry.definition(for: "top3_accuracy") {
///     print(top3.title, top3.direction)   // Top-3 accuracy higherIsBetter
/// }
/// ```
public struct MetricDefinition: Sendable, Hashable, Identifiable {
    /// What kind of number a metric is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A share of the population, in [0, 1]: the vignettes that meet a condition over the
        /// population's size.
        case proportion
        /// The mean of a per-vignette score in [0, 1] (the DDXPlus differential scores).
        case mean
        /// A whole number of vignettes (`must_pass_failures`).
        case count
        /// A calibration statistic over the returned probabilities (`ece`, `mce`, `brier`,
        /// `calibration_intercept`, `calibration_slope`).
        case calibration
        /// A model latency in milliseconds.
        case latency
        /// The size of a scope (`n`).
        case size
    }

    /// Which way a metric improves.
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        /// Larger values are better (accuracy).
        case higherIsBetter
        /// Smaller values are better (miss and error rates, calibration error, latency).
        case lowerIsBetter
        /// Neither: a size, or a statistic with a target value (calibration slope 1, intercept 0).
        /// Such a metric cannot be compared with a baseline run.
        case none
    }

    /// The vignettes a metric is computed over, inside a scope. Its size is the metric row's `n`.
    public enum Population: String, Sendable, Hashable, CaseIterable {
        /// Every vignette in scope; an errored or timed-out vignette counts as wrong and as
        /// under-triaged.
        case scope
        /// Vignettes whose gold label has a differential.
        case goldDifferential
        /// Vignettes whose gold triage range starts at `emergency` (lo = emergency).
        case emergencyGold
        /// Vignettes marked `must_pass`.
        case mustPass
        /// Vignettes for which the model returned a non-empty differential.
        case nonEmptyDifferential
        /// Results with status ok (for latencies).
        case okResults
    }

    /// The confidence interval reported with a metric.
    public enum Interval: String, Sendable, Hashable, CaseIterable {
        /// Wilson score interval, 95% two-sided, z = 1.959963984540054.
        case wilson
        /// Percentile bootstrap, 95%, over the metric's population resampled with replacement
        /// (resamples and seed from the policy).
        case bootstrap
        /// No interval: the bounds are always null.
        case none
    }

    /// What a metric's row holds when its population is empty (the zero denominator).
    public enum ZeroDenominatorRule: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// The value is 0: only `n`, since an empty scope has size 0.
        case zero
        /// The value and its bounds are null, and a criterion on the metric fails as "too few
        /// cases" (docs/metrics.md).
        case null

        /// A fragment for documentation: `the value is 0`.
        public var description: String {
            switch self {
            case .zero: "the value is 0"
            case .null: "the value and its bounds are null, and a criterion on the metric fails as too few cases"
            }
        }
    }

    /// The stable id users write in policies and reports show (`top3_accuracy`).
    public let id: String
    /// How it is computed from the per-vignette scores; it decides ``kind`` and ``interval``.
    let computation: MetricComputation
    /// What kind of number it is.
    public var kind: Kind { computation.kind }
    /// Which way it improves.
    public let direction: Direction
    /// The vignettes it is computed over.
    public let population: Population
    /// The interval reported with it.
    public var interval: Interval { computation.interval }
    /// Whether the metric also has `ci_upper_exact`, the one-sided 95% Clopper–Pearson upper
    /// bound. True only for `emergency_undertriage_rate`.
    public let hasExactUpperBound: Bool
    /// The values the metric can take, both ends included: `0...1` for shares, mean scores and
    /// calibration errors; `0...Double.infinity` for counts, sizes, latencies and the Brier score
    /// (no upper bound); `nil` when any real number is possible (calibration intercept and slope).
    public let valueRange: ClosedRange<Double>?
    /// A short name for tables and headings (`Top-3 accuracy`).
    public let title: String
    /// One or two sentences for clinicians, used by the report's glossary.
    public let plainDescription: String
    /// The definition as docs/metrics.md gives it, for documentation.
    public let formula: String
    /// What the row holds when the population is empty.
    public let zeroDenominator: ZeroDenominatorRule

    /// Creates a definition. Only ``MetricRegistry`` needs to.
    init(
        id: String, computation: MetricComputation, direction: Direction, population: Population,
        hasExactUpperBound: Bool = false, valueRange: ClosedRange<Double>?, title: String,
        plainDescription: String, formula: String, zeroDenominator: ZeroDenominatorRule = .null
    ) {
        self.id = id
        self.computation = computation
        self.direction = direction
        self.population = population
        self.hasExactUpperBound = hasExactUpperBound
        self.valueRange = valueRange
        self.title = title
        self.plainDescription = plainDescription
        self.formula = formula
        self.zeroDenominator = zeroDenominator
    }

    /// A stand-in for a metric id the registry does not know, for criteria built by hand (a
    /// loaded policy names known metrics only): a proportion over the scope without a direction,
    /// an interval or a description.
    public static func unknown(id: String) -> MetricDefinition {
        MetricDefinition(
            id: id, computation: .share { _ in false }, direction: .none, population: .scope, valueRange: nil,
            title: id, plainDescription: "", formula: "")
    }

    public static func == (lhs: MetricDefinition, rhs: MetricDefinition) -> Bool {
        lhs.id == rhs.id
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }

    /// Whether the metric has a two-sided interval (`ci_lower` and `ci_upper` are not always null).
    public var hasInterval: Bool { interval != .none }

    /// Whether the metric can be compared with a baseline run: only metrics with a direction can.
    public var isComparable: Bool { direction != .none }

    /// Whether the values are whole numbers (counts and sizes).
    public var isWholeNumber: Bool { kind == .count || kind == .size }
}
