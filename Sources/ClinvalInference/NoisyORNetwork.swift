/// A compiled noisy-OR network: conditions, findings with leaks, and condition–finding links.
///
/// Conditions are independent a priori (their priors arrive per vignette with the ``Evidence``).
/// Each finding f is a noisy-OR of the conditions that link it, with leak `l_f`:
/// `P(f absent | active set A) = (1 − l_f) × Π_{d∈A, d links f} (1 − q_{d,f})`
/// (docs/model-format.md). Conditions and findings are plain indexes `0..<count`; the model-file layer
/// maps codes to indexes.
///
/// The network is built once, validated, and stored as compressed sparse rows in both
/// directions. It is an immutable value: share it freely between threads.
///
/// ```swift
/// let network = try NoisyORNetwork(
///     conditionCount: 2,
///     leaks: [0.01, 0.0],
///     links: [.init(condition: 0, finding: 0, probability: 0.8),
///             .init(condition: 1, finding: 0, probability: 0.3),
///             .init(condition: 1, finding: 1, probability: 0.9)])
/// ```
public struct NoisyORNetwork: Sendable {
    /// One link: condition `condition` causes finding `finding` with probability `probability`.
    public struct Link: Sendable, Hashable {
        /// The condition index.
        public var condition: Int
        /// The finding index.
        public var finding: Int
        /// `q`: the probability that the condition alone makes the finding present.
        public var probability: Double

        /// Creates a link.
        /// - Parameters:
        ///   - condition: The condition index.
        ///   - finding: The finding index.
        ///   - probability: `q` in [0, 1].
        public init(condition: Int, finding: Int, probability: Double) {
            self.condition = condition
            self.finding = finding
            self.probability = probability
        }
    }

    /// The number of conditions.
    public let conditionCount: Int
    /// The leak of each finding, indexed by finding.
    public let leaks: [Double]

    /// CSR by finding: links of finding f are `findingOffsets[f]..<findingOffsets[f+1]`.
    let findingOffsets: [Int]
    /// Condition of each link in finding order.
    let findingLinkConditions: [Int]
    /// `q` of each link in finding order.
    let findingLinkProbabilities: [Double]
    /// CSR by condition: links of condition d are `conditionOffsets[d]..<conditionOffsets[d+1]`.
    let conditionOffsets: [Int]
    /// Finding of each link in condition order.
    let conditionLinkFindings: [Int]
    /// `q` of each link in condition order.
    let conditionLinkProbabilities: [Double]

    /// The number of findings.
    public var findingCount: Int { leaks.count }

    /// The number of links with a non-zero probability (links with `q = 0` are dropped).
    public var linkCount: Int { findingLinkConditions.count }

    /// Builds and validates a network.
    ///
    /// Links with probability 0 are accepted and dropped (they cannot cause anything).
    /// - Parameters:
    ///   - conditionCount: The number of conditions (0 or more).
    ///   - leaks: One leak per finding, each in [0, 1]; the number of findings is `leaks.count`.
    ///   - links: The condition–finding links; at most one per pair.
    /// - Throws: ``InferenceError`` naming the first invalid count, leak or link.
    public init(conditionCount: Int, leaks: [Double], links: [Link]) throws(InferenceError) {
        guard conditionCount >= 0 else { throw .negativeConditionCount(conditionCount) }
        for (finding, leak) in leaks.enumerated() where !(leak >= 0 && leak <= 1) {
            throw .leakOutOfRange(finding: finding, value: leak)
        }
        var seen = Set<Int64>()
        var kept: [Link] = []
        kept.reserveCapacity(links.count)
        for (index, link) in links.enumerated() {
            guard link.condition >= 0, link.condition < conditionCount else {
                throw .linkConditionOutOfRange(link: index, condition: link.condition)
            }
            guard link.finding >= 0, link.finding < leaks.count else {
                throw .linkFindingOutOfRange(link: index, finding: link.finding)
            }
            guard link.probability >= 0, link.probability <= 1 else {
                throw .linkProbabilityOutOfRange(link: index, value: link.probability)
            }
            let key = Int64(link.condition) &* Int64(leaks.count) &+ Int64(link.finding)
            guard seen.insert(key).inserted else {
                throw .duplicateLink(condition: link.condition, finding: link.finding)
            }
            if link.probability > 0 { kept.append(link) }
        }
        self.conditionCount = conditionCount
        self.leaks = leaks

        let byFinding = kept.sorted { ($0.finding, $0.condition) < ($1.finding, $1.condition) }
        var findingOffsets = [Int](repeating: 0, count: leaks.count + 1)
        for link in byFinding { findingOffsets[link.finding + 1] += 1 }
        for index in 0..<leaks.count { findingOffsets[index + 1] += findingOffsets[index] }
        self.findingOffsets = findingOffsets
        self.findingLinkConditions = byFinding.map(\.condition)
        self.findingLinkProbabilities = byFinding.map(\.probability)

        let byCondition = kept.sorted { ($0.condition, $0.finding) < ($1.condition, $1.finding) }
        var conditionOffsets = [Int](repeating: 0, count: conditionCount + 1)
        for link in byCondition { conditionOffsets[link.condition + 1] += 1 }
        for index in 0..<conditionCount { conditionOffsets[index + 1] += conditionOffsets[index] }
        self.conditionOffsets = conditionOffsets
        self.conditionLinkFindings = byCondition.map(\.finding)
        self.conditionLinkProbabilities = byCondition.map(\.probability)
    }

    /// The links of a finding as (condition, q) pairs, in condition order.
    /// - Parameter finding: A finding index; an index outside the network gives no links.
    /// - Returns: The finding's links with non-zero probability.
    public func links(ofFinding finding: Int) -> [(condition: Int, probability: Double)] {
        guard finding >= 0, finding < findingCount else { return [] }
        return (findingOffsets[finding]..<findingOffsets[finding + 1]).map {
            (findingLinkConditions[$0], findingLinkProbabilities[$0])
        }
    }

    /// The links of a condition as (finding, q) pairs, in finding order.
    /// - Parameter condition: A condition index; an index outside the network gives no links.
    /// - Returns: The condition's links with non-zero probability.
    public func links(ofCondition condition: Int) -> [(finding: Int, probability: Double)] {
        guard condition >= 0, condition < conditionCount else { return [] }
        return (conditionOffsets[condition]..<conditionOffsets[condition + 1]).map {
            (conditionLinkFindings[$0], conditionLinkProbabilities[$0])
        }
    }
}
