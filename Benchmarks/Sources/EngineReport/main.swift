import ClinvalInference
import EngineWorkload

// Prints the engine workload's shape and throughput: the distribution of shared positive findings
// per synthesized vignette, the share solved in each arithmetic, vignettes per second on one and
// two threads, and the cost curve by number of shared positive findings.
// Usage: swift run -c release engine-report [vignettes] [curve vignettes per point]

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let count = arguments.first ?? 10_000
let curveCount = arguments.dropFirst().first ?? 200
let workload = EngineWorkload()
let engine = workload.engine

/// Wall seconds of `body`.
func seconds(_ body: () async -> Void) async -> Double {
    let start = ContinuousClock.now
    await body()
    let duration = ContinuousClock.now - start
    return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func describe(_ results: [Result<Posterior, InferenceError>]) -> (shares: [String: Int], worstBound: Double, failures: Int) {
    var shares: [String: Int] = [:]
    var worst = 0.0
    var failures = 0
    for result in results {
        guard case .success(let posterior) = result else {
            failures += 1
            continue
        }
        shares[posterior.method.id, default: 0] += 1
        if let bound = posterior.errorBound { worst = max(worst, bound) }
    }
    return (shares, worst, failures)
}

func percent(_ part: Int, _ whole: Int) -> String {
    String(format: "%.2f%%", 100 * Double(part) / Double(max(whole, 1)))
}

import Foundation

let batch = workload.vignettes(count: count)
print("model: \(EngineWorkload.modelPath), \(count) vignettes synthesized with seed \(EngineWorkload.seed)")
var histogram: [Int: Int] = [:]
var presentTotal = 0
for evidence in batch {
    histogram[workload.sharedPositives(evidence), default: 0] += 1
    presentTotal += evidence.present.count
}
print(String(format: "present findings per vignette: %.2f on average", Double(presentTotal) / Double(count)))
print("\nshared positive findings per vignette (after exact reductions):")
print("shared | vignettes | share")
for shared in histogram.keys.sorted() {
    let n = histogram[shared] ?? 0
    print(String(format: "%6d | %9d | %@", shared, n, percent(n, count)))
}

_ = await engine.infer(batch: Array(batch.prefix(500)), threads: 1)  // warm-up
var results: [Result<Posterior, InferenceError>] = []
_ = await seconds { results = await engine.infer(batch: batch, threads: 1) }
let (shares, worst, failures) = describe(results)
print("\nmethod shares (\(count) vignettes):")
for (id, n) in shares.sorted(by: { $0.key < $1.key }) { print("  \(id): \(n) (\(percent(n, count)))") }
print(String(format: "largest certified error bound: %.3g; failures: %d", worst, failures))

/// Process CPU time in seconds (all threads).
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The best of three runs: wall seconds and the CPU seconds of that run.
func best(threads: Int) async -> (wall: Double, cpu: Double) {
    var result = (wall: Double.infinity, cpu: 0.0)
    for _ in 0..<3 {
        let cpuStart = cpuSeconds()
        let wall = await seconds { blackHole(await engine.infer(batch: batch, threads: threads)) }
        if wall < result.wall { result = (wall, cpuSeconds() - cpuStart) }
    }
    return result
}

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

let one = await best(threads: 1)
let two = await best(threads: 2)
print(String(format: "\n1 thread:  %.0f vignettes/s (best of 3; CPU %.2f s for %.2f s wall)", Double(count) / one.wall, one.cpu, one.wall))
print(
    String(
        format: "2 threads: %.0f vignettes/s (%.2f×; CPU %.2f s for %.2f s wall: %.2f cores busy)",
        Double(count) / two.wall, one.wall / two.wall, two.cpu, two.wall, two.cpu / two.wall))

print("\ncost curve (\(curveCount) vignettes per point, 1 thread):")
print("shared | vignettes/s | methods")
for shared in [5, 10, 15, 20, 25] {
    let curve = workload.vignettes(withSharedPositives: shared, count: curveCount)
    guard !curve.isEmpty else {
        print(String(format: "%6d | (no vignettes)", shared))
        continue
    }
    var curveResults: [Result<Posterior, InferenceError>] = []
    let time = await seconds { curveResults = await engine.infer(batch: curve, threads: 1) }
    let summary = describe(curveResults)
    let methods = summary.shares.sorted(by: { $0.key < $1.key }).map { "\($0.key) \(percent($0.value, curve.count))" }
        .joined(separator: ", ")
    print(String(format: "%6d | %11.0f | %@ (n=%d, worst bound %.2g)", shared, Double(curve.count) / time, methods, curve.count, summary.worstBound))
}
