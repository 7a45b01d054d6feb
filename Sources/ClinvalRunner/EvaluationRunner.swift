import ClinvalAdapters
import ClinvalCaseBanks
import ClinvalCore
import Foundation

/// Settings of ``EvaluationRunner``.
public struct RunnerSettings: Sendable, Hashable {
    /// How many batches may be with the model at once (`--jobs`).
    public var jobs: Int
    /// Vignettes per batch sent to the model and written to the sink.
    public var batchSize: Int
    /// Which shard to run, or `nil` for all vignettes.
    public var shard: ShardSelector?

    /// Creates settings.
    public init(jobs: Int, batchSize: Int = 64, shard: ShardSelector? = nil) {
        self.jobs = max(1, jobs)
        self.batchSize = max(1, batchSize)
        self.shard = shard
    }
}

/// What a finished run counted.
public struct RunTally: Sendable, Hashable {
    /// Vignettes answered by this run.
    public var answered = 0
    /// Of those, with status error.
    public var errors = 0
    /// Of those, with status timeout.
    public var timeouts = 0
    /// Of those, computed approximately.
    public var approximate = 0
    /// Vignettes skipped because an earlier attempt of the run had committed them.
    public var skipped = 0
    /// Vignettes left to other shards.
    public var otherShards = 0

    /// Creates an empty tally.
    public init() {}
}

/// Runs a model over banks: streams each bank, keeps the vignettes of this shard that are not
/// already done, sends them to the model in batches with at most ``RunnerSettings/jobs`` batches
/// in flight, and hands every answered batch to one ``ResultSink``.
///
/// Banks are read one vignette at a time and at most `jobs + 1` batches are held, so memory does
/// not grow with the size of the banks. The runner does no database or file output itself.
///
/// ```swift
/// let tally = try await EvaluationRunner(settings: RunnerSettings(jobs: 2))
///     .run(banks: ["casebanks/red-flags.yaml"], adapter: adapter, sink: writer)
/// ```
public struct EvaluationRunner: Sendable {
    /// The settings.
    public let settings: RunnerSettings

    /// Creates a runner.
    public init(settings: RunnerSettings) {
        self.settings = settings
    }

    /// Runs every vignette of the banks (of this shard, not in `done`) through the model.
    ///
    /// - Parameters:
    ///   - banks: paths of banks that already passed lint.
    ///   - done: keys `<bank id>/<vignette id>` already committed (on resume).
    ///   - total: how many vignettes this run will answer, for progress.
    /// - Throws: `ModelUnavailableError` when the model cannot be reached at all, whatever the
    ///   sink throws, a ``RunnerError`` if a bank cannot be read, or `CancellationError`.
    public func run(
        banks: [String], done: Set<String> = [], total: Int = 0, adapter: any ModelAdapter, sink: any ResultSink,
        progress: (any RunProgressObserver)? = nil
    ) async throws -> RunTally {
        var tally = RunTally()
        let started = Date()
        var answered = 0
        var failed = 0
        let batchSize = settings.batchSize
        let maxInFlight = settings.jobs

        // One batch is written while the next ones are read, sent and answered: the sink's commit
        // overlaps the model's work instead of stalling the loop. Writes stay one at a time.
        var pendingWrite: Task<Void, any Error>?
        defer { pendingWrite?.cancel() }

        try await withThrowingTaskGroup(of: [VignetteResult].self) { group in
            var inFlight = 0

            func collect() async throws {
                guard let results = try await group.next() else { return }
                inFlight -= 1
                try await pendingWrite?.value
                pendingWrite = Task { try await sink.write(results) }
                for result in results {
                    switch result.answer.status {
                    case .ok: break
                    case .error: tally.errors += 1
                    case .timeout: tally.timeouts += 1
                    }
                    if result.answer.approximate != nil { tally.approximate += 1 }
                }
                answered += results.count
                failed += results.filter { $0.answer.status != .ok }.count
                tally.answered = answered
                // A shard's total is an estimate (the bank's size over the shard count).
                progress?.update(
                    RunProgress(
                        done: answered, total: max(total, answered), failed: failed,
                        elapsedSeconds: Date().timeIntervalSince(started)))
            }

            func submit(_ batch: [(String, String, Vignette)]) async throws {
                while inFlight >= maxInFlight { try await collect() }
                group.addTask {
                    let requests = batch.map { bank, _, vignette in
                        ModelRequest(
                            casebankID: bank, vignetteID: vignette.id, age: vignette.age, sex: vignette.sex,
                            present: vignette.present, absent: vignette.absent)
                    }
                    let answers = try await adapter.evaluate(requests)
                    return zip(batch, answers).map { item, answer in
                        VignetteResult(casebankID: item.0, casebankVersion: item.1, vignette: item.2, answer: answer)
                    }
                }
                inFlight += 1
            }

            var batch: [(String, String, Vignette)] = []
            batch.reserveCapacity(batchSize)
            for path in banks {
                let reader = CaseBankReader(path: path)
                guard let header = reader.header else {
                    throw RunnerError(message: "cannot read the bank header", file: path)
                }
                while let vignette = reader.next() {
                    try Task.checkCancellation()
                    if let shard = settings.shard, !shard.contains(casebankID: header.id, vignetteID: vignette.id) {
                        tally.otherShards += 1
                        continue
                    }
                    if done.contains(header.id + "/" + vignette.id) {
                        tally.skipped += 1
                        continue
                    }
                    batch.append((header.id, header.version, vignette))
                    if batch.count == batchSize {
                        try await submit(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                _ = reader.finish()
                if reader.diagnostics.hasErrors {
                    throw RunnerError(message: "the bank changed since it was checked; run again", file: path)
                }
            }
            if !batch.isEmpty { try await submit(batch) }
            while inFlight > 0 { try await collect() }
            try await pendingWrite?.value
        }
        progress?.finish(
            RunProgress(
                done: answered, total: answered, failed: failed, elapsedSeconds: Date().timeIntervalSince(started)))
        return tally
    }
}

/// A bank that cannot be read during a run (it passed lint, so it changed since).
public struct RunnerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The bank.
    public var file: String

    /// `file: error: message`.
    public var description: String { "\(file): error: \(message)" }
}
