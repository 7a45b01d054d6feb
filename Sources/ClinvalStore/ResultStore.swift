import ClinvalCore
import Foundation
import GRDB

/// The results database of clinval (docs/database.md): runs, their banks, gold labels, results,
/// differentials, metrics and gate criteria, the clinicians' adjudications, waivers and
/// signatures, and the hash-chained audit trail, in one SQLite file.
///
/// Each operation that changes the state of a run or of its review appends its entry to the
/// audit trail in the same transaction, naming ``actor`` at the time of ``now``.
///
/// The store follows GRDB's `AppDatabase` pattern: one connection per file, migrations run when it
/// opens, and each public method is one transaction that leaves the database consistent. The file
/// is opened in WAL mode with `synchronous=NORMAL`: a killed process never loses a committed
/// transaction nor leaves a half-written one (a power loss may lose the last commits, never
/// corrupt the file). The run's single writer commits results in batches:
///
/// ```swift
/// let store = try ResultStore(path: "reports/clinval.sqlite")
/// try store.beginRun(run, casebanks: banks)
/// try store.storeVignettes(goldLabels, runID: run.runID)
/// for batch in batches { try store.commit(results: batch, runID: run.runID) }
/// try store.storeDecision(decision, runID: run.runID)   // metrics, criteria, verdict: complete
/// ```
///
/// ## Topics
/// ### Opening
/// - ``init(path:actor:now:)``
/// - ``inMemory(actor:now:)``
/// ### Writing a run
/// - ``beginRun(_:casebanks:)``
/// - ``storeVignettes(_:runID:)``
/// - ``commit(results:runID:)``
/// - ``storeDecision(_:runID:)``
/// - ``markComplete(runID:verdict:finishedAt:)``
/// - ``markFailed(runID:reason:finishedAt:)``
/// ### Resuming
/// - ``resumeRun(id:model:casebanks:shard:)``
/// - ``completedVignetteKeys(runID:)``
/// ### Reading
/// - ``run(id:)``
/// - ``runs()``
/// - ``latestPassingRun(modelName:)``
/// ### Clinical review
/// - ``recordAdjudication(_:)``
/// - ``adjudications(of:)``
/// - ``standingAdjudications(for:)``
/// - ``recordWaiver(_:)``
/// - ``waivers(runID:)``
/// - ``waivers(model:casebanksSHA256:policySHA256:criterionID:)``
/// - ``recordSignature(_:)``
/// - ``signatures(runID:)``
/// ### The audit trail
/// - ``actor``
/// - ``auditHead()``
/// - ``auditEntries(runID:)``
/// - ``verifyAudit()``
///
/// - Important: Open a file with one `ResultStore` at a time per process (GRDB's rule 1); the
///   value can be shared between tasks.
public struct ResultStore: Sendable {
    /// The database file, or `:memory:`.
    public let path: String
    /// Who the entries this store appends to the audit trail name: the name given and the
    /// operating-system user and host (`Dr A. Jones (ajones@ci-7)`), or `user@host`.
    public var actor: String
    /// The clock of the audit trail's entries (`audit_log.at`).
    public var now: @Sendable () -> Date
    private let dbWriter: any DatabaseWriter

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    ///
    /// The file's folder must exist.
    ///
    /// - Parameters:
    ///   - path: The database file.
    ///   - actor: Who the audit entries appended through this value name (``actor``).
    ///   - now: The clock of those entries.
    /// - Throws: `StoreError` with code `cannotOpen` (folder missing, not an SQLite file, not
    ///   writable) or `newerSchema` (written by a newer clinval).
    public init(
        path: String, actor: String = ResultStore.defaultActor, now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            throw StoreError(.cannotOpen, "cannot open database: folder \(quoted(folder, limit: 200)) does not exist", path: path)
        }
        // Other processes may be creating, switching or migrating the same file at this moment
        // (a parallel CI matrix on a fresh cache): each step waits for them, up to the busy
        // timeout in all.
        let deadline = Date().addingTimeInterval(Self.busyTimeout)
        let queue: DatabaseQueue
        do {
            queue = try Self.retryingWhileBusy(until: deadline) {
                let queue = try DatabaseQueue(path: path, configuration: Self.makeConfiguration())
                try queue.writeWithoutTransaction(Self.setUpWAL)
                return queue
            }
        } catch var error as StoreError {
            if error.path == nil { error.path = path }
            throw error
        } catch {
            throw Self.openError(error, path: path)
        }
        try self.init(path: path, writer: queue, deadline: deadline, actor: actor, now: now)
    }

    /// An empty database in memory, for tests.
    ///
    /// - Throws: `StoreError` if SQLite cannot create it.
    public static func inMemory(
        actor: String = ResultStore.defaultActor, now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> ResultStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: makeConfiguration())
        } catch {
            throw StoreError(.cannotOpen, "cannot open database", path: ":memory:", underlying: error)
        }
        return try ResultStore(
            path: ":memory:", writer: queue, deadline: Date().addingTimeInterval(busyTimeout), actor: actor, now: now)
    }

    private init(
        path: String, writer: any DatabaseWriter, deadline: Date, actor: String, now: @escaping @Sendable () -> Date
    ) throws {
        self.path = path
        self.actor = actor
        self.now = now
        self.dbWriter = writer
        do {
            try Self.retryingWhileBusy(until: deadline) { try StoreMigrations.migrate(writer, path: path) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.openError(error, path: path)
        }
    }

    /// The actor of a store opened without one: `user@host`, the operating-system user and the
    /// host name.
    public static var defaultActor: String {
        "\(operatingSystemUser)@\(ProcessInfo.processInfo.hostName)"
    }

    /// The name of the operating-system user running this process: the account's name, else
    /// `$USER`, else `uid N` (a container user without an account).
    public static var operatingSystemUser: String {
        let name = ProcessInfo.processInfo.userName
        if !name.isEmpty { return name }
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        return "uid \(geteuid())"
    }

    /// The error for a file that cannot be opened or migrated.
    private static func openError(_ error: any Error, path: String) -> StoreError {
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_NOTADB {
            return StoreError(.cannotOpen, "cannot open database: not an SQLite database", path: path)
        }
        return StoreError(.cannotOpen, "cannot open database", path: path, underlying: error)
    }

    /// How long a statement waits for another connection holding the file, and how long opening
    /// waits in all, in seconds.
    static let busyTimeout: TimeInterval = 10

    /// Foreign keys, and a busy timeout so another connection holding the file briefly does not
    /// fail a write. The WAL journal is set up by ``setUpWAL(_:)`` once the file is open.
    private static func makeConfiguration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "clinval.store"
        return config
    }

    /// Switches the file to WAL mode (a no-op when it is already), with `synchronous=NORMAL`.
    ///
    /// Switching a new file takes an exclusive lock without SQLite's busy handler (two
    /// connections that each read the file and then want to switch it would wait for each other
    /// forever), so it fails with `SQLITE_BUSY` while another connection reads or switches the
    /// file; ``retryingWhileBusy(until:_:)`` tries again.
    private static func setUpWAL(_ db: Database) throws {
        let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        guard mode == "wal" else {
            throw StoreError(.cannotOpen, "cannot open database: cannot switch it to WAL mode (journal mode \(mode ?? "unknown"))")
        }
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }

    /// Runs `body` until it does not fail with `SQLITE_BUSY` or the deadline passes, pausing a few
    /// milliseconds (at random, so that competing processes do not retry in step) between tries.
    ///
    /// Only for steps that are all or nothing: opening, switching the journal, migrating.
    ///
    /// The pause is a short blocking sleep, not a task's: the step is a synchronous GRDB call that
    /// already holds its thread, and the switch to WAL cannot use GRDB's busy timeout (see
    /// ``setUpWAL(_:)``). It happens only while another process holds a new file, at opening.
    static func retryingWhileBusy<T>(until deadline: Date, _ body: () throws -> T) throws -> T {
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(UInt32.random(in: 2_000...20_000))
            }
        }
    }

    // MARK: - Access with errors translated

    /// Runs `body` in one write transaction, translating SQLite errors into `StoreError`s that name
    /// the file and what was being done.
    func write<T>(_ action: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try dbWriter.write(body)
        } catch var error as StoreError {
            if error.path == nil { error.path = path }
            throw error
        } catch {
            throw StoreError(.database, "cannot \(action)", path: path, underlying: error)
        }
    }

    /// Runs `body` with read access, translating errors as ``write(_:_:)`` does.
    func read<T>(_ action: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try dbWriter.read(body)
        } catch var error as StoreError {
            if error.path == nil { error.path = path }
            throw error
        } catch {
            throw StoreError(.database, "cannot \(action)", path: path, underlying: error)
        }
    }

    /// Runs `body` outside of any transaction (for `ATTACH`, which a transaction forbids).
    func writeWithoutTransaction<T>(_ action: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try dbWriter.writeWithoutTransaction(body)
        } catch var error as StoreError {
            if error.path == nil { error.path = path }
            throw error
        } catch {
            throw StoreError(.database, "cannot \(action)", path: path, underlying: error)
        }
    }

    // MARK: - Helpers shared by the extensions

    static func runExists(_ db: Database, _ runID: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE run_id = ?)", arguments: [runID]) ?? false
    }

    /// The run's status, or a `runNotFound` error.
    @discardableResult
    func requireRun(_ db: Database, _ runID: String) throws -> RunStatus {
        guard let text = try String.fetchOne(db, sql: "SELECT status FROM runs WHERE run_id = ?", arguments: [runID])
        else {
            throw StoreError(.runNotFound, "no run with id \(quoted(runID))", path: path)
        }
        return try RowDecoding.enumValue(RunStatus.self, text, column: "runs.status")
    }

    static func insertRun(_ db: Database, _ run: RunRecord) throws {
        try db.execute(
            sql: """
                INSERT INTO runs (run_id, status, verdict, model_name, model_version, model_kind, model_sha256,
                    policy_sha256, policy_gate, policy_text, baseline_run_id, tool_version, git_commit, started_at,
                    finished_at, jobs, shard_index, shard_count, seed, bootstrap_resamples, bootstrap_seed,
                    failure_reason, settings_json, labels)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                run.runID, run.status.rawValue, run.verdict?.rawValue, run.model.name, run.model.version,
                run.model.kind, run.model.sha256, run.policySHA256, run.policyGate, run.policyText, run.baselineRunID,
                run.toolVersion, run.gitCommit, RFC3339Timestamp.format(run.startedAt), run.finishedAt.map { RFC3339Timestamp.format($0) },
                run.jobs, run.shard?.index, run.shard?.count, run.seed, run.bootstrapResamples, run.bootstrapSeed,
                run.failureReason, run.settingsJSON, run.labels.rawValue,
            ])
    }

    static func insertCasebank(_ db: Database, _ bank: CasebankIdentity, runID: String) throws {
        try db.execute(
            sql: """
                INSERT INTO run_casebanks (run_id, casebank_id, casebank_version, casebank_sha256, vignettes, title, source)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [runID, bank.id, bank.version, bank.sha256, bank.vignettes, bank.title, bank.source])
    }
}
