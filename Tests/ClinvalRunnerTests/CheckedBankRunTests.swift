import ClinvalAdapters
import ClinvalCasebanks
import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalRunner

/// A bank whose check kept its vignettes is run from them: it is read, checked and hashed once.
@Suite struct CheckedBankRunTests {
    func profile(_ path: String, keepingUpTo limit: Int) async throws -> BankProfile {
        var diagnostics = DiagnosticList()
        return try #require(await BankProfile.scan(path, keepingUpTo: limit, diagnostics: &diagnostics))
    }

    @Test func theProfileKeepsTheVignettesOfASmallBankOnly() async throws {
        let folder = TemporaryDirectory()
        let path = EvaluationRunnerTests.bank(count: 30, in: folder)
        #expect(try await profile(path, keepingUpTo: 30).vignettes?.map(\.id) == (0..<30).map { "v\($0)" })
        #expect(try await profile(path, keepingUpTo: 29).vignettes == nil)
        #expect(try await profile(path, keepingUpTo: 0).vignettes == nil)
        var diagnostics = DiagnosticList()
        #expect(await BankProfile.scan(path, diagnostics: &diagnostics)?.vignettes == nil)
        let kept = try await profile(path, keepingUpTo: 30)
        let streamed = try await profile(path, keepingUpTo: 0)
        #expect(kept.sha256 == streamed.sha256)
    }

    @Test func aKeptBankIsNotReadAgain() async throws {
        let folder = TemporaryDirectory()
        let path = EvaluationRunnerTests.bank(count: 100, in: folder)
        let checked = try await profile(path, keepingUpTo: 100)
        // The file is gone: only the kept vignettes can answer.
        try FileManager.default.removeItem(atPath: path)
        let sink = CollectingSink()
        let tally = try await EvaluationRunner(options: EvaluationOptions(jobs: 2, batchSize: 16))
            .run(banks: [path], digests: [checked.sha256], checked: [checked], adapter: EchoAdapter(), sink: sink)
        #expect(tally.answered == 100)
        let ids = sink.results.withLock { $0.map(\.vignette.id) }
        #expect(Set(ids) == Set((0..<100).map { "v\($0)" }))
        #expect(sink.results.withLock { $0.allSatisfy { $0.casebankID == "gen" && $0.casebankVersion == "1" } })
    }

    @Test func aKeptBankHonoursTheShardAndWhatIsDone() async throws {
        let folder = TemporaryDirectory()
        let path = EvaluationRunnerTests.bank(count: 60, in: folder)
        let checked = try await profile(path, keepingUpTo: 60)
        let shard = try #require(Shard(index: 1, count: 2))
        let done = Set((0..<3).map { VignetteKey(casebankID: "gen", vignetteID: "v\($0)") })
        let streamed = CollectingSink()
        let streamedTally = try await EvaluationRunner(options: EvaluationOptions(jobs: 2, shard: shard))
            .run(banks: [path], done: done, adapter: EchoAdapter(), sink: streamed)
        let kept = CollectingSink()
        let keptTally = try await EvaluationRunner(options: EvaluationOptions(jobs: 2, shard: shard))
            .run(banks: [path], checked: [checked], done: done, adapter: EchoAdapter(), sink: kept)
        #expect(keptTally == streamedTally)
        #expect(keptTally.otherShards > 0)
        #expect(
            kept.results.withLock { Set($0.map(\.vignette.id)) } == streamed.results.withLock { Set($0.map(\.vignette.id)) })
    }

    @Test func aLargeBankIsStreamedAndStillChecked() async throws {
        let folder = TemporaryDirectory()
        let path = EvaluationRunnerTests.bank(count: 100, in: folder)
        let checked = try await profile(path, keepingUpTo: 10)
        #expect(checked.vignettes == nil)
        await #expect(throws: RunnerError.self) {
            _ = try await EvaluationRunner(options: EvaluationOptions(jobs: 2))
                .run(
                    banks: [path], digests: [String(repeating: "0", count: 64)], checked: [checked],
                    adapter: EchoAdapter(), sink: CollectingSink())
        }
    }
}
