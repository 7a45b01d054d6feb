import ClinvalCore
import Foundation
import GRDB

/// Joins the shard databases of one run (`clinval run --shard K/N`, one file per shard) into one
/// run in another database (`clinval merge`).
///
/// Every shard file must hold exactly one shard run; the shards must share the run id, the model
/// sha256, the banks (ids, versions, sha256) and the shard count N; shards 1…N must each be given
/// exactly once and be `complete`; no vignette may have results in two shards; and together the
/// shards must hold a result for every vignette of the banks (`run_casebanks.vignettes` is the
/// bank's whole size in every shard). Everything is checked before anything is written.
///
/// The merged run has no shard, the earliest start time, the sum of the shards' jobs, and the
/// shards' banks, vignettes, results and differentials; shard metrics and criteria (which
/// describe one shard only) are not copied.
public enum ShardMerger {
    /// Merges shard databases into `outPath`: ``plan(into:shards:)`` and then ``merge(_:markComplete:)``.
    ///
    /// - Parameters:
    ///   - outPath: The database to write (created if needed; may hold other runs, not this one).
    ///   - shards: The shard database files.
    ///   - markComplete: When true (the default), the merged run is marked `complete` (verdict
    ///     nil, end time the latest shard's) once every row is committed. When false it stays
    ///     `running`, so the caller can store metrics and criteria and then call
    ///     ``ResultStore/markComplete(runID:verdict:finishedAt:)``.
    /// - Returns: The merged run as stored.
    /// - Throws: `StoreError` with code `cannotOpen`, `shardMismatch`, `duplicateShard`,
    ///   `missingShard`, `incompleteShard`, `overlappingShards`, `runExists` or `database`.
    @discardableResult
    public static func merge(into outPath: String, shards: [String], markComplete: Bool = true) throws -> RunRecord {
        try merge(plan(into: outPath, shards: shards), markComplete: markComplete)
    }

    /// Reads the shard databases and checks that they form one whole run, writing nothing.
    ///
    /// - Returns: The checked shards, with the merged run as it will be stored
    ///   (``ShardMergePlan/run``), for ``merge(_:markComplete:)``.
    /// - Throws: `StoreError` with code `cannotOpen`, `shardMismatch`, `duplicateShard`,
    ///   `missingShard`, `incompleteShard`, `overlappingShards` or `database`.
    public static func plan(into outPath: String, shards: [String]) throws -> ShardMergePlan {
        let target = URL(fileURLWithPath: outPath).standardizedFileURL.resolvingSymlinksInPath().path
        if shards.contains(where: { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path == target }) {
            throw StoreError(.shardMismatch, "the output database is one of the shards; merge into another file", path: outPath)
        }
        let inputs = try shards.map(readShard)
        let first = try validate(inputs)
        let ordered = inputs.sorted(by: { $0.index < $1.index })

        var merged = first.run
        merged.shard = nil
        merged.status = .running
        merged.verdict = nil
        merged.finishedAt = nil
        merged.failureReason = nil
        merged.startedAt = inputs.map(\.run.startedAt).min() ?? first.run.startedAt
        merged.jobs = inputs.reduce(0) { $0 + $1.run.jobs }
        // Every shard ran with the same policy (same sha256); a shard written before the schema kept
        // the policy's text has none, so take it from any shard that has it.
        merged.policyText = ordered.lazy.compactMap(\.run.policyText).first
        return ShardMergePlan(
            outPath: outPath, run: merged, casebanks: first.casebanks, inputs: ordered,
            finishedAt: inputs.compactMap(\.run.finishedAt).max())
    }

    /// Writes the merged run of a plan into its output database, opened with the store's default
    /// actor and clock.
    ///
    /// - Parameter markComplete: as for ``merge(into:shards:markComplete:)``.
    /// - Returns: The merged run as stored.
    /// - Throws: `StoreError` with code `cannotOpen`, `runExists` or `database`.
    @discardableResult
    public static func merge(_ plan: ShardMergePlan, markComplete: Bool = true) throws -> RunRecord {
        try merge(plan, into: ResultStore(path: plan.outPath), markComplete: markComplete)
    }

    /// Writes the merged run of a plan into `out`, the plan's output database opened by the
    /// caller (whose ``ResultStore/actor`` the audit entries name).
    ///
    /// The audit trail gains the merged run's `run_started`, one `merge` entry per shard (in the
    /// transaction that copies it) and, with `markComplete`, `run_completed`. A merge that fails
    /// part-way removes the unfinished run and appends `run_failed`, saying so.
    ///
    /// - Parameter markComplete: as for ``merge(into:shards:markComplete:)``.
    /// - Returns: The merged run as stored.
    /// - Throws: `StoreError` with code `runExists` or `database`.
    @discardableResult
    public static func merge(_ plan: ShardMergePlan, into out: ResultStore, markComplete: Bool = true) throws -> RunRecord {
        let outPath = out.path
        let merged = plan.run
        if try out.run(id: merged.runID) != nil {
            throw StoreError(.runExists, "a run with id \(quoted(merged.runID)) exists already", path: outPath)
        }
        try out.beginRun(merged, casebanks: plan.casebanks)
        do {
            for shard in plan.inputs {
                try copy(shard, runID: merged.runID, into: out)
            }
            if markComplete {
                try out.markComplete(runID: merged.runID, verdict: nil, finishedAt: plan.finishedAt ?? Date())
            }
        } catch {
            // Leave no half-merged run behind; the merge can be run again.
            do {
                _ = try out.write("remove the unfinished merged run") { db in
                    try db.execute(sql: "DELETE FROM runs WHERE run_id = ?", arguments: [merged.runID])
                    try out.appendAudit(
                        db, .runFailed, runID: merged.runID,
                        payload: AuditPayload([
                            "reason": .string("the merge failed; the unfinished merged run was removed"),
                            "removed": .bool(true),
                        ]))
                }
            } catch let cleanup {
                throw StoreError(
                    .database,
                    "\(error); the unfinished merged run \(quoted(merged.runID)) could not be removed either: \(cleanup)",
                    path: outPath)
            }
            throw error
        }
        guard let stored = try out.run(id: merged.runID) else {
            throw StoreError(.runNotFound, "merged run \(quoted(merged.runID)) is missing", path: outPath)
        }
        return stored
    }

    /// What one shard file holds.
    struct ShardInput: Sendable {
        var path: String
        var run: RunRecord
        var casebanks: [CasebankIdentity]
        var keys: Set<VignetteKey>
        var index: Int { run.shard?.index ?? 0 }
        var label: String { "shard \(run.shard?.description ?? "?") (\(quoted(path, limit: 200)))" }
    }

    private static func readShard(_ path: String) throws -> ShardInput {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.cannotOpen, "shard database does not exist", path: path)
        }
        let store = try ResultStore(path: path)
        let runs = try store.read("read shard runs") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE shard_index IS NOT NULL ORDER BY run_id")
                .map(RowDecoding.run)
        }
        guard runs.count == 1, let run = runs.first else {
            throw StoreError(
                .shardMismatch,
                runs.isEmpty ? "holds no shard run" : "holds \(runs.count) shard runs; a shard database holds one",
                path: path)
        }
        return ShardInput(
            path: path, run: run, casebanks: try store.casebanks(runID: run.runID),
            keys: try store.completedVignetteKeys(runID: run.runID))
    }

    /// Checks that the shards form one whole run; returns the first shard (by index).
    private static func validate(_ inputs: [ShardInput]) throws -> ShardInput {
        guard let first = inputs.min(by: { $0.index < $1.index }) else {
            throw StoreError(.missingShard, "no shard databases to merge")
        }
        let runIDs = Set(inputs.map(\.run.runID))
        if runIDs.count > 1 {
            throw StoreError(
                .shardMismatch,
                "shards belong to different runs: "
                    + inputs.map { "\($0.label) holds run \(quoted($0.run.runID))" }.joined(separator: ", "))
        }
        var mismatches: [String] = []
        for input in inputs where input.path != first.path {
            let differences = ResultStore.identityDifferences(
                stored: (first.run.model, first.casebanks, nil), current: (input.run.model, input.casebanks, nil))
            mismatches += differences.map { "\(input.label) against \(first.label): \($0)" }
            if input.run.policySHA256 != first.run.policySHA256 {
                mismatches.append(
                    "\(input.label) against \(first.label): policy sha256 differs (\(input.run.policySHA256 ?? "none") against \(first.run.policySHA256 ?? "none"))")
            }
            if input.run.shard?.count != first.run.shard?.count {
                mismatches.append(
                    "\(input.label) is one of \(input.run.shard?.count ?? 0) shards, \(first.label) one of \(first.run.shard?.count ?? 0)")
            }
        }
        if !mismatches.isEmpty {
            throw StoreError(.shardMismatch, "shards of run \(quoted(first.run.runID)) differ: " + mismatches.joined(separator: "; "))
        }

        let count = first.run.shard?.count ?? 0
        let byIndex = Dictionary(grouping: inputs, by: \.index)
        let duplicates = byIndex.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        if !duplicates.isEmpty {
            throw StoreError(
                .duplicateShard,
                duplicates.map { index, copies in
                    "shard \(index)/\(count) is given \(copies.count) times (\(copies.map { quoted($0.path, limit: 200) }.joined(separator: ", ")))"
                }.joined(separator: "; "))
        }
        let missing = (1...max(count, 1)).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            throw StoreError(
                .missingShard,
                "run \(quoted(first.run.runID)) is missing "
                    + (missing.count == 1 ? "shard " : "shards ") + missing.map { "\($0)/\(count)" }.joined(separator: ", "))
        }
        let unfinished = inputs.filter { $0.run.status != .complete }.sorted { $0.index < $1.index }
        if !unfinished.isEmpty {
            throw StoreError(
                .incompleteShard,
                unfinished.map { "\($0.label) is \($0.run.status.rawValue), not complete" }.joined(separator: "; ")
                    + "; finish it with --resume before merging")
        }

        var owner: [VignetteKey: ShardInput] = [:]
        var overlaps: [String] = []
        var overlapCount = 0
        for input in inputs.sorted(by: { $0.index < $1.index }) {
            for key in input.keys.sorted() {
                if let other = owner[key] {
                    overlapCount += 1
                    if overlaps.count < 5 {
                        overlaps.append("\(quoted(key.description)) in \(other.label) and \(input.label)")
                    }
                } else {
                    owner[key] = input
                }
            }
        }
        if overlapCount > 0 {
            throw StoreError(
                .overlappingShards,
                "shards overlap: \(overlapCount) vignette\(overlapCount == 1 ? " has" : "s have") results in two shards: "
                    + overlaps.joined(separator: ", ") + (overlapCount > overlaps.count ? ", …" : ""))
        }
        let expected = first.casebanks.reduce(0) { $0 + $1.vignettes }
        if owner.count != expected {
            throw StoreError(
                .incompleteShard,
                "the shards of run \(quoted(first.run.runID)) hold \(owner.count) results, but its banks hold \(expected) vignettes")
        }
        return first
    }

    /// Copies one shard's vignettes, results and differentials in one transaction.
    private static func copy(_ shard: ShardInput, runID: String, into out: ResultStore) throws {
        try out.writeWithoutTransaction("merge \(shard.label)") { db in
            try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [shard.path])
            defer { try? db.execute(sql: "DETACH DATABASE shard") }
            try db.inTransaction {
                let arguments: StatementArguments = [runID]
                try db.execute(
                    sql: """
                        INSERT INTO main.vignettes (run_id, casebank_id, vignette_id, casebank_version, age, sex,
                            present_json, absent_json, summary, gold_diagnosis, also_correct_json,
                            gold_differential_json, gold_triage_lo, gold_triage_hi, must_pass, tags_json)
                        SELECT run_id, casebank_id, vignette_id, casebank_version, age, sex,
                            present_json, absent_json, summary, gold_diagnosis, also_correct_json,
                            gold_differential_json, gold_triage_lo, gold_triage_hi, must_pass, tags_json
                        FROM shard.vignettes WHERE run_id = ?
                        ON CONFLICT (run_id, casebank_id, vignette_id) DO NOTHING
                        """,
                    arguments: arguments)
                try db.execute(
                    sql: """
                        INSERT INTO main.results (run_id, casebank_id, vignette_id, status, error, triage, gold_rank,
                            latency_ms, approximate, approximation_method, approximation_samples, unknown_codes)
                        SELECT run_id, casebank_id, vignette_id, status, error, triage, gold_rank,
                            latency_ms, approximate, approximation_method, approximation_samples, unknown_codes
                        FROM shard.results WHERE run_id = ?
                        """,
                    arguments: arguments)
                try db.execute(
                    sql: """
                        INSERT INTO main.differentials (run_id, casebank_id, vignette_id, rank, condition_id, probability)
                        SELECT run_id, casebank_id, vignette_id, rank, condition_id, probability
                        FROM shard.differentials WHERE run_id = ?
                        """,
                    arguments: arguments)
                try out.appendAudit(
                    db, .merge, runID: runID,
                    payload: AuditPayloads.merged(
                        shard: shard.run.shard, results: shard.keys.count, finishedAt: shard.run.finishedAt))
                return .commit
            }
        }
    }
}

/// Shard databases checked to form one whole run, not merged yet (``ShardMerger/plan(into:shards:)``).
public struct ShardMergePlan: Sendable {
    /// The database the merged run goes into.
    public let outPath: String
    /// The merged run as it will be stored: `running`, no shard, the earliest start, the jobs
    /// summed, the shards' policy (with its text when a shard kept it).
    public let run: RunRecord
    let casebanks: [CasebankIdentity]
    let inputs: [ShardMerger.ShardInput]
    let finishedAt: Date?
}
