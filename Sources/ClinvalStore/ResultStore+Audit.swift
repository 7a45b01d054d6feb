import ClinvalCore
import Foundation
import GRDB

/// The hash-chained audit trail (`audit_log`, docs/database.md).
///
/// Every operation of the store that changes the state of a run or of its review appends its
/// entry in the same transaction as the change, so an entry exists exactly when its change does.
/// A write transaction holds SQLite's write lock from its start (`BEGIN IMMEDIATE`), so reading
/// the head and appending after it cannot interleave with another connection's append, in this
/// process or another: the chain never forks (and `UNIQUE (prev_sha256)` would refuse it).
extension ResultStore {
    /// Appends an entry after the head of the chain, in the caller's write transaction, naming
    /// ``actor`` at the time of ``now``.
    @discardableResult
    func appendAudit(_ db: Database, _ action: AuditAction, runID: String?, payload: AuditPayload) throws -> AuditEntry {
        let head = try Row.fetchOne(db, sql: "SELECT seq, sha256 FROM audit_log ORDER BY seq DESC LIMIT 1")
        let previous: (seq: Int64, sha256: String)? = try head.map { row in
            (try row.decode(atIndex: 0), try row.decode(atIndex: 1))
        }
        let entry = AuditEntry(
            following: previous, at: RFC3339Timestamp.format(now()), actor: actor, action: action, runID: runID,
            payloadJSON: payload.json)
        try db.execute(
            sql: """
                INSERT INTO audit_log (seq, at, actor, action, run_id, payload_json, prev_sha256, sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.seq, entry.at, entry.actor, entry.action.rawValue, entry.runID, entry.payloadJSON,
                entry.prevSHA256, entry.sha256,
            ])
        return entry
    }

    /// The `sha256` of the latest entry of the audit trail (`summary.json`'s `audit_head`), or nil
    /// while the trail is empty.
    ///
    /// - Throws: `StoreError` with code `database`.
    public func auditHead() throws -> String? {
        try read("read the head of the audit trail") { db in
            try String.fetchOne(db, sql: "SELECT sha256 FROM audit_log ORDER BY seq DESC LIMIT 1")
        }
    }

    /// The entries of the audit trail in order, all of them or those of one run.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` for an entry whose fields clinval would
    ///   not have written (an unknown action, a missing value), or `database`.
    public func auditEntries(runID: String? = nil) throws -> [AuditEntry] {
        try read("read the audit trail") { db in
            let columns = "seq, at, actor, action, run_id, payload_json, prev_sha256, sha256"
            let rows =
                if let runID {
                    try Row.fetchCursor(
                        db, sql: "SELECT \(columns) FROM audit_log WHERE run_id = ? ORDER BY seq", arguments: [runID])
                } else {
                    try Row.fetchCursor(db, sql: "SELECT \(columns) FROM audit_log ORDER BY seq")
                }
            var entries: [AuditEntry] = []
            while let row = try rows.next() {
                let seq: Int64 = try row.decode(atIndex: 0)
                do {
                    let action: String = try row.decode(atIndex: 3)
                    entries.append(
                        AuditEntry(
                            seq: seq, at: try row.decode(atIndex: 1), actor: try row.decode(atIndex: 2),
                            action: try RowDecoding.enumValue(AuditAction.self, action, column: "audit_log.action"),
                            runID: try row.decode(atIndex: 4), payloadJSON: try row.decode(atIndex: 5),
                            prevSHA256: try row.decode(atIndex: 6), sha256: try row.decode(atIndex: 7)))
                } catch {
                    throw StoreError(.unreadableRecord, "audit entry \(seq): \(StoreError.describe(error))", path: path)
                }
            }
            return entries
        }
    }

    /// Checks the whole audit trail: that the entries are numbered 1, 2, 3, … without a gap, that
    /// each names the previous entry's digest (the first, 64 zeros), and that each digest is that
    /// of the entry's canonical form (``AuditEntry/canonicalForm``).
    ///
    /// The digests are recomputed from the stored text as it is, so an entry edited in any field
    /// (an action clinval does not know included) is found. The chain alone cannot show that
    /// entries were removed from its end, or that the whole file was rewritten: compare the head
    /// with `summary.json`'s `audit_head` for that.
    ///
    /// - Returns: ``AuditVerification/intact(count:head:)``, or the first bad entry and why.
    /// - Throws: `StoreError` with code `database` when the trail cannot be read.
    public func verifyAudit() throws -> AuditVerification {
        try read("verify the audit trail") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT seq, at, actor, action, run_id, payload_json, prev_sha256, sha256 FROM audit_log ORDER BY seq")
            var expected: Int64 = 1
            var previous = AuditEntry.genesis
            while let row = try rows.next() {
                let seq: Int64 = try row.decode(atIndex: 0)
                if seq != expected { return .broken(seq: seq, problem: .gap) }
                let text = { (index: Int) -> String? in
                    if case .string(let value) = (row[index] as DatabaseValue).storage { value } else { nil }
                }
                let runIDValue = row[4] as DatabaseValue
                guard let at = text(1), let actor = text(2), let action = text(3), let payload = text(5),
                    let prev = text(6), let sha256 = text(7), runIDValue.isNull || text(4) != nil
                else { return .broken(seq: seq, problem: .unreadable) }
                if prev != previous { return .broken(seq: seq, problem: .brokenLink) }
                let digest = SHA256.hex(
                    of: AuditEntry.canonicalForm(
                        prevSHA256: prev, at: at, actor: actor, action: action, runID: text(4), payloadJSON: payload))
                if digest != sha256 { return .broken(seq: seq, problem: .digestMismatch) }
                previous = sha256
                expected += 1
            }
            return .intact(count: Int(expected - 1), head: expected > 1 ? previous : nil)
        }
    }
}
