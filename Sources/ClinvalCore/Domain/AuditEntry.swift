/// One entry of the hash-chained audit trail (a row of `audit_log`; docs/clinical-review.md, docs/database.md): who did what,
/// when, to which run, with what details, chained to the entry before it.
///
/// ``sha256`` is SHA-256 over the entry's canonical form (``canonicalForm``): the netstrings
/// (`LENGTH:BYTES,`, LENGTH the decimal byte count of the UTF-8 BYTES) of `prev_sha256`, `at`,
/// `actor`, `action`, `run_id` (the empty string when the entry names no run) and
/// `payload_json`, in that order, concatenated. The first entry's `prev_sha256` is 64 zeros.
/// docs/database.md works an example through; `scripts/verify_audit.py` verifies a chain.
public struct AuditEntry: Sendable, Hashable {
    /// The position in the chain, from 1.
    public var seq: Int64
    /// When, as RFC 3339 UTC text (`2026-12-02T10:15:00Z`), exactly as stored and hashed.
    public var at: String
    /// Who: the name given and the operating-system user and host for a command, or the
    /// signed-in user for the review server.
    public var actor: String
    /// What.
    public var action: AuditAction
    /// The run concerned, if any.
    public var runID: String?
    /// The details, as one JSON object, exactly as stored and hashed.
    public var payloadJSON: String
    /// The previous entry's ``sha256`` (64 zeros for the first).
    public var prevSHA256: String
    /// SHA-256 of ``canonicalForm``.
    public var sha256: String

    /// The `prev_sha256` of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// Creates an entry with the digest it has.
    public init(
        seq: Int64, at: String, actor: String, action: AuditAction, runID: String?, payloadJSON: String,
        prevSHA256: String, sha256: String
    ) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.runID = runID
        self.payloadJSON = payloadJSON
        self.prevSHA256 = prevSHA256
        self.sha256 = sha256
    }

    /// Creates the entry that follows `previous` (or starts the chain), with its digest computed.
    public init(
        following previous: (seq: Int64, sha256: String)?, at: String, actor: String, action: AuditAction,
        runID: String?, payloadJSON: String
    ) {
        self.init(
            seq: (previous?.seq ?? 0) + 1, at: at, actor: actor, action: action, runID: runID,
            payloadJSON: payloadJSON, prevSHA256: previous?.sha256 ?? Self.genesis, sha256: "")
        sha256 = computedSHA256
    }

    /// The bytes the digest is taken over.
    public var canonicalForm: [UInt8] {
        Self.canonicalForm(
            prevSHA256: prevSHA256, at: at, actor: actor, action: action.rawValue, runID: runID, payloadJSON: payloadJSON)
    }

    /// SHA-256 of ``canonicalForm``, as the entry should hold it.
    public var computedSHA256: String {
        SHA256.hex(of: canonicalForm)
    }

    /// The canonical form of an entry's fields as stored, whatever they hold: for checking a stored
    /// row that may have been edited (an action clinval does not know, say) without reading it
    /// into an entry first.
    public static func canonicalForm(
        prevSHA256: String, at: String, actor: String, action: String, runID: String?, payloadJSON: String
    ) -> [UInt8] {
        var fields = Netstrings()
        for field in [prevSHA256, at, actor, action, runID ?? "", payloadJSON] { fields.append(field) }
        return fields.bytes
    }
}
