/// What ``ResultStore/verifyAudit()`` found: the chain whole, or its first bad entry and why.
public enum AuditVerification: Sendable, Hashable, CustomStringConvertible {
    /// Why an entry breaks the chain.
    public enum Problem: String, Sendable, Hashable, CustomStringConvertible {
        /// `seq` is not one more than the previous entry's (from 1): an entry is missing.
        case gap = "a gap in seq"
        /// `prev_sha256` is not the previous entry's `sha256` (64 zeros for the first).
        case brokenLink = "broken link to the previous entry"
        /// `sha256` is not the digest of the entry's canonical form: a field was changed.
        case digestMismatch = "digest mismatch"
        /// A field holds what clinval never writes (no text, an unknown action).
        case unreadable = "unreadable entry"

        /// The problem in words.
        public var description: String { rawValue }
    }

    /// Every entry is linked to the one before and its digest matches: `count` entries, the last
    /// one's `sha256` as `head` (nil for an empty trail).
    case intact(count: Int, head: String?)
    /// The first entry that breaks the chain, by its `seq`.
    case broken(seq: Int64, problem: Problem)

    /// Whether the chain is whole.
    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }

    /// `intact: 12 entries, head 3fa2…` or `entry 7: digest mismatch`.
    public var description: String {
        switch self {
        case .intact(let count, let head):
            "intact: \(count) \(count == 1 ? "entry" : "entries"), head \(head ?? "none")"
        case .broken(let seq, let problem):
            "entry \(seq): \(problem)"
        }
    }
}
