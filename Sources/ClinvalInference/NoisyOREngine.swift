/// Exact posterior marginals of a noisy-OR network (docs/model-format.md, Noisy-OR network).
///
/// For each vignette the engine
/// 1. validates the evidence and applies exact reductions (``EvidenceReduction``): negative
///    findings fold into each condition's weights, positive findings with a single possible cause
///    factor into that cause, conditions with prior 0 or 1 are settled;
/// 2. splits the remaining shared positive findings into independent components;
/// 3. solves each component exactly — by Quickscore inclusion–exclusion over its findings, in
///    binary64, then x87 extended, then double-double until the rigorous error bound is below
///    ``EngineOptions/tolerance``, or by enumerating its conditions when they are fewer or when
///    even double-double is not enough — and only when a component is too large for both, by
///    seeded Gibbs sampling, marking the vignette approximate.
///
/// The engine is an immutable value: calls share nothing mutable, so any number of tasks may
/// call ``infer(_:)`` at once without contention.
///
/// ```swift
/// let engine = NoisyOREngine(network: network)
/// let posterior = try engine.infer(Evidence(priors: [0.01, 0.02], present: [0], absent: [1]))
/// print(posterior.marginals, posterior.method.id)
/// ```
///
/// ## Topics
/// - ``infer(_:)``
/// - ``infer(batch:threads:)``
/// - ``Posterior``
/// - ``EngineOptions``
public struct NoisyOREngine: Sendable {
    /// The network.
    public let network: NoisyORNetwork
    /// The limits and settings.
    public let options: EngineOptions

    /// Creates an engine.
    /// - Parameters:
    ///   - network: The compiled network.
    ///   - options: Limits and settings.
    public init(network: NoisyORNetwork, options: EngineOptions = EngineOptions()) {
        self.network = network
        self.options = options
    }

    /// The posterior marginals of every condition given `evidence`.
    ///
    /// Evidence of probability zero gives all-zero marginals with
    /// ``Posterior/impossibleEvidence`` set; the result is never NaN.
    /// - Parameter evidence: Priors and observed findings for one vignette.
    /// - Returns: The marginals, how they were computed and their error bound.
    /// - Throws: ``InferenceError`` for a wrong prior count, a prior outside [0, 1], a finding
    ///   index outside the network, or a finding both present and absent.
    /// - Complexity: Linear in the evidence plus, per component with k shared positive findings
    ///   and m conditions, `O(m · 2^k)` (or `O((m + k) · 2^m)` when that is smaller).
    public func infer(_ evidence: Evidence) throws(InferenceError) -> Posterior {
        let reduced = try EvidenceReduction.reduce(network: network, evidence: evidence)
        if reduced.impossible {
            return Posterior(
                marginals: reduced.marginals, method: .exact(.double), sharedPositiveCount: 0,
                largestComponent: 0, errorBound: 0, impossibleEvidence: true)
        }
        var marginals = reduced.marginals
        var rank = 0
        var componentBound = 0.0
        var approximate = false
        var shared = 0
        var largest = 0
        for (index, component) in reduced.components.enumerated() {
            shared += component.findings.count
            largest = max(largest, component.findings.count)
            let solution = solve(component, index: index)
            for (local, d) in component.conditions.enumerated() where local < solution.marginals.count {
                marginals[d] = solution.marginals[local]
            }
            switch solution.method {
            case .exact(let arithmetic):
                rank = max(rank, Self.rank(arithmetic))
                componentBound = max(componentBound, solution.errorBound)
            case .approximate:
                approximate = true
            }
        }
        let method: InferenceMethod =
            approximate
            ? .approximate(samples: options.approximateSamples, seed: options.seed)
            : .exact(Self.arithmetics[rank])
        return Posterior(
            marginals: marginals, method: method, sharedPositiveCount: shared,
            largestComponent: largest,
            errorBound: approximate ? nil : reduced.errorBound + componentBound,
            impossibleEvidence: false)
    }

    /// The number of shared positive findings `evidence` leaves after the exact reductions (present
    /// findings with two or more possible, uncertain causes): what ``Posterior/sharedPositiveCount``
    /// reports, without solving anything.
    /// - Throws: ``InferenceError`` for invalid evidence, as ``infer(_:)``.
    public func sharedPositiveCount(_ evidence: Evidence) throws(InferenceError) -> Int {
        let reduced = try EvidenceReduction.reduce(network: network, evidence: evidence)
        return reduced.impossible ? 0 : reduced.components.reduce(0) { $0 + $1.findings.count }
    }

    /// The posteriors of many vignettes, computed by `threads` child tasks at once.
    ///
    /// The tasks take interleaved chunks of 8 vignettes; results keep the batch's order, and each
    /// vignette's posterior is the same whatever `threads` is.
    /// - Parameters:
    ///   - batch: The vignettes' evidence.
    ///   - threads: Child tasks computing at once (at least 1).
    /// - Returns: One result per vignette: its posterior, or the error its evidence raised.
    public func infer(batch: [Evidence], threads: Int = 1) async -> [Result<Posterior, InferenceError>] {
        let workers = max(1, min(threads, batch.count))
        guard workers > 1 else { return batch.map { evidence in Result { () throws(InferenceError) in try infer(evidence) } } }
        let engine = self
        // Interleaved chunks of 8 vignettes: a few expensive vignettes cannot load one task.
        let chunk = 8
        return await withTaskGroup(of: [(Int, Result<Posterior, InferenceError>)].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var computed: [(Int, Result<Posterior, InferenceError>)] = []
                    var start = worker * chunk
                    while start < batch.count {
                        for index in start..<min(start + chunk, batch.count) {
                            computed.append((index, Result { () throws(InferenceError) in try engine.infer(batch[index]) }))
                        }
                        start += workers * chunk
                    }
                    return computed
                }
            }
            var results = [Result<Posterior, InferenceError>?](repeating: nil, count: batch.count)
            for await computed in group {
                for (index, result) in computed { results[index] = result }
            }
            return results.map { result in
                guard let result else { preconditionFailure("every vignette is computed by one task") }
                return result
            }
        }
    }

    // MARK: Components

    private static let arithmetics: [ExactArithmetic] = [.double, .elimination, .extended80, .doubleDouble, .conditionEnumeration]

    private static func rank(_ arithmetic: ExactArithmetic) -> Int {
        arithmetics.firstIndex(of: arithmetic) ?? 0
    }

    /// The marginals of one component, exact when the limits allow.
    func solve(
        _ component: ReducedComponent, index: Int
    ) -> (marginals: [Double], method: InferenceMethod, errorBound: Double) {
        let k = component.findings.count
        let m = component.conditions.count
        let enumerable = m <= options.maxEnumeratedConditions
        func enumerateConditions() -> (marginals: [Double], method: InferenceMethod, errorBound: Double) {
            let result = ConditionEnumeration.run(component)
            return (result.marginals, .exact(.conditionEnumeration), result.errorBound)
        }
        func sample() -> (marginals: [Double], method: InferenceMethod, errorBound: Double) {
            let seed = options.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
            let marginals = GibbsSampler.run(component, samples: options.approximateSamples, seed: seed)
            return (marginals, .approximate(samples: options.approximateSamples, seed: seed), .infinity)
        }
        // Elimination over the findings' chains: no cancellation, binary64 always suffices.
        if options.maxEliminationWidth > 0, let plan = FrontierElimination.plan(component),
            plan.maxWidth <= options.maxEliminationWidth, plan.storage <= Self.eliminationStorageLimit
        {
            // Enumerating conditions costs about 4(m + k)·2^m.
            let enumerationCost = 4 * Double(m + k) * Double(1 << min(m, 60))
            if enumerable && enumerationCost < plan.cost { return enumerateConditions() }
            if let result = FrontierElimination.run(component, plan: plan), result.errorBound <= options.tolerance {
                return (result.marginals, .exact(.elimination), result.errorBound)
            }
        }
        // Enumerating conditions costs about (m + k)·2^m, inclusion–exclusion about 8m·2^k.
        if enumerable && Double(m - k) + log2Estimate(m + k) <= log2Estimate(8 * m) {
            return enumerateConditions()
        }
        guard k <= options.maxSharedPositives else { return enumerable ? enumerateConditions() : sample() }

        let tolerance = options.tolerance
        let first = Quickscore.run(component, in: Double.self, tolerance: tolerance)
        if first.accepted { return (first.marginals, .exact(.double), first.errorBound) }
        var kappa = first.conditionNumberLowerBound
        let roundings = Quickscore.termRoundings(component) + Double(4 * k + 48)
        func promising(_ unit: Double) -> Bool { 2 * roundings * unit * kappa <= tolerance }

        if extended80Available && promising(0x1p-64) {
            let outcome = runExtended(component, tolerance: tolerance)
            if outcome.accepted { return (outcome.marginals, .exact(.extended80), outcome.errorBound) }
            kappa = max(kappa, outcome.conditionNumberLowerBound)
        }
        if promising(0x1p-102) {
            let outcome = Quickscore.run(component, in: DoubleDouble.self, tolerance: tolerance)
            if outcome.accepted { return (outcome.marginals, .exact(.doubleDouble), outcome.errorBound) }
        }
        return enumerable ? enumerateConditions() : sample()
    }

    /// The most table entries the elimination may keep for its backward pass (64 MiB).
    static let eliminationStorageLimit = 1 << 23

    private func runExtended(_ component: ReducedComponent, tolerance: Double) -> Quickscore.Outcome {
        #if (arch(x86_64) || arch(i386)) && !(os(Windows) || os(Android))
        return Quickscore.run(component, in: Float80.self, tolerance: tolerance)
        #else
        return Quickscore.Outcome(marginals: [], errorBound: .infinity, accepted: false, conditionNumberLowerBound: .infinity)
        #endif
    }

    private func log2Estimate(_ x: Int) -> Double {
        Double(Int.bitWidth - max(x, 1).leadingZeroBitCount)
    }
}
