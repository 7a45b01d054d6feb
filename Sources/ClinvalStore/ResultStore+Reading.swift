import ClinvalCore
import Foundation
import GRDB

extension ResultStore {
    /// The run with the given id, or nil.
    ///
    /// - Throws: `StoreError` with code `database`.
    public func run(id runID: String) throws -> RunRecord? {
        try read("read run \(quoted(runID))") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE run_id = ?", arguments: [runID]).map { row in
                try RowDecoding.reading(runID: runID, "its row in runs") { try RowDecoding.run(row) }
            }
        }
    }

    /// Every run, oldest first, for `clinval runs`.
    ///
    /// - Throws: `StoreError` with code `database`.
    public func runs() throws -> [RunListEntry] {
        try read("list runs") { db in
            var banks: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT run_id, casebank_id, casebank_version FROM run_casebanks ORDER BY run_id, casebank_id")
            {
                let runID: String = try row.decode(atIndex: 0)
                let bank: String = try row.decode(atIndex: 1)
                let version: String = try row.decode(atIndex: 2)
                banks[runID, default: []].append("\(bank)@\(version)")
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY started_at, run_id").map { row in
                let run = try Self.decodeRun(row)
                return RunListEntry(
                    runID: run.runID, status: run.status, verdict: run.verdict, startedAt: run.startedAt,
                    finishedAt: run.finishedAt, modelName: run.model.name, modelVersion: run.model.version,
                    casebanks: banks[run.runID] ?? [], shard: run.shard)
            }
        }
    }

    /// The latest complete, passing run of a model name (`--baseline latest-pass`): the one that
    /// finished last.
    ///
    /// - Throws: `StoreError` with code `database`.
    public func latestPassingRun(modelName: String) throws -> RunRecord? {
        try read("find the latest passing run of model \(quoted(modelName))") { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM runs
                    WHERE model_name = ? AND status = 'complete' AND verdict = 'pass'
                    ORDER BY finished_at DESC, started_at DESC, run_id DESC
                    LIMIT 1
                    """,
                arguments: [modelName]
            ).map(Self.decodeRun)
        }
    }

    /// The banks of a run, ordered by id.
    ///
    /// - Throws: `StoreError` with code `database`.
    public func casebanks(runID: String) throws -> [CasebankIdentity] {
        try read("read banks of run \(quoted(runID))") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM run_casebanks WHERE run_id = ? ORDER BY casebank_id", arguments: [runID]
            ).map { row in
                try RowDecoding.reading(runID: runID, "bank \(RowDecoding.label(row, 1))") { try RowDecoding.casebank(row) }
            }
        }
    }

    /// The vignettes (inputs and gold labels) of a run, ordered by bank id and vignette id.
    ///
    /// - Throws: `StoreError` with code `database`.
    public func vignettes(runID: String) throws -> [VignetteRecord] {
        try read("read vignettes of run \(quoted(runID))") { db in try fetchVignettes(db, runID: runID, key: nil) }
    }

    /// One vignette (inputs and gold labels) of a run, or `nil` when the run has no such vignette.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func vignette(runID: String, key: VignetteKey) throws -> VignetteRecord? {
        try read("read vignette \(quoted(key.description)) of run \(quoted(runID))") { db in
            try fetchVignettes(db, runID: runID, key: key).first
        }
    }

    /// The vignettes of a run, or the one with `key`, ordered by bank id and vignette id.
    private func fetchVignettes(_ db: Database, runID: String, key: VignetteKey?) throws -> [VignetteRecord] {
        let decoder = JSONDecoder()
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT casebank_id, vignette_id, casebank_version, age, sex, present_json, absent_json, summary,
                    gold_diagnosis, also_correct_json, gold_differential_json, gold_triage_lo, gold_triage_hi,
                    must_pass, tags_json
                FROM vignettes WHERE run_id = ?\(key == nil ? "" : " AND casebank_id = ? AND vignette_id = ?")
                ORDER BY casebank_id, vignette_id
                """,
            arguments: StatementArguments([runID] + (key.map { [$0.casebankID, $0.vignetteID] } ?? [])))
        var vignettes: [VignetteRecord] = []
        while let row = try rows.next() {
            let vignette = try RowDecoding.reading(runID: runID, "vignette \(RowDecoding.keyLabel(row, 0, 1))") {
                let goldDifferential: String? = try row.decode(atIndex: 10)
                return VignetteRecord(
                    casebankID: try row.decode(atIndex: 0),
                    vignetteID: try row.decode(atIndex: 1),
                    casebankVersion: try row.decode(atIndex: 2),
                    age: try row.decode(atIndex: 3),
                    sex: try RowDecoding.enumValue(Sex.self, try row.decode(atIndex: 4), column: "vignettes.sex"),
                    present: try JSONList.decode(try row.decode(atIndex: 5), decoder: decoder),
                    absent: try JSONList.decode(try row.decode(atIndex: 6), decoder: decoder),
                    summary: try row.decode(atIndex: 7),
                    goldDiagnosis: try row.decode(atIndex: 8),
                    alsoCorrect: try JSONList.decode(try row.decode(atIndex: 9), decoder: decoder),
                    goldDifferential: try goldDifferential.map { try JSONList.decode($0, decoder: decoder) },
                    goldTriageLow: try RowDecoding.enumValue(
                        TriageLevel.self, try row.decode(atIndex: 11), column: "vignettes.gold_triage_lo"),
                    goldTriageHigh: try RowDecoding.enumValue(
                        TriageLevel.self, try row.decode(atIndex: 12), column: "vignettes.gold_triage_hi"),
                    mustPass: try row.decode(atIndex: 13),
                    tags: try JSONList.decode(try row.decode(atIndex: 14), decoder: decoder))
            }
            vignettes.append(vignette)
        }
        return vignettes
    }

    /// How many results of a run are stored, counted by the database (no result is loaded).
    ///
    /// - Throws: `StoreError` with code `database`.
    public func resultCount(runID: String) throws -> Int {
        try read("count results of run \(quoted(runID))") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results WHERE run_id = ?", arguments: [runID]) ?? 0
        }
    }

    /// Every result of a run with its differential, ordered by bank id and vignette id.
    ///
    /// - Throws: `StoreError` with code `database`.
    public func results(runID: String) throws -> [ResultRecord] {
        var results: [ResultRecord] = []
        try forEachResult(runID: runID) { results.append($0) }
        return results
    }

    /// Streams the results of a run with their differentials, ordered by bank id and vignette id,
    /// without holding them all in memory.
    ///
    /// - Important: `body` runs inside the store's read access: it must not call the store.
    /// - Throws: `StoreError` with code `database`, or what `body` throws.
    public func forEachResult(runID: String, _ body: (ResultRecord) throws -> Void) throws {
        try read("read results of run \(quoted(runID))") { db in try eachResult(db, runID: runID, key: nil, body) }
    }

    /// One result of a run with its differential, or `nil` when the vignette has none.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func result(runID: String, key: VignetteKey) throws -> ResultRecord? {
        try read("read the result of vignette \(quoted(key.description)) of run \(quoted(runID))") { db in
            var found: ResultRecord?
            try eachResult(db, runID: runID, key: key) { found = $0 }
            return found
        }
    }

    /// Walks the results of a run, or the one with `key`, in key order.
    private func eachResult(
        _ db: Database, runID: String, key only: VignetteKey?, _ body: (ResultRecord) throws -> Void
    ) throws {
        let filter = only == nil ? "" : " AND casebank_id = ? AND vignette_id = ?"
        let arguments = StatementArguments([runID] + (only.map { [$0.casebankID, $0.vignetteID] } ?? []))
        let results = try Row.fetchCursor(
            db,
            sql: """
                SELECT casebank_id, vignette_id, status, error, triage, gold_rank, latency_ms, approximate,
                    approximation_method, approximation_samples, unknown_codes
                FROM results WHERE run_id = ?\(filter) ORDER BY casebank_id, vignette_id
                """,
            arguments: arguments)
        // Both cursors walk the same key order, so each result's entries are the next rows.
        let entries = try Row.fetchCursor(
            db,
            sql: """
                SELECT casebank_id, vignette_id, rank, condition_id, probability
                FROM differentials WHERE run_id = ?\(filter) ORDER BY casebank_id, vignette_id, rank
                """,
            arguments: arguments)
        var pending: (key: VignetteKey, entry: RankedCondition)?
        func nextEntry() throws -> (key: VignetteKey, entry: RankedCondition)? {
            guard let row = try entries.next() else { return nil }
            return try RowDecoding.reading(runID: runID, "differential of vignette \(RowDecoding.keyLabel(row, 0, 1))") {
                (
                    VignetteKey(casebankID: try row.decode(atIndex: 0), vignetteID: try row.decode(atIndex: 1)),
                    RankedCondition(condition: try row.decode(atIndex: 3), probability: try row.decode(atIndex: 4))
                )
            }
        }
        pending = try nextEntry()
        while let row = try results.next() {
            var result = try RowDecoding.reading(runID: runID, "result of vignette \(RowDecoding.keyLabel(row, 0, 1))") {
                let method: String? = try row.decode(atIndex: 8)
                let approximate: Bool = try row.decode(atIndex: 7)
                return ResultRecord(
                    casebankID: try row.decode(atIndex: 0),
                    vignetteID: try row.decode(atIndex: 1),
                    status: try RowDecoding.enumValue(AnswerStatus.self, try row.decode(atIndex: 2), column: "results.status"),
                    error: try row.decode(atIndex: 3),
                    triage: try RowDecoding.optionalEnum(TriageLevel.self, try row.decode(atIndex: 4), column: "results.triage"),
                    goldRank: try row.decode(atIndex: 5),
                    latencyMS: try row.decode(atIndex: 6),
                    approximation: approximate
                        ? Approximation(method: method ?? "unknown", samples: try row.decode(atIndex: 9)) : nil,
                    unknownCodes: try row.decode(atIndex: 10))
            }
            let key = result.key
            // Skip entries of keys before this one (none exist while foreign keys hold).
            while let current = pending, current.key < key {
                pending = try nextEntry()
            }
            while let current = pending, current.key == key {
                result.differential.append(current.entry)
                pending = try nextEntry()
            }
            try body(result)
        }
    }

    /// The metrics of a run scored against one labels mode, in the order they were stored.
    ///
    /// - Throws: `StoreError` with code `database`, or `unreadableRecord` for a row whose scope
    ///   does not parse.
    public func metrics(runID: String, labels: LabelsMode = .asLabelled) throws -> [MetricValue] {
        try read("read metrics of run \(quoted(runID))") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT scope, metric, value, ci_lower, ci_upper, ci_upper_exact, n
                    FROM metrics WHERE run_id = ? AND labels = ? ORDER BY position
                    """,
                arguments: [runID, labels.rawValue]
            ).map { row in
                try RowDecoding.reading(
                    runID: runID, "metric \(RowDecoding.label(row, 1)) of scope \(RowDecoding.label(row, 0))"
                ) {
                    MetricValue(
                        scope: try RowDecoding.scope(try row.decode(atIndex: 0)), metric: try row.decode(atIndex: 1),
                        value: try row.decode(atIndex: 2), ciLower: try row.decode(atIndex: 3),
                        ciUpper: try row.decode(atIndex: 4), ciUpperExact: try row.decode(atIndex: 5),
                        n: try row.decode(atIndex: 6))
                }
            }
        }
    }

    /// The gate criteria of a run decided with one labels mode, in policy order.
    ///
    /// - Throws: `StoreError` with code `database`.
    public func criteria(runID: String, labels: LabelsMode = .asLabelled) throws -> [CriterionRecord] {
        try read("read criteria of run \(quoted(runID))") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT criterion_id, metric, scope, severity, passed, observed, threshold, message, use,
                        baseline_value, difference, difference_ci_lower, difference_ci_upper, p_value, paired_n,
                        details_json
                    FROM criteria WHERE run_id = ? AND labels = ? ORDER BY position
                    """,
                arguments: [runID, labels.rawValue]
            ).map { row in
                try RowDecoding.reading(runID: runID, "criterion \(RowDecoding.label(row, 0))") {
                    let pairedN: Int? = try row.decode(atIndex: 14)
                    return CriterionRecord(
                        criterionID: try row.decode(atIndex: 0),
                        metric: try row.decode(atIndex: 1),
                        scope: try row.decode(atIndex: 2),
                        severity: try RowDecoding.enumValue(
                            CriterionSeverity.self, try row.decode(atIndex: 3), column: "criteria.severity"),
                        passed: try row.decode(atIndex: 4),
                        observed: try row.decode(atIndex: 5),
                        threshold: try row.decode(atIndex: 6),
                        message: try row.decode(atIndex: 7),
                        use: try row.decode(atIndex: 8),
                        baseline: try pairedN.map { pairedN in
                            BaselineFigures(
                                runID: nil, baselineValue: try row.decode(atIndex: 9), difference: try row.decode(atIndex: 10),
                                differenceCILower: try row.decode(atIndex: 11),
                                differenceCIUpper: try row.decode(atIndex: 12), pValue: try row.decode(atIndex: 13),
                                pairedN: pairedN)
                        },
                        detailsJSON: try row.decode(atIndex: 15))
                }
            }
        }
    }

    /// A run from a `SELECT * FROM runs` row, naming the run in an error.
    static func decodeRun(_ row: Row) throws -> RunRecord {
        let runID = ((try? row.decode(String?.self, forColumn: "run_id")) ?? nil) ?? "?"
        return try RowDecoding.reading(runID: runID, "its row in runs") { try RowDecoding.run(row) }
    }
}
