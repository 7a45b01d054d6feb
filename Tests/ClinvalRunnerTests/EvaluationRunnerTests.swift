import ClinvalAdapters
import ClinvalCasebanks
import ClinvalCore
import Foundation
import Synchronization
import Testing
import _ClinvalTestSupport

@testable import ClinvalRunner

/// A deterministic model: the differential is the request's present codes, most recent first.
final class EchoAdapter: ModelAdapter {
    let calls = Mutex(0)
    let maxConcurrent = Mutex((now: 0, peak: 0))

    func start() async throws {}
    func shutdown() async {}

    func evaluate(_ requests: [ModelRequest]) async throws -> [ModelAnswer] {
        calls.withLock { $0 += 1 }
        maxConcurrent.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
        try await Task.sleep(nanoseconds: 2_000_000)
        maxConcurrent.withLock { $0.now -= 1 }
        return requests.map { request in
            let differential = request.present.enumerated().map { index, code in
                RankedCondition(condition: code, probability: 1.0 / Double(index + 2))
            }
            return .ok(differential: differential, triage: .urgent, latencyMs: 1)
        }
    }
}

/// A model that cannot be reached.
struct UnreachableAdapter: ModelAdapter {
    func start() async throws {}
    func shutdown() async {}
    func evaluate(_ requests: [ModelRequest]) async throws -> [ModelAnswer] {
        throw ModelUnavailableError("the model exited at start")
    }
}

/// Collects what the runner writes.
final class CollectingSink: ResultSink {
    let results = Mutex<[VignetteResult]>([])
    let batches = Mutex(0)
    /// The size of each write, in order.
    let sizes = Mutex<[Int]>([])

    func write(_ batch: [VignetteResult]) async throws {
        batches.withLock { $0 += 1 }
        sizes.withLock { $0.append(batch.count) }
        results.withLock { $0.append(contentsOf: batch) }
    }
}

@Suite struct EvaluationRunnerTests {
    /// A bank of `count` vignettes whose gold diagnosis is their first present code.
    static func bank(count: Int, in folder: TemporaryDirectory, id: String = "gen") -> String {
        var lines = [#"{"casebank":"\#(id)","version":"1","vocabulary":"test","source":"test"}"#]
        for index in 0..<count {
            lines.append(
                #"{"id":"v\#(index)","summary":"s","age":40,"sex":"female","present":["C\#(index % 7)","C\#(index % 5)"],"gold":{"diagnosis":"C\#(index % 5)","triage":"urgent"}}"#
            )
        }
        return folder.write("\(id).jsonl", lines.joined(separator: "\n") + "\n")
    }

    @Test func answersEveryVignetteOnceInBatches() async throws {
        let folder = TemporaryDirectory()
        let path = Self.bank(count: 300, in: folder)
        let sink = CollectingSink()
        let adapter = EchoAdapter()
        let tally = try await EvaluationRunner(
            options: EvaluationOptions(jobs: 3, batchSize: 16, commitSize: 1, commitInterval: 0))
            .run(banks: [path], total: 300, adapter: adapter, sink: sink)
        #expect(tally.answered == 300)
        let results = sink.results.withLock { $0 }
        #expect(results.count == 300)
        #expect(Set(results.map(\.vignette.id)).count == 300)
        // A commit size of 1 and no wait: one write per answered batch.
        #expect(sink.batches.withLock { $0 } == 19)
        #expect(adapter.maxConcurrent.withLock { $0.peak } <= 3)
        // v7: present [C0, C2], gold C2 → ranked second.
        let v7 = try #require(results.first { $0.vignette.id == "v7" })
        #expect(v7.goldRank == 2)
        #expect(v7.casebankID == "gen")
    }

    @Test func gathersAnsweredBatchesIntoCommitsOfTheCommitSize() async throws {
        let folder = TemporaryDirectory()
        let path = Self.bank(count: 1_000, in: folder)
        let sink = CollectingSink()
        let settings = EvaluationOptions(jobs: 2, batchSize: 16, commitSize: 128, commitInterval: 3_600)
        let tally = try await EvaluationRunner(options: settings)
            .run(banks: [path], adapter: EchoAdapter(), sink: sink)
        #expect(tally.answered == 1_000)
        let sizes = sink.sizes.withLock { $0 }
        #expect(sizes.reduce(0, +) == 1_000)
        // Every commit but the final flush gathers whole batches up to the commit size.
        #expect(sizes.dropLast().allSatisfy { $0 == 128 })
        #expect(sizes == Array(repeating: 128, count: 7) + [104])
    }

    @Test func commitsAtTheIntervalWhenTheModelIsSlow() async throws {
        let folder = TemporaryDirectory()
        let path = Self.bank(count: 128, in: folder)
        let sink = CollectingSink()
        // A commit size that is never reached, and no wait: each answered batch is committed.
        let settings = EvaluationOptions(jobs: 1, batchSize: 8, commitSize: 10_000, commitInterval: 0)
        _ = try await EvaluationRunner(options: settings).run(banks: [path], adapter: EchoAdapter(), sink: sink)
        #expect(sink.sizes.withLock { $0 } == Array(repeating: 8, count: 16))
    }

    @Test func shardsPartitionTheBankExactly() async throws {
        let folder = TemporaryDirectory()
        let path = Self.bank(count: 500, in: folder)
        var seen: [String] = []
        for index in 1...3 {
            let sink = CollectingSink()
            let shard = try #require(Shard(index: index, count: 3))
            let tally = try await EvaluationRunner(options: EvaluationOptions(jobs: 2, shard: shard))
                .run(banks: [path], adapter: EchoAdapter(), sink: sink)
            #expect(tally.answered + tally.otherShards == 500)
            #expect(tally.answered > 100)
            seen += sink.results.withLock { $0.map(\.vignette.id) }
        }
        #expect(seen.count == 500)
        #expect(Set(seen).count == 500)
    }

    @Test func skipsVignettesAlreadyDone() async throws {
        let folder = TemporaryDirectory()
        let path = Self.bank(count: 50, in: folder)
        let sink = CollectingSink()
        let done = Set((0..<20).map { VignetteKey(casebankID: "gen", vignetteID: "v\($0)") })
        let tally = try await EvaluationRunner(options: EvaluationOptions(jobs: 2))
            .run(banks: [path], done: done, adapter: EchoAdapter(), sink: sink)
        #expect(tally.skipped == 20)
        #expect(tally.answered == 30)
        #expect(sink.results.withLock { $0.allSatisfy { !done.contains(VignetteKey(casebankID: "gen", vignetteID: $0.vignette.id)) } })
    }

    @Test func aBankWhoseBytesChangedSinceItWasCheckedStopsTheRun() async throws {
        let folder = TemporaryDirectory()
        let path = Self.bank(count: 100, in: folder)
        let error = await #expect(throws: RunnerError.self) {
            _ = try await EvaluationRunner(options: EvaluationOptions(jobs: 2))
                .run(banks: [path], digests: [String(repeating: "0", count: 64)], adapter: EchoAdapter(), sink: CollectingSink())
        }
        #expect(error?.description == "\(path): error: the bank changed since it was checked; run again")
    }

    @Test func aVignetteThatNoLongerPassesItsChecksStopsTheRun() async throws {
        let folder = TemporaryDirectory()
        let path = folder.write(
            "gen.jsonl",
            #"{"casebank":"gen","version":"1","vocabulary":"test","source":"test"}"# + "\n"
                + #"{"id":"v1","age":400,"sex":"female","present":["C1"],"gold":{"diagnosis":"C1","triage":"urgent"}}"# + "\n")
        let sink = CollectingSink()
        await #expect(throws: RunnerError.self) {
            _ = try await EvaluationRunner(options: EvaluationOptions(jobs: 1)).run(banks: [path], adapter: EchoAdapter(), sink: sink)
        }
        #expect(sink.results.withLock { $0 }.isEmpty)
    }

    @Test func stopsWhenTheModelCannotBeReached() async throws {
        let folder = TemporaryDirectory()
        let path = Self.bank(count: 50, in: folder)
        await #expect(throws: ModelUnavailableError.self) {
            _ = try await EvaluationRunner(options: EvaluationOptions(jobs: 2))
                .run(banks: [path], adapter: UnreachableAdapter(), sink: CollectingSink())
        }
    }

    @Test func parsesShards() {
        #expect(Shard("2/4")?.description == "2/4")
        #expect(Shard("0/4") == nil)
        #expect(Shard("5/4") == nil)
        #expect(Shard("1/0") == nil)
        #expect(Shard("a/b") == nil)
        #expect(Shard("1/2/3") == nil)
    }

    @Test func hashesStablyAcrossMachines() {
        // FNV-1a 64 of "gen/v1", computed independently: python3 -c "h=0xcbf29ce484222325
        // for b in b'gen/v1': h=((h^b)*0x100000001b3)%2**64
        // print(h)"
        #expect(Shard.hash(casebankID: "gen", vignetteID: "v1") == 0x1a6f_2d73_576d_0f1b)
    }
}
