/// A shared positive finding of a component, ready for enumeration.
struct ReducedFinding: Sendable {
    /// The finding's leak `l`.
    var leak: Double
    /// `q` of the finding's causes that are certainly present (prior 1, or forced by evidence):
    /// they fold into the finding's leak.
    var certainCauseProbabilities: [Double]
    /// The uncertain causes: component-local condition index and `q` (> 0).
    var links: [(condition: Int, probability: Double)]
}

/// A set of uncertain conditions and shared positive findings that interact; independent of
/// every other component given the evidence.
struct ReducedComponent: Sendable {
    /// Global condition indexes, one per local index.
    var conditions: [Int]
    /// Normalised weight of "absent" for each local condition (`a + b = 1`, both > 0).
    var absentWeight: [Double]
    /// Normalised weight of "present" for each local condition: its posterior given the evidence
    /// absorbed so far (negative findings and positive findings with a single possible cause).
    var presentWeight: [Double]
    /// The shared positive findings: each has two or more uncertain causes in this component.
    var findings: [ReducedFinding]
}

/// The evidence after the exact reductions, with what is left to enumerate.
struct ReducedEvidence: Sendable {
    /// The posterior of every condition not in a component (components fill in their own).
    var marginals: [Double]
    /// Whether the evidence has probability zero.
    var impossible: Bool
    /// The interacting parts that still need inclusion–exclusion.
    var components: [ReducedComponent]
    /// A bound on the absolute error of the marginals caused by rounding during the reduction.
    var errorBound: Double
}

/// Exact reductions of noisy-OR evidence before any enumeration.
///
/// 1. Each condition starts with the weight pair `(w0, w1) = (1 − π, π)`.
/// 2. An absent finding multiplies `w1` of each linked condition by `1 − q`; its leak only
///    contributes the constant `1 − l` (0 when `l = 1`: impossible evidence).
/// 3. A condition with `w1 = 0` is impossible (posterior 0); one with `w0 = 0` is certain
///    (posterior 1): its links fold into the leak of each present finding it causes.
/// 4. A present finding with no uncertain cause is a constant `1 − L` (0: impossible evidence; it
///    is certainly present when `L = 0`). With exactly one uncertain cause d it factors exactly:
///    `w0_d *= 1 − L` and `w1_d *= 1 − L(1 − q_d)`, where `L = (1 − l) Π_certain (1 − q)`.
///    Both factors are computed as sums of non-negative terms (`r = l`, then `r = r(1 − q) + q`
///    per certain cause, and `1 − L(1 − q) = r + qL`), so they keep full relative accuracy
///    even for tiny leaks and links.
/// 5. Absorbing may make a condition certain (`1 − L = 0`), which may leave another finding with a
///    single uncertain cause, so step 4 repeats until nothing changes.
/// 6. The present findings left (two or more uncertain causes) are split into connected
///    components by shared conditions; components are independent and are enumerated separately.
///
/// Every weight pair is rescaled to a maximum of 1 after each update, so nothing underflows unless
/// one weight is below 2⁻¹⁰²² times the other. Rounding in these steps perturbs each joint
/// probability by a relative amount of at most a few units in the last place per update, which
/// moves a posterior marginal by at most twice that (``ReducedEvidence/errorBound``).
enum EvidenceReduction {
    /// Validates `evidence` against `network` and reduces it.
    /// - Throws: ``InferenceError`` for a prior count or value, an index, or an overlap.
    static func reduce(
        network: NoisyORNetwork, evidence: Evidence
    ) throws(InferenceError) -> ReducedEvidence {
        let conditionCount = network.conditionCount
        guard evidence.priors.count == conditionCount else {
            throw .priorCountMismatch(expected: conditionCount, found: evidence.priors.count)
        }
        for (condition, prior) in evidence.priors.enumerated() where !(prior >= 0 && prior <= 1) {
            throw .priorOutOfRange(condition: condition, value: prior)
        }
        // 0 unobserved, 1 present, 2 absent.
        var observed = [UInt8](repeating: 0, count: network.findingCount)
        var present: [Int] = []
        var absent: [Int] = []
        for finding in evidence.present {
            guard finding >= 0, finding < network.findingCount else { throw .findingOutOfRange(finding) }
            if observed[finding] == 0 { present.append(finding) }
            observed[finding] = 1
        }
        for finding in evidence.absent {
            guard finding >= 0, finding < network.findingCount else { throw .findingOutOfRange(finding) }
            if observed[finding] == 1 { throw .findingBothPresentAndAbsent(finding) }
            if observed[finding] == 0 { absent.append(finding) }
            observed[finding] = 2
        }

        var w0 = evidence.priors.map { 1 - $0 }
        var w1 = evidence.priors
        var operations = [Int](repeating: 1, count: conditionCount)
        func rescale(_ d: Int) {
            let scale = max(w0[d], w1[d])
            if scale > 0, scale != 1 {
                w0[d] /= scale
                w1[d] /= scale
                operations[d] += 1
            }
        }
        let impossible = ReducedEvidence(
            marginals: [Double](repeating: 0, count: conditionCount), impossible: true,
            components: [], errorBound: 0)

        // Absent findings.
        for finding in absent {
            if network.leaks[finding] == 1 { return impossible }
            for link in network.findingOffsets[finding]..<network.findingOffsets[finding + 1] {
                let d = network.findingLinkConditions[link]
                w1[d] *= 1 - network.findingLinkProbabilities[link]
                operations[d] += 2
                rescale(d)
            }
        }
        for d in 0..<conditionCount where w0[d] == 0 && w1[d] == 0 { return impossible }

        // Present findings: absorb those with at most one uncertain cause, until nothing changes.
        var pending = present
        var progress = true
        while progress {
            progress = false
            var stillPending: [Int] = []
            for finding in pending {
                let leak = network.leaks[finding]
                var keep = 1 - leak  // L
                var presence = leak  // r = 1 − L, accumulated without cancellation
                var certain = 0
                var certainlyPresent = leak == 1
                var uncertainCount = 0
                var single = (condition: 0, probability: 0.0)
                for link in network.findingOffsets[finding]..<network.findingOffsets[finding + 1] {
                    let d = network.findingLinkConditions[link]
                    let q = network.findingLinkProbabilities[link]
                    if w1[d] == 0 { continue }
                    if w0[d] == 0 {
                        certain += 1
                        if q == 1 { certainlyPresent = true }
                        keep *= 1 - q
                        presence = presence * (1 - q) + q
                    } else {
                        uncertainCount += 1
                        single = (d, q)
                    }
                }
                if certainlyPresent { continue }
                if uncertainCount == 0 {
                    if presence == 0 { return impossible }
                    continue
                }
                if uncertainCount == 1 {
                    let d = single.condition
                    w0[d] *= presence
                    w1[d] *= presence + single.probability * keep
                    operations[d] += 3 * certain + 5
                    rescale(d)
                    if w0[d] == 0 { progress = true }
                    continue
                }
                stillPending.append(finding)
            }
            pending = stillPending
        }

        var marginals = [Double](repeating: 0, count: conditionCount)
        for d in 0..<conditionCount where w1[d] > 0 {
            marginals[d] = w0[d] == 0 ? 1 : w1[d] / (w0[d] + w1[d])
        }
        let unit = 0x1p-53
        let errorBound = 2 * unit * Double(operations.reduce(2 * conditionCount, +) + 2)
        guard !pending.isEmpty else {
            return ReducedEvidence(
                marginals: marginals, impossible: false, components: [], errorBound: errorBound)
        }

        // Components: union–find over the uncertain causes of the remaining present findings.
        var parent = Array(0..<conditionCount)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        func isUncertain(_ d: Int) -> Bool { w0[d] > 0 && w1[d] > 0 }
        for finding in pending {
            var first = -1
            for link in network.findingOffsets[finding]..<network.findingOffsets[finding + 1] {
                let d = network.findingLinkConditions[link]
                guard isUncertain(d) else { continue }
                if first < 0 { first = d } else { parent[root(d)] = root(first) }
            }
        }
        var componentOfRoot = [Int](repeating: -1, count: conditionCount)
        var localIndex = [Int](repeating: -1, count: conditionCount)
        var components: [ReducedComponent] = []
        for finding in pending {
            var reduced = ReducedFinding(
                leak: network.leaks[finding], certainCauseProbabilities: [], links: [])
            var componentIndex = -1
            for link in network.findingOffsets[finding]..<network.findingOffsets[finding + 1] {
                let d = network.findingLinkConditions[link]
                let q = network.findingLinkProbabilities[link]
                if w1[d] == 0 { continue }
                if w0[d] == 0 {
                    reduced.certainCauseProbabilities.append(q)
                    continue
                }
                let r = root(d)
                if componentOfRoot[r] < 0 {
                    componentOfRoot[r] = components.count
                    components.append(
                        ReducedComponent(conditions: [], absentWeight: [], presentWeight: [], findings: []))
                }
                componentIndex = componentOfRoot[r]
                if localIndex[d] < 0 {
                    localIndex[d] = components[componentIndex].conditions.count
                    let total = w0[d] + w1[d]
                    components[componentIndex].conditions.append(d)
                    components[componentIndex].absentWeight.append(w0[d] / total)
                    components[componentIndex].presentWeight.append(w1[d] / total)
                }
                reduced.links.append((localIndex[d], q))
            }
            if componentIndex >= 0 { components[componentIndex].findings.append(reduced) }
        }
        return ReducedEvidence(
            marginals: marginals, impossible: false, components: components, errorBound: errorBound)
    }
}
