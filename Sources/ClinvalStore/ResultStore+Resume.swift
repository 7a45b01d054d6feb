import ClinvalCore
import GRDB

extension ResultStore {
    /// The vignettes of a run whose results are committed: `--resume` skips them.
    ///
    /// - Throws: `StoreError` with code `database`.
    public func completedVignetteKeys(runID: String) throws -> Set<VignetteKey> {
        try read("read finished vignettes of run \(quoted(runID))") { db in
            var keys = Set<VignetteKey>()
            let rows = try Row.fetchCursor(
                db, sql: "SELECT casebank_id, vignette_id FROM results WHERE run_id = ?", arguments: [runID])
            while let row = try rows.next() {
                keys.insert(VignetteKey(casebankID: try row.decode(atIndex: 0), vignetteID: try row.decode(atIndex: 1)))
            }
            return keys
        }
    }

    /// Reopens a killed or failed run for `--resume`, after checking that the model, the banks and
    /// the shard are the ones it started with.
    ///
    /// The run goes back to `running` (its end time, verdict and failure reason are cleared), and
    /// the audit trail gains a `run_started` entry marked `resumed`; its committed results stay,
    /// and ``completedVignetteKeys(runID:)`` names them.
    ///
    /// - Parameters:
    ///   - runID: The run to resume.
    ///   - model: The model given now.
    ///   - casebanks: The banks given now.
    ///   - shard: The shard given now (nil for a whole run).
    /// - Returns: The stored run, now `running`; its settings (seed, start time, …) are the run's.
    /// - Throws: `StoreError` with code `runNotFound`, `runNotResumable` (the run is complete),
    ///   `identityMismatch` naming every difference, or `database`.
    public func resumeRun(
        id runID: String, model: ModelIdentity, casebanks: [CasebankIdentity], shard: Shard?
    ) throws -> RunRecord {
        try write("resume run \(quoted(runID))") { db in
            guard let stored = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE run_id = ?", arguments: [runID])
                .map(RowDecoding.run)
            else {
                throw StoreError(.runNotFound, "no run with id \(quoted(runID)) to resume", path: path)
            }
            if stored.status == .complete {
                throw StoreError(.runNotResumable, "run \(quoted(runID)) is complete; there is nothing to resume", path: path)
            }
            let storedBanks = try Row.fetchAll(
                db, sql: "SELECT * FROM run_casebanks WHERE run_id = ? ORDER BY casebank_id", arguments: [runID]
            ).map(RowDecoding.casebank)
            let differences = Self.identityDifferences(
                stored: (stored.model, storedBanks, stored.shard), current: (model, casebanks, shard))
            if !differences.isEmpty {
                throw StoreError(
                    .identityMismatch,
                    "cannot resume run \(quoted(runID)): " + differences.joined(separator: "; "), path: path)
            }
            try db.execute(
                sql: """
                    UPDATE runs SET status = 'running', verdict = NULL, finished_at = NULL, failure_reason = NULL
                    WHERE run_id = ?
                    """,
                arguments: [runID])
            let results = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results WHERE run_id = ?", arguments: [runID]) ?? 0
            try appendAudit(db, .runStarted, runID: runID, payload: AuditPayloads.resumed(stored, results: results))
            var reopened = stored
            reopened.status = .running
            reopened.verdict = nil
            reopened.finishedAt = nil
            reopened.failureReason = nil
            return reopened
        }
    }

    /// What differs between a stored run's model, banks and shard and the current ones, one
    /// fragment per difference (empty when they match).
    static func identityDifferences(
        stored: (model: ModelIdentity, banks: [CasebankIdentity], shard: Shard?),
        current: (model: ModelIdentity, banks: [CasebankIdentity], shard: Shard?)
    ) -> [String] {
        var differences: [String] = []
        if stored.model.sha256 != current.model.sha256 {
            differences.append(
                "model sha256 differs (run has \(stored.model.sha256), now \(current.model.sha256))")
        }
        let storedBanks = Dictionary(stored.banks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let currentBanks = Dictionary(current.banks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in Set(storedBanks.keys).union(currentBanks.keys).sorted() {
            switch (storedBanks[id], currentBanks[id]) {
            case let (old?, new?):
                if old.version != new.version {
                    differences.append(
                        "bank \(quoted(id)) version differs (run has \(quoted(old.version)), now \(quoted(new.version)))")
                } else if old.sha256 != new.sha256 {
                    differences.append("bank \(quoted(id)) sha256 differs (run has \(old.sha256), now \(new.sha256))")
                }
            case (_?, nil):
                differences.append("bank \(quoted(id)) of the run is not given now")
            case (nil, _?):
                differences.append("bank \(quoted(id)) is not part of the run")
            case (nil, nil):
                break
            }
        }
        if stored.shard != current.shard {
            differences.append(
                "shard differs (run has \(stored.shard?.description ?? "none"), now \(current.shard?.description ?? "none"))")
        }
        return differences
    }
}
