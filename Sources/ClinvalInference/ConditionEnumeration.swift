/// Exact posterior marginals of one component by enumerating every joint state of its conditions.
///
/// Used when a component has fewer conditions than shared positive findings (it is cheaper than
/// inclusion–exclusion), and as the exact fallback when inclusion–exclusion would need more
/// precision than double-double gives. Every term is positive, so there is no cancellation:
///
///     J(A) = Π_d (d ∈ A ? b_d : a_d) · Π_j P(j present | A),
///     P(j present | A) = 1 − L_j Π_{d∈A} (1 − q_{d,j}),
///
/// where each `P(j present | A)` is accumulated as `r = r(1 − q) + q` from `r = 1 − L_j` (itself
/// built the same way from the leak and the certain causes), a sum of non-negative terms with a
/// small relative error even when the result is tiny. States are visited in Gray-code order and
/// only the findings of the toggled condition are recomputed. Sums are compensated.
///
/// The joint values are kept in the platform's widest float (x87 extended on x86, whose exponent
/// range makes underflow impossible for any realistic evidence; binary64 elsewhere).
enum ConditionEnumeration {
    #if (arch(x86_64) || arch(i386)) && !(os(Windows) || os(Android))
    typealias Wide = Float80
    #else
    typealias Wide = Double
    #endif

    /// The largest number of conditions this method accepts by default.
    static let defaultLimit = 20

    /// Enumerates `component`.
    /// - Returns: The marginals of the local conditions and an absolute error bound.
    static func run(_ component: ReducedComponent) -> (marginals: [Double], errorBound: Double) {
        let m = component.conditions.count
        let k = component.findings.count
        var findingsOf = [[Int]](repeating: [], count: m)
        var baseline = [Double](repeating: 0, count: k)  // 1 − L_j, accurate
        var roundings = m + k + 4
        for (j, finding) in component.findings.enumerated() {
            var r = finding.leak
            for q in finding.certainCauseProbabilities { r = r * (1 - q) + q }
            baseline[j] = r
            for link in finding.links { findingsOf[link.condition].append(j) }
            roundings += 3 * (finding.certainCauseProbabilities.count + finding.links.count) + 1
        }
        var active = [Bool](repeating: false, count: m)
        var presence = baseline
        func refresh(_ j: Int) {
            var r = baseline[j]
            for link in component.findings[j].links where active[link.condition] {
                r = r * (1 - link.probability) + link.probability
            }
            presence[j] = r
        }
        var total = WideSum()
        var numerators = [WideSum](repeating: WideSum(), count: m)
        let states = 1 << m
        var state = 0
        while true {
            var joint: Wide = 1
            for d in 0..<m {
                joint *= Wide(active[d] ? component.presentWeight[d] : component.absentWeight[d])
            }
            for j in 0..<k { joint *= Wide(presence[j]) }
            total.add(joint)
            for d in 0..<m where active[d] { numerators[d].add(joint) }
            state += 1
            if state == states { break }
            let flip = state.trailingZeroBitCount
            active[flip].toggle()
            for j in findingsOf[flip] { refresh(j) }
        }
        let p = total.value
        var marginals = [Double](repeating: 0, count: m)
        guard p > 0 else { return (marginals, .infinity) }
        for d in 0..<m {
            let value = Double(numerators[d].value / p)
            marginals[d] = min(max(value, 0), 1)
        }
        // Each joint value has a relative error of at most `roundings` units; positive sums keep
        // it, and the ratio doubles it.
        let u = 0x1p-53
        let bound = 2 * Double(roundings + 4) * u / (1 - Double(roundings + 4) * u) + u
        return (marginals, bound)
    }

    /// Neumaier summation in the wide type.
    struct WideSum {
        var sum: Wide = 0
        var compensation: Wide = 0
        var value: Wide { sum + compensation }

        mutating func add(_ x: Wide) {
            let t = sum + x
            if abs(sum) >= abs(x) {
                compensation += (sum - t) + x
            } else {
                compensation += (x - t) + sum
            }
            sum = t
        }
    }
}
