import Foundation

/// The review server's sessions, held in memory (docs/review-server.md): a restart signs everyone
/// out, and one server process is the only one that knows them.
///
/// A session is named by a random 256-bit token (the cookie's value) and carries its own CSRF
/// token, which every form that changes state must return. A session expires after
/// ``idleTimeout`` without a request and, whatever its use, ``absoluteTimeout`` after it began.
/// A session begins before sign-in (to carry the sign-in form's CSRF token) and is replaced by
/// a new one at sign-in, so a token seen before sign-in is worth nothing after it.
public actor SessionStore {
    /// One session.
    public struct Session: Sendable, Hashable {
        /// The cookie's value.
        public var token: String
        /// The token the session's forms carry.
        public var csrfToken: String
        /// The signed-in account's id; nil before sign-in.
        public var userID: Int64?
        /// When the session began.
        public var createdAt: Date
        /// When it was last used.
        public var lastSeen: Date
    }

    /// How long a session lasts without a request.
    public let idleTimeout: TimeInterval
    /// How long a session lasts at most.
    public let absoluteTimeout: TimeInterval
    /// The most sessions held; past it, expired ones are dropped, then the oldest not signed in.
    public let capacity: Int
    private let now: @Sendable () -> Date
    private var sessions: [String: Session] = [:]

    /// Creates an empty store.
    public init(
        idleTimeout: TimeInterval = 30 * 60, absoluteTimeout: TimeInterval = 12 * 3600, capacity: Int = 10_000,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.capacity = capacity
        self.now = now
    }

    /// Begins a session, signed in as `userID` or not signed in.
    public func begin(userID: Int64?) -> Session {
        let at = now()
        if sessions.count >= capacity { prune(at: at) }
        let session = Session(
            token: Self.randomToken(), csrfToken: Self.randomToken(), userID: userID, createdAt: at, lastSeen: at)
        sessions[session.token] = session
        return session
    }

    /// The live session a token names, marked as used now; nil for an unknown or expired token.
    public func session(token: String) -> Session? {
        let at = now()
        guard var session = sessions[token] else { return nil }
        guard isLive(session, at: at) else {
            sessions[token] = nil
            return nil
        }
        session.lastSeen = at
        sessions[token] = session
        return session
    }

    /// Ends a session.
    public func end(token: String) {
        sessions[token] = nil
    }

    /// How many sessions are held.
    public var count: Int { sessions.count }

    private func isLive(_ session: Session, at: Date) -> Bool {
        at.timeIntervalSince(session.lastSeen) < idleTimeout && at.timeIntervalSince(session.createdAt) < absoluteTimeout
    }

    private func prune(at: Date) {
        sessions = sessions.filter { isLive($0.value, at: at) }
        guard sessions.count >= capacity else { return }
        let anonymous = sessions.values.filter { $0.userID == nil }.sorted { $0.lastSeen < $1.lastSeen }
        for session in anonymous.prefix(sessions.count - capacity + 1) { sessions[session.token] = nil }
    }

    /// 32 bytes from the system's cryptographic random source, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
