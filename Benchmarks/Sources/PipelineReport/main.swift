import ClinvalCore
import ClinvalMetrics
import ClinvalStore
import Foundation

// Times the stages behind `clinval run` that the end-to-end script cannot isolate:
//   pipeline-report metrics [vignettes] [resamples]   all metrics of scope `all`, then the standard
//                                                      breakdowns, with the bootstrap (issue 5)
//   pipeline-report store [vignettes] [batch]          results and top-10 differentials committed
//                                                      to a fresh SQLite file (issue 4)
//   pipeline-report sha256 FILE [repeats]              SHA-256 of a bank file, whole (as a YAML bank
//                                                      or a model is hashed) and streamed through
//                                                      LineReader (as a JSON Lines bank is read)
// Prints wall time, CPU time and the process's peak resident memory after each phase.
// Usage: swift run -c release pipeline-report metrics 1000000 1000

let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "metrics"
let numbers = arguments.dropFirst().compactMap { Int($0) }

/// Wall seconds of `body`, with its result.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try body()
    return (value, seconds(ContinuousClock.now - start))
}

/// Wall seconds of the async `body`, with its result.
func timedAsync<T>(_ body: () async -> T) async -> (T, Double) {
    let start = ContinuousClock.now
    let value = await body()
    return (value, seconds(ContinuousClock.now - start))
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// CPU seconds used so far (user + system) and the peak resident set in MiB.
func usage() -> (cpu: Double, peakMiB: Double) {
    var value = rusage()
    #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &value)
    #else
        getrusage(RUSAGE_SELF, &value)
    #endif
    let cpu = Double(value.ru_utime.tv_sec + value.ru_stime.tv_sec)
        + Double(value.ru_utime.tv_usec + value.ru_stime.tv_usec) / 1e6
    return (cpu, Double(value.ru_maxrss) / 1024)  // Linux reports KiB
}

func report(_ label: String, wall: Double, cpuBefore: Double, extra: String = "") {
    let now = usage()
    print(
        String(
            format: "%@: %.2f s wall, %.2f s CPU (%.2f cores), peak RSS %.0f MiB%@", label, wall, now.cpu - cpuBefore,
            (now.cpu - cpuBefore) / max(wall, 1e-9), now.peakMiB, extra))
}

/// A deterministic generator (SplitMix64) for the synthetic workload.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let conditions = (0..<49).map { "condition-\($0)" }
let levels = TriageLevel.allCases

/// A top-10 differential: probabilities descending, the gold condition at a random rank or absent.
func differential(_ random: inout Generator, gold: Int) -> [(String, Double)] {
    var codes: [Int] = []
    let goldRank = random.below(14)  // 0–9: in the top 10, else absent
    while codes.count < 10 {
        let code = random.below(conditions.count)
        if code != gold && !codes.contains(code) { codes.append(code) }
    }
    if goldRank < 10 { codes[goldRank] = gold }
    var probability = 0.3 + 0.69 * random.unit()
    return codes.map { code in
        defer { probability *= 0.3 + 0.6 * random.unit() }
        return (conditions[code], probability)
    }
}

func metricsBenchmark(count: Int, resamples: Int) async {
    var random = Generator(state: 7)
    let ((outcomes), build) = timed { () -> [VignetteOutcome] in
        (0..<count).map { index in
            let gold = random.below(conditions.count)
            let low = levels[random.below(levels.count)]
            let failed = random.below(100) == 0
            let answer = differential(&random, gold: gold)
            return VignetteOutcome(
                casebankID: index % 10 == 0 ? "red-flags" : "synthetic", casebankVersion: "1",
                vignetteID: "v-\(index)", age: random.below(100), sex: random.below(2) == 0 ? .female : .male,
                tags: index % 3 == 0 ? ["cardiac"] : ["synthetic"], mustPass: index % 1000 == 0,
                goldDiagnosis: conditions[gold], alsoCorrect: [],
                goldDifferential: index % 2 == 0 ? [conditions[gold], conditions[(gold + 1) % conditions.count]] : nil,
                goldTriage: GoldTriage(low), status: failed ? .error : .ok,
                differential: failed ? [] : answer.map { RankedCondition(condition: $0.0, probability: $0.1) },
                triage: failed ? nil : levels[random.below(levels.count)], latencyMs: failed ? nil : random.unit() * 5)
        }
    }
    print(
        String(
            format: "workload: %d vignettes, top-10 differentials, half with a gold differential, 1%% errors (built in %.2f s; peak RSS so far %.0f MiB)",
            count, build, usage().peakMiB))
    let calculator = MetricCalculator(bootstrap: BootstrapSettings(resamples: resamples, seed: 20_261_129))
    var cpu = usage().cpu
    let (all, allWall) = await timedAsync { await calculator.compute(outcomes: outcomes, scopes: [.all]) }
    report(
        "scope all: \(all.count) metrics, \(resamples) resamples", wall: allWall, cpuBefore: cpu,
        extra: String(format: ", %.0f vignettes/s", Double(count) / allWall))
    let scopes = Scope.breakdowns(for: outcomes)
    cpu = usage().cpu
    let (rows, breakdownWall) = await timedAsync { await calculator.compute(outcomes: outcomes, scopes: scopes) }
    report("all + \(scopes.count - 1) breakdown scopes: \(rows.count) metric rows", wall: breakdownWall, cpuBefore: cpu)
    if let top3 = all.first(where: { $0.metric == "ece" }) {
        print("check: ece \(top3.value ?? .nan) [\(top3.ciLower ?? .nan), \(top3.ciUpper ?? .nan)] n=\(top3.n)")
    }
}

func storeBenchmark(count: Int, batch: Int) throws {
    let folder = NSTemporaryDirectory() + "clinval-store-bench-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try ResultStore(path: folder + "/bench.sqlite")
    let runID = "bench"
    try store.beginRun(
        RunRecord(
            runID: runID, model: ModelIdentity(name: "bench", version: "1", kind: "noisy-or", sha256: String(repeating: "0", count: 64)),
            toolVersion: "bench", startedAt: Date(), jobs: 2),
        casebanks: [CasebankRecord(casebankID: "synthetic", version: "1", sha256: String(repeating: "1", count: 64), vignettes: count)])
    var random = Generator(state: 11)
    var vignettes: [[VignetteRecord]] = []
    var results: [[ResultRecord]] = []
    for start in stride(from: 0, to: count, by: batch) {
        var vignetteBatch: [VignetteRecord] = []
        var resultBatch: [ResultRecord] = []
        for index in start..<min(start + batch, count) {
            let gold = random.below(conditions.count)
            let id = String(format: "syn-%06d", index)
            vignetteBatch.append(
                VignetteRecord(
                    casebankID: "synthetic", vignetteID: id, casebankVersion: "1", age: random.below(100),
                    sex: random.below(2) == 0 ? .female : .male, present: ["E_53", "E_91", "E_201"], absent: ["E_77"],
                    summary: "Synthetic case", goldDiagnosis: conditions[gold], goldTriageLow: .urgent,
                    goldTriageHigh: .urgent, tags: ["synthetic"]))
            let answer = differential(&random, gold: gold)
            resultBatch.append(
                ResultRecord(
                    casebankID: "synthetic", vignetteID: id, status: .ok, triage: .urgent,
                    goldRank: answer.firstIndex { $0.0 == conditions[gold] }.map { $0 + 1 }, latencyMS: 0.07,
                    differential: answer.enumerated().map {
                        DifferentialEntry(rank: $0.offset + 1, conditionID: $0.element.0, probability: $0.element.1)
                    }))
        }
        vignettes.append(vignetteBatch)
        results.append(resultBatch)
    }
    var cpu = usage().cpu
    let (_, vignetteWall) = try timed { for item in vignettes { try store.storeVignettes(item, runID: runID) } }
    report(
        "gold labels: \(count) vignettes in batches of \(batch)", wall: vignetteWall, cpuBefore: cpu,
        extra: String(format: ", %.0f vignettes/s", Double(count) / vignetteWall))
    cpu = usage().cpu
    let (_, resultWall) = try timed { for item in results { try store.commit(results: item, runID: runID) } }
    let rows = results.reduce(0) { $0 + $1.reduce(0) { $0 + $1.differential.count } }
    report(
        "results: \(count) results + \(rows) differential rows in batches of \(batch)", wall: resultWall, cpuBefore: cpu,
        extra: String(
            format: ", %.0f differential rows/s (%.0f rows/s counting result rows)", Double(rows) / resultWall,
            Double(rows + count) / resultWall))
    // The runner's way: each batch's gold labels, results and differentials in one transaction,
    // into a second run of the same file.
    try store.beginRun(
        RunRecord(
            runID: runID + "-2", model: ModelIdentity(name: "bench", version: "1", kind: "noisy-or", sha256: String(repeating: "0", count: 64)),
            toolVersion: "bench", startedAt: Date(), jobs: 2),
        casebanks: [CasebankRecord(casebankID: "synthetic", version: "1", sha256: String(repeating: "1", count: 64), vignettes: count)])
    cpu = usage().cpu
    let (_, combinedWall) = try timed {
        for (vignetteBatch, resultBatch) in zip(vignettes, results) {
            try store.commit(vignettes: vignetteBatch, results: resultBatch, runID: runID + "-2")
        }
    }
    report(
        "gold labels, results and differentials together in batches of \(batch)", wall: combinedWall, cpuBefore: cpu,
        extra: String(
            format: ", %.0f vignettes/s, %.0f differential rows/s", Double(count) / combinedWall,
            Double(rows) / combinedWall))
    let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/bench.sqlite")[.size] as? Int) ?? 0
    print(String(format: "database: %.1f MiB", Double(size) / 1_048_576))
}

/// Times ClinvalCore's SHA-256 on `path`: the whole file in memory (`SHA256.hex(of:)`), then
/// streamed line by line through `LineReader` (1 MiB chunks), each `repeats` times; the best run
/// counts, and every run must give the same digest.
func sha256Benchmark(path: String, repeats: Int) throws {
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let mib = Double(bytes.count) / 1_048_576
    print(String(format: "%@: %.1f MiB", path, mib))
    var digests = Set<String>()
    var best = Double.infinity
    for _ in 0..<repeats {
        let (digest, wall) = timed { SHA256.hex(of: bytes) }
        digests.insert(digest)
        best = min(best, wall)
    }
    print(String(format: "SHA256.hex(of:) on the bytes: best of %d %.3f s, %.0f MiB/s", repeats, best, mib / best))
    best = .infinity
    for _ in 0..<repeats {
        let (digest, wall) = try timed { () throws -> String in
            let reader = try LineReader(path: path, maxLineBytes: 1 << 20)
            var lines = 0
            while try reader.next() != nil { lines += 1 }
            precondition(lines > 0)
            return try reader.finish()
        }
        digests.insert(digest)
        best = min(best, wall)
    }
    print(String(format: "LineReader (read, split, hash): best of %d %.3f s, %.0f MiB/s", repeats, best, mib / best))
    precondition(digests.count == 1, "the digests differ: \(digests)")
    print("sha256: \(digests.first!)")
}

switch mode {
case "sha256":
    guard let path = arguments.dropFirst().first else {
        print("usage: pipeline-report sha256 FILE [repeats]")
        exit(2)
    }
    try sha256Benchmark(path: path, repeats: arguments.dropFirst(2).compactMap { Int($0) }.first ?? 5)
case "metrics":
    await metricsBenchmark(count: numbers.first ?? 1_000_000, resamples: numbers.dropFirst().first ?? 1000)
case "store":
    try storeBenchmark(count: numbers.first ?? 100_000, batch: numbers.dropFirst().first ?? 64)
default:
    print("usage: pipeline-report metrics [vignettes] [resamples] | store [vignettes] [batch] | sha256 FILE [repeats]")
}
