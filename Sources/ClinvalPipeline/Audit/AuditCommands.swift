import ClinvalCore
import ClinvalStore
import Foundation

/// `clinval audit verify` and `clinval audit export`: the database's audit trail checked, or
/// written out as JSON Lines (docs/command-line.md, docs/database.md).
public enum AuditCommands {
    /// What `clinval audit verify` found: the line to print and the exit code.
    public struct Verification: Sendable, Hashable {
        /// The result as the trail's verification gives it.
        public var result: AuditVerification
        /// The line to print on standard output.
        public var line: String
        /// 0 when the chain is intact, 1 when it is broken.
        public var exitStatus: ExitStatus
    }

    /// Checks the audit chain of a database (``ResultStore/verifyAudit()``).
    ///
    /// - Returns: `audit trail intact: 12 entries, head 3fa2…` (exit 0), or `audit trail broken:
    ///   entry 7: digest mismatch` (exit 1).
    /// - Throws: ``RunFailure``: exit 2 when there is no database at the path, exit 3 when it
    ///   cannot be read.
    public static func verify(database: String, environment: PipelineEnvironment = .production) throws -> Verification {
        let store = try StoredRunCommands.open(database, environment)
        let result: AuditVerification
        do {
            result = try store.verifyAudit()
        } catch {
            throw RunFailure(.runtime, "Cannot read the audit trail of \(database): \(error)")
        }
        return Verification(
            result: result, line: result.isIntact ? "audit trail \(result)" : "audit trail broken: \(result)",
            exitStatus: result.isIntact ? .success : .gateFailed)
    }

    /// The audit entries of a database, all or those of one run, one JSON object per line: `seq`,
    /// `at`, `actor`, `action`, `run_id` (null when none), `payload` (the entry's JSON object, as
    /// stored), `prev_sha256`, `sha256`.
    ///
    /// - Throws: ``RunFailure``: exit 2 when there is no database at the path, or no run of that
    ///   id and no entry naming it; exit 3 when the trail cannot be read.
    public static func export(
        database: String, runID: String? = nil, environment: PipelineEnvironment = .production
    ) throws -> [String] {
        let store = try StoredRunCommands.open(database, environment)
        let entries: [AuditEntry]
        let runKnown: Bool
        do {
            entries = try store.auditEntries(runID: runID)
            runKnown = try runID.map { try store.run(id: $0) != nil } ?? true
        } catch {
            throw RunFailure(.runtime, "Cannot read the audit trail of \(database): \(error)")
        }
        if let runID, entries.isEmpty, !runKnown {
            throw RunFailure(.invalidInput, "There is no run \(runID) in \(database).")
        }
        return entries.map(line)
    }

    /// One entry as a line of JSON.
    static func line(_ entry: AuditEntry) -> String {
        let fields: [(String, String)] = [
            ("seq", String(entry.seq)), ("at", JSONText.quoted(entry.at)), ("actor", JSONText.quoted(entry.actor)),
            ("action", JSONText.quoted(entry.action.rawValue)), ("run_id", entry.runID.map(JSONText.quoted) ?? "null"),
            ("payload", payload(entry.payloadJSON)), ("prev_sha256", JSONText.quoted(entry.prevSHA256)),
            ("sha256", JSONText.quoted(entry.sha256)),
        ]
        return "{" + fields.map { "\(JSONText.quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// The stored payload as is when it is a JSON object (clinval writes nothing else); otherwise,
    /// in a trail edited by hand, as a JSON string, so the line stays JSON and its digest fails.
    private static func payload(_ text: String) -> String {
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        return parsed is [String: Any] ? text : JSONText.quoted(text)
    }
}
