import Benchmark
import ClinvalInference
import EngineWorkload

/// Engine throughput on vignettes synthesized from the shipped DDXPlus model.
///
/// The batch benchmarks run 1,000 vignettes per iteration (a rotating tenth of 10,000) with a
/// scaling factor of 1,000, so their throughput reads directly in vignettes per second. The cost
/// curve runs one vignette per iteration.
let benchmarks: @Sendable () -> Void = {
    let workload = EngineWorkload()
    let engine = workload.engine
    let batch = workload.vignettes(count: 10_000)
    let chunks = stride(from: 0, to: batch.count, by: 1_000).map { Array(batch[$0..<min($0 + 1_000, batch.count)]) }

    let batchConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput], scalingFactor: .kilo, maxDuration: .seconds(15), maxIterations: 100)

    Benchmark("engine, synthesized vignettes, 1 thread", configuration: batchConfiguration) { benchmark async in
        blackHole(await engine.infer(batch: chunks[benchmark.currentIteration % chunks.count], threads: 1))
    }
    Benchmark("engine, synthesized vignettes, 2 threads", configuration: batchConfiguration) { benchmark async in
        blackHole(await engine.infer(batch: chunks[benchmark.currentIteration % chunks.count], threads: 2))
    }
    for shared in [5, 10, 15, 20, 25] {
        let curve = workload.vignettes(withSharedPositives: shared, count: 100)
        guard !curve.isEmpty else { continue }
        Benchmark(
            "cost curve, \(shared) shared positive findings",
            configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5), maxIterations: 100_000)
        ) { benchmark in
            blackHole(try? engine.infer(curve[benchmark.currentIteration % curve.count]))
        }
    }
}
