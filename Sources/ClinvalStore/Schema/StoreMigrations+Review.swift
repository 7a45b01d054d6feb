extension StoreMigrations {
    /// Clinical review and the audit trail, migration `v4` (docs/database.md).
    ///
    /// - `adjudications`, `waivers` and `signatures`: the clinicians' records. They carry the run
    ///   they were made on, without a foreign key: a record of what a person did outlives the run
    ///   it was made on, as the audit trail does.
    /// - `audit_log`: the hash-chained trail. `UNIQUE (prev_sha256)` means two entries can never
    ///   follow the same one (the chain cannot fork); a trigger refuses an entry that does not
    ///   extend the head (its `seq` one more than the last, its `prev_sha256` the last `sha256`, or
    ///   64 zeros for the first), and two triggers refuse every `UPDATE` and `DELETE`.
    /// - `metrics` and `criteria` gain `labels` (which labels the decision scored against), part of
    ///   their primary keys, so a run can hold a decision in each mode. SQLite cannot change a
    ///   primary key in place, so both tables are rebuilt, their rows copied as `as-labelled`.
    ///   Nothing refers to either table, so dropping the old ones with foreign keys on is safe.
    /// - `runs.labels`: the labels mode of the run's current decision.
    static let v4 = """
        CREATE TABLE adjudications (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            casebank_id TEXT NOT NULL CHECK (casebank_id <> ''),
            vignette_id TEXT NOT NULL CHECK (vignette_id <> ''),
            vignette_digest TEXT NOT NULL CHECK (length(vignette_digest) = 64),
            run_id TEXT NOT NULL,
            conclusion TEXT NOT NULL CHECK (
                conclusion IN ('model_error', 'label_error', 'acceptable_alternative', 'unclear')),
            diagnosis TEXT,
            also_correct_json TEXT NOT NULL DEFAULT '[]',
            triage_lo TEXT CHECK (triage_lo IN ('self_care', 'routine', 'urgent', 'emergency')),
            triage_hi TEXT CHECK (triage_hi IN ('self_care', 'routine', 'urgent', 'emergency')),
            reviewer TEXT NOT NULL CHECK (reviewer <> ''),
            comment TEXT,
            created_at TEXT NOT NULL,
            CHECK ((triage_lo IS NULL) = (triage_hi IS NULL))
        );
        CREATE INDEX adjudications_vignette ON adjudications (casebank_id, vignette_id, id);
        CREATE INDEX adjudications_run ON adjudications (run_id);

        CREATE TABLE waivers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            model_name TEXT NOT NULL,
            model_version TEXT NOT NULL,
            model_sha256 TEXT NOT NULL CHECK (length(model_sha256) = 64),
            casebanks_sha256 TEXT NOT NULL CHECK (length(casebanks_sha256) = 64),
            policy_sha256 TEXT NOT NULL CHECK (length(policy_sha256) = 64),
            criterion_id TEXT NOT NULL CHECK (criterion_id <> ''),
            run_id TEXT NOT NULL,
            observed_at_grant REAL NOT NULL,
            value_at_grant REAL,
            approver TEXT NOT NULL CHECK (approver <> ''),
            role TEXT NOT NULL CHECK (role <> ''),
            reason TEXT NOT NULL CHECK (reason <> ''),
            hazard TEXT,
            expires_on TEXT NOT NULL CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            granted_at TEXT NOT NULL
        );
        CREATE INDEX waivers_lookup
            ON waivers (model_name, model_version, model_sha256, casebanks_sha256, policy_sha256, criterion_id);
        CREATE INDEX waivers_run ON waivers (run_id);

        CREATE TABLE signatures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            name TEXT NOT NULL CHECK (name <> ''),
            role TEXT NOT NULL CHECK (role <> ''),
            meaning TEXT NOT NULL CHECK (meaning IN ('reviewed', 'approved')),
            decision_sha256 TEXT NOT NULL CHECK (length(decision_sha256) = 64),
            comment TEXT,
            signed_at TEXT NOT NULL
        );
        CREATE INDEX signatures_run ON signatures (run_id, id);

        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY CHECK (seq >= 1),
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action <> '' AND action NOT GLOB '*[^a-z_]*'),
            run_id TEXT,
            payload_json TEXT NOT NULL,
            prev_sha256 TEXT NOT NULL UNIQUE CHECK (length(prev_sha256) = 64),
            sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64)
        );
        CREATE INDEX audit_log_run ON audit_log (run_id, seq);
        CREATE TRIGGER audit_log_extends_head BEFORE INSERT ON audit_log
        WHEN new.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log)
            OR new.prev_sha256 IS NOT COALESCE(
                (SELECT sha256 FROM audit_log ORDER BY seq DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000')
        BEGIN
            SELECT RAISE(ABORT, 'audit_log: an entry must extend the head of the chain');
        END;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
            SELECT RAISE(ABORT, 'audit_log is append-only');
        END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
            SELECT RAISE(ABORT, 'audit_log is append-only');
        END;

        ALTER TABLE runs ADD COLUMN labels TEXT NOT NULL DEFAULT 'as-labelled'
            CHECK (labels IN ('as-labelled', 'adjudicated'));
        ALTER TABLE runs ADD COLUMN decision_sha256 TEXT
            CHECK (decision_sha256 IS NULL OR length(decision_sha256) = 64);

        CREATE TABLE metrics_v4 (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
            scope TEXT NOT NULL,
            metric TEXT NOT NULL,
            position INTEGER NOT NULL,
            value REAL,
            ci_lower REAL,
            ci_upper REAL,
            ci_upper_exact REAL,
            n INTEGER NOT NULL CHECK (n >= 0),
            labels TEXT NOT NULL DEFAULT 'as-labelled' CHECK (labels IN ('as-labelled', 'adjudicated')),
            PRIMARY KEY (run_id, labels, scope, metric)
        );
        INSERT INTO metrics_v4 (run_id, scope, metric, position, value, ci_lower, ci_upper, ci_upper_exact, n, labels)
        SELECT run_id, scope, metric, position, value, ci_lower, ci_upper, ci_upper_exact, n, 'as-labelled'
        FROM metrics;
        DROP TABLE metrics;
        ALTER TABLE metrics_v4 RENAME TO metrics;

        CREATE TABLE criteria_v4 (
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
            details_json TEXT,
            labels TEXT NOT NULL DEFAULT 'as-labelled' CHECK (labels IN ('as-labelled', 'adjudicated')),
            PRIMARY KEY (run_id, labels, criterion_id)
        );
        INSERT INTO criteria_v4 (run_id, criterion_id, position, metric, scope, severity, passed, observed, threshold,
            message, use, baseline_value, difference, difference_ci_lower, difference_ci_upper, p_value, paired_n,
            details_json, labels)
        SELECT run_id, criterion_id, position, metric, scope, severity, passed, observed, threshold,
            message, use, baseline_value, difference, difference_ci_lower, difference_ci_upper, p_value, paired_n,
            details_json, 'as-labelled'
        FROM criteria;
        DROP TABLE criteria;
        ALTER TABLE criteria_v4 RENAME TO criteria;
        """
}
