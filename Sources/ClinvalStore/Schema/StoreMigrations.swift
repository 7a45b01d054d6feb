import GRDB

/// The schema's history: one migration per released schema version, and the code that applies
/// them.
///
/// Applied migrations are recorded in the table `grdb_migrations` (one row per identifier, the
/// table GRDB's `DatabaseMigrator` keeps, so files written by earlier clinval versions read the
/// same).
///
/// - Important: A migration is never edited once it has shipped; a schema change is a new migration
///   (`"v2"`, …). Migrations use plain SQL and never refer to the store's Swift types, so the record
///   types can change without changing history. The schema is documented in `docs/database.md`.
enum StoreMigrations {
    /// Every migration, in order: its identifier and its SQL.
    static let all: [(identifier: String, sql: String)] = [("v1", v1), ("v2", v2), ("v3", v3), ("v4", v4), ("v5", v5)]

    /// The identifiers of every migration, in order.
    static var identifiers: [String] { all.map(\.identifier) }

    /// What the schema of a database needs.
    enum State: Equatable {
        /// Every migration is applied, and no other.
        case current
        /// Some migrations are not applied yet (all of them for a new file).
        case behind
        /// The database holds migrations this clinval does not know: a newer clinval wrote it.
        case newer
    }

    /// Brings the schema of the database up to date.
    ///
    /// Several processes may open the same new file at the same moment (a parallel CI matrix on a
    /// fresh cache). So the schema is read and changed only under SQLite's write lock: one
    /// `BEGIN IMMEDIATE` transaction (which waits out the others' within the busy timeout) reads
    /// the applied migrations and applies the missing ones, all or none. The process that gets the
    /// lock first creates the schema; the others then find it complete and change nothing. A
    /// database that is current already is only read, in one read transaction (a consistent
    /// snapshot), and takes no write lock.
    ///
    /// - Throws: `StoreError` with code `newerSchema`, or the SQLite error.
    static func migrate(_ writer: any DatabaseWriter, path: String) throws {
        let seen = try writer.read { db in try state(db) }
        switch seen {
        case .current: return
        case .newer: throw newerSchemaError(path: path)
        case .behind: break
        }
        try writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                let applied = try appliedIdentifiers(db)
                if !applied.isSubset(of: identifiers) { throw newerSchemaError(path: path) }
                for migration in all where !applied.contains(migration.identifier) {
                    try db.execute(sql: migration.sql)
                    try db.execute(
                        sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
                }
                return .commit
            }
        }
    }

    /// The schema's state, read in the caller's transaction.
    static func state(_ db: Database) throws -> State {
        let hasTable = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations')"
        ) ?? false
        guard hasTable else { return .behind }
        let applied = try appliedIdentifiers(db)
        if !applied.isSubset(of: identifiers) { return .newer }
        return applied.count == identifiers.count ? .current : .behind
    }

    private static func appliedIdentifiers(_ db: Database) throws -> Set<String> {
        try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
    }

    private static func newerSchemaError(path: String) -> StoreError {
        StoreError(
            .newerSchema, "database was written by a newer clinval; its schema cannot be used by this version",
            path: path)
    }

    /// The first schema, migration `v1` (docs/database.md).
    ///
    /// The bulk tables (`vignettes`, `results`) spell their value checks with `OR`: SQLite builds
    /// a temporary table for each `IN` list of three or more values on every row inserted.
    ///
    /// `results` and `differentials` are `WITHOUT ROWID` tables: their rows live in primary-key
    /// order in one B-tree, so a bulk insert updates one tree instead of a table and an index.
    private static let v1 = """
        CREATE TABLE runs (
            run_id TEXT NOT NULL PRIMARY KEY,
            status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
            verdict TEXT CHECK (verdict IN ('pass', 'fail')),
            model_name TEXT NOT NULL,
            model_version TEXT NOT NULL,
            model_kind TEXT NOT NULL,
            model_sha256 TEXT NOT NULL,
            policy_sha256 TEXT,
            policy_gate TEXT,
            baseline_run_id TEXT,
            tool_version TEXT NOT NULL,
            git_commit TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            jobs INTEGER NOT NULL CHECK (jobs >= 1),
            shard_index INTEGER,
            shard_count INTEGER,
            seed INTEGER,
            bootstrap_resamples INTEGER,
            bootstrap_seed INTEGER,
            failure_reason TEXT,
            settings_json TEXT,
            CHECK ((shard_index IS NULL) = (shard_count IS NULL)),
            CHECK (shard_index IS NULL OR (shard_index >= 1 AND shard_index <= shard_count))
        );
        CREATE INDEX runs_model_name ON runs (model_name, status, verdict);

        CREATE TABLE run_casebanks (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
            casebank_id TEXT NOT NULL,
            casebank_version TEXT NOT NULL,
            casebank_sha256 TEXT NOT NULL,
            vignettes INTEGER NOT NULL CHECK (vignettes >= 0),
            title TEXT,
            source TEXT,
            PRIMARY KEY (run_id, casebank_id)
        );

        CREATE TABLE vignettes (
            run_id TEXT NOT NULL,
            casebank_id TEXT NOT NULL,
            vignette_id TEXT NOT NULL,
            casebank_version TEXT NOT NULL,
            age INTEGER NOT NULL,
            sex TEXT NOT NULL CHECK (sex IN ('female', 'male')),
            present_json TEXT NOT NULL,
            absent_json TEXT NOT NULL,
            summary TEXT,
            gold_diagnosis TEXT NOT NULL,
            also_correct_json TEXT NOT NULL,
            gold_differential_json TEXT,
            gold_triage_lo TEXT NOT NULL CHECK (
                gold_triage_lo = 'self_care' OR gold_triage_lo = 'routine' OR gold_triage_lo = 'urgent' OR gold_triage_lo = 'emergency'),
            gold_triage_hi TEXT NOT NULL CHECK (
                gold_triage_hi = 'self_care' OR gold_triage_hi = 'routine' OR gold_triage_hi = 'urgent' OR gold_triage_hi = 'emergency'),
            must_pass INTEGER NOT NULL CHECK (must_pass IN (0, 1)),
            tags_json TEXT NOT NULL,
            PRIMARY KEY (run_id, casebank_id, vignette_id),
            FOREIGN KEY (run_id, casebank_id)
                REFERENCES run_casebanks (run_id, casebank_id) ON DELETE CASCADE
        );

        CREATE TABLE results (
            run_id TEXT NOT NULL,
            casebank_id TEXT NOT NULL,
            vignette_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status = 'ok' OR status = 'error' OR status = 'timeout'),
            error TEXT,
            triage TEXT CHECK (
                triage = 'self_care' OR triage = 'routine' OR triage = 'urgent' OR triage = 'emergency'),
            gold_rank INTEGER CHECK (gold_rank >= 1),
            latency_ms REAL,
            approximate INTEGER NOT NULL CHECK (approximate IN (0, 1)),
            approximation_method TEXT,
            approximation_samples INTEGER,
            unknown_codes INTEGER NOT NULL DEFAULT 0 CHECK (unknown_codes >= 0),
            PRIMARY KEY (run_id, casebank_id, vignette_id),
            FOREIGN KEY (run_id, casebank_id, vignette_id)
                REFERENCES vignettes (run_id, casebank_id, vignette_id) ON DELETE CASCADE
        ) WITHOUT ROWID;

        -- No foreign key to results: checking one per row costs a fifth of the bulk insert. The
        -- store writes a result's rows with the result, in one transaction, and the trigger below
        -- deletes them with it.
        CREATE TABLE differentials (
            run_id TEXT NOT NULL,
            casebank_id TEXT NOT NULL,
            vignette_id TEXT NOT NULL,
            rank INTEGER NOT NULL CHECK (rank >= 1),
            condition_id TEXT NOT NULL,
            probability REAL NOT NULL,
            PRIMARY KEY (run_id, casebank_id, vignette_id, rank)
        ) WITHOUT ROWID;
        CREATE TRIGGER results_delete_differentials AFTER DELETE ON results BEGIN
            DELETE FROM differentials
            WHERE run_id = old.run_id AND casebank_id = old.casebank_id AND vignette_id = old.vignette_id;
        END;

        CREATE TABLE metrics (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
            scope TEXT NOT NULL,
            metric TEXT NOT NULL,
            position INTEGER NOT NULL,
            value REAL,
            ci_lower REAL,
            ci_upper REAL,
            ci_upper_exact REAL,
            n INTEGER NOT NULL CHECK (n >= 0),
            PRIMARY KEY (run_id, scope, metric)
        );

        CREATE TABLE criteria (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
            criterion_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            metric TEXT NOT NULL,
            scope TEXT NOT NULL,
            severity TEXT NOT NULL CHECK (severity IN ('blocking', 'warning')),
            passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
            observed REAL,
            threshold REAL,
            message TEXT NOT NULL,
            use TEXT NOT NULL,
            baseline_value REAL,
            difference REAL,
            difference_ci_lower REAL,
            difference_ci_upper REAL,
            p_value REAL,
            paired_n INTEGER,
            PRIMARY KEY (run_id, criterion_id)
        );
        """

    /// Criterion details the outputs need to be written again from the database alone: the
    /// outcome kind (met, too few cases, no baseline run, …), the direction of the comparison and,
    /// for a baseline criterion, the baseline run and the candidate's value. One JSON object, so
    /// details can grow without a migration.
    private static let v2 = """
        ALTER TABLE criteria ADD COLUMN details_json TEXT;
        """

    /// The policy's text with the run, beside its sha256, so that `clinval merge` (and `clinval
    /// gate`) can decide with the policy a run was made with without the file being given again.
    private static let v3 = """
        ALTER TABLE runs ADD COLUMN policy_text TEXT;
        """
}
