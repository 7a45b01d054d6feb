import ClinvalAdapters
import ClinvalCasebanks
import ClinvalCore
import Foundation
import Synchronization

/// Runs a model over banks: streams each bank, keeps the vignettes of this shard that are not
/// already done, sends them to the model in batches, and hands every answered batch to one
/// ``ResultSink``.
///
/// ``EvaluationOptions/jobs`` bounds the work done at once: each batch is checked, answered and, when
/// a commit is due, committed (with the results gathered from other batches) holding one of
/// `jobs` slots, so a run of the built-in model uses about `jobs` cores; one more batch waits
/// ready, so a freed slot is taken at once. Commits gather about ``EvaluationOptions/commitSize``
/// vignettes and happen one at a time, while the other jobs go on answering.
///
/// Banks are read a batch at a time and a bounded number of batches is held (in flight or waiting
/// to be written), so memory does not grow with the size of the banks; a small bank whose check
/// kept its vignettes (``BankProfile/vignettes``) is run from them instead, without reading it
/// again. The runner does no database or file output itself.
///
/// ```swift
/// let tally = try await EvaluationRunner(options: EvaluationOptions(jobs: 2))
///     .run(banks: ["casebanks/red-flags.yaml"], adapter: adapter, sink: writer)
/// ```
public struct EvaluationRunner: Sendable {
    /// How the run is scheduled.
    public let options: EvaluationOptions

    /// Creates a runner.
    public init(options: EvaluationOptions) {
        self.options = options
    }

    /// Runs every vignette of the banks (of this shard, not in `done`) through the model.
    ///
    /// - Parameters:
    ///   - banks: paths of banks that already passed lint.
    ///   - digests: the SHA-256 of each bank when it was checked, in the order of `banks`; a bank
    ///     whose bytes differ by the end of the run stops it. Empty to skip this check.
    ///   - checked: the profiles of the banks from their check, in the order of `banks`; a bank
    ///     whose profile kept its vignettes is run from them, without being read again. Empty to
    ///     read every bank.
    ///   - done: the vignettes already committed (on resume).
    ///   - total: how many vignettes this run will answer, for progress.
    /// - Throws: `ModelUnavailableError` when the model cannot be reached at all, whatever the
    ///   sink throws, a ``RunnerError`` if a bank cannot be read or changed since it was checked,
    ///   or `CancellationError`.
    public func run(
        banks: [String], digests: [String] = [], checked: [BankProfile] = [], done: Set<VignetteKey> = [], total: Int = 0,
        adapter: any ModelAdapter,
        sink: any ResultSink, progress: (any RunProgressObserver)? = nil
    ) async throws -> RunTally {
        var tally = RunTally()
        let started = Date()
        let shard = options.shard
        let slots = AsyncSlots(count: options.jobs)
        let maxInFlight = options.jobs + 1

        // Answered results are gathered and committed by the job whose batch makes a commit due,
        // within its slot: writing is part of a job's work, so `--jobs 1` runs on one core, and a
        // job never waits for another's commit unless too much is gathered.
        let commits = CommitGroups(sink: sink, size: options.commitSize, interval: options.commitInterval)

        try await withThrowingTaskGroup(of: BatchOutcome.self) { group in
            var inFlight = 0

            func collect() async throws {
                guard let outcome = try await group.next() else { return }
                inFlight -= 1
                if outcome.invalid > 0 {
                    throw RunnerError(message: "the bank changed since it was checked; run again", file: outcome.file)
                }
                tally.otherShards += outcome.otherShards
                tally.skipped += outcome.skipped
                let results = outcome.results
                guard !results.isEmpty else { return }
                for result in results {
                    switch result.answer.status {
                    case .ok: break
                    case .error: tally.errors += 1
                    case .timeout: tally.timeouts += 1
                    }
                    if result.answer.approximate != nil { tally.approximate += 1 }
                }
                tally.answered += results.count
                // A shard's total is an estimate (the bank's size over the shard count).
                progress?.update(
                    RunProgress(
                        done: tally.answered, total: max(total, tally.answered), failed: tally.errors + tally.timeouts,
                        elapsedSeconds: Date().timeIntervalSince(started)))
            }

            for (position, path) in banks.enumerated() {
                if position < checked.count, let vignettes = checked[position].vignettes {
                    // Checked already: run the vignettes the check kept.
                    let header = checked[position].header
                    for start in stride(from: 0, to: vignettes.count, by: options.batchSize) {
                        try Task.checkCancellation()
                        let batch = Array(vignettes[start..<min(start + options.batchSize, vignettes.count)])
                        while inFlight >= maxInFlight { try await collect() }
                        group.addTask {
                            try await slots.withSlot {
                                var outcome = BatchOutcome(file: path)
                                try await Self.answer(
                                    batch, into: &outcome, header: header, shard: shard, done: done, adapter: adapter)
                                try await commits.add(outcome.results)
                                return outcome
                            }
                        }
                        inFlight += 1
                    }
                    continue
                }
                let reader = CasebankReader(path: path)
                guard let header = reader.header else {
                    throw RunnerError(message: "cannot read the bank header", file: path)
                }
                while true {
                    try Task.checkCancellation()
                    let entries = reader.nextEntries(options.batchSize)
                    if entries.isEmpty { break }
                    while inFlight >= maxInFlight { try await collect() }
                    // Each job checks its own entries, then asks the model: checking the bank scales
                    // with the jobs, and only the reading of lines stays on this task.
                    group.addTask {
                        try await slots.withSlot {
                            let outcome = try await Self.answer(
                                entries, file: path, header: header, shard: shard, done: done, adapter: adapter)
                            try await commits.add(outcome.results)
                            return outcome
                        }
                    }
                    inFlight += 1
                }
                let digest = reader.finish()
                if reader.diagnostics.hasErrors
                    || (position < digests.count && digest != digests[position])
                {
                    throw RunnerError(message: "the bank changed since it was checked; run again", file: path)
                }
            }
            while inFlight > 0 { try await collect() }
            try await commits.flush()
        }
        progress?.finish(
            RunProgress(
                done: tally.answered, total: tally.answered, failed: tally.errors + tally.timeouts,
                elapsedSeconds: Date().timeIntervalSince(started)))
        return tally
    }

    /// What one job did with its entries.
    private struct BatchOutcome: Sendable {
        var file: String
        var results: [VignetteResult] = []
        var otherShards = 0
        var skipped = 0
        /// Entries that failed their check: the bank changed since it was checked.
        var invalid = 0
    }

    /// Checks a batch of entries, keeps those of this shard not yet done, and asks the model.
    private static func answer(
        _ entries: [VignetteEntry], file: String, header: CasebankHeader, shard: Shard?, done: Set<VignetteKey>,
        adapter: any ModelAdapter
    ) async throws -> BatchOutcome {
        var outcome = BatchOutcome(file: file)
        var vignettes: [Vignette] = []
        vignettes.reserveCapacity(entries.count)
        for entry in entries {
            guard let vignette = entry.vignette(file: file) else {
                outcome.invalid += 1
                continue
            }
            vignettes.append(vignette)
        }
        guard outcome.invalid == 0 else { return outcome }
        try await answer(vignettes, into: &outcome, header: header, shard: shard, done: done, adapter: adapter)
        return outcome
    }

    /// Keeps the checked vignettes of this shard not yet done, and asks the model.
    private static func answer(
        _ checked: [Vignette], into outcome: inout BatchOutcome, header: CasebankHeader, shard: Shard?,
        done: Set<VignetteKey>, adapter: any ModelAdapter
    ) async throws {
        var vignettes: [Vignette] = []
        vignettes.reserveCapacity(checked.count)
        for vignette in checked {
            if let shard, !shard.contains(casebankID: header.id, vignetteID: vignette.id) {
                outcome.otherShards += 1
                continue
            }
            if !done.isEmpty && done.contains(VignetteKey(casebankID: header.id, vignetteID: vignette.id)) {
                outcome.skipped += 1
                continue
            }
            vignettes.append(vignette)
        }
        guard !vignettes.isEmpty else { return }
        let requests = vignettes.map { vignette in
            ModelRequest(
                casebankID: header.id, vignetteID: vignette.id, age: vignette.age, sex: vignette.sex,
                present: vignette.present, absent: vignette.absent)
        }
        let answers = try await adapter.evaluate(requests)
        outcome.results = zip(vignettes, answers).map { vignette, answer in
            VignetteResult(casebankID: header.id, casebankVersion: header.version, vignette: vignette, answer: answer)
        }
    }
}

/// Answered results waiting to be committed, and the one commit at a time that writes them.
///
/// Jobs add their answered results; the job whose results make a commit due (``size`` results
/// gathered, or ``interval`` seconds since the last commit) writes everything gathered, unless
/// another job is writing, in which case the results wait for the next commit. Once
/// ``pressure`` times ``size`` results wait, a job waits for the commit in progress and then
/// writes, so memory stays bounded when the sink is slower than the model.
private final class CommitGroups: Sendable {
    let sink: any ResultSink
    let size: Int
    let interval: Double
    static let pressure = 4
    /// The results gathered and when the last commit was; `writer` lets one commit run at a time.
    private let state = Mutex((gathered: [VignetteResult](), lastCommit: Date()))
    private let writer = AsyncSlots(count: 1)

    init(sink: any ResultSink, size: Int, interval: Double) {
        self.sink = sink
        self.size = size
        self.interval = interval
    }

    /// Adds answered results, and commits if a commit is due and nobody else is committing.
    func add(_ results: [VignetteResult]) async throws {
        guard !results.isEmpty else { return }
        let (due, overfull) = state.withLock { state in
            state.gathered.append(contentsOf: results)
            let due = state.gathered.count >= size || Date().timeIntervalSince(state.lastCommit) >= interval
            return (due, state.gathered.count >= Self.pressure * size)
        }
        guard due else { return }
        if overfull {
            try await writer.acquire()
        } else if !writer.tryAcquire() {
            return
        }
        defer { writer.release() }
        try await commitGathered()
    }

    /// Commits everything still gathered; call it once every job has finished.
    func flush() async throws {
        try await writer.acquire()
        defer { writer.release() }
        try await commitGathered()
    }

    /// Writes everything gathered; call it holding `writer`.
    private func commitGathered() async throws {
        let batch = state.withLock { state in
            defer {
                state.gathered = []
                state.lastCommit = Date()
            }
            return state.gathered
        }
        if !batch.isEmpty { try await sink.write(batch) }
    }
}
