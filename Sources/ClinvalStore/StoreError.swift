import GRDB

/// A failure of the results store: the database cannot be opened or written, a run is missing, a
/// resume or a merge is refused.
///
/// The message names the database file and what is wrong; SQLite errors are kept as `underlying`
/// and described by their code and SQLite's message only, never with statement arguments (which
/// may hold vignette text).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: String, Sendable, Hashable {
            case cannotOpen = "cannot open"
            case newerSchema = "newer schema"
            case database
            case runNotFound = "run not found"
            case runExists = "run exists"
            case runNotResumable = "run not resumable"
            case identityMismatch = "identity mismatch"
            case shardMismatch = "shard mismatch"
            case missingShard = "missing shard"
            case duplicateShard = "duplicate shard"
            case overlappingShards = "overlapping shards"
            case incompleteShard = "incomplete shard"
            case invalidRecord = "invalid record"
            case unreadableRecord = "unreadable record"
            case userExists = "user exists"
            case userNotFound = "user not found"
            case staleState = "stale state"
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The file is missing, its folder is missing, or it is not an SQLite database.
        public static let cannotOpen = Code(.cannotOpen)
        /// The database was written by a newer clinval (it has migrations this one does not know).
        public static let newerSchema = Code(.newerSchema)
        /// SQLite reported an error while reading or writing.
        public static let database = Code(.database)
        /// No run has the given id.
        public static let runNotFound = Code(.runNotFound)
        /// A run with the given id exists already.
        public static let runExists = Code(.runExists)
        /// The run cannot be resumed (it is complete).
        public static let runNotResumable = Code(.runNotResumable)
        /// A resumed run's model, banks or shard differ from the stored ones.
        public static let identityMismatch = Code(.identityMismatch)
        /// Shards to merge belong to different runs, models or banks, or disagree on the shard count.
        public static let shardMismatch = Code(.shardMismatch)
        /// A shard is missing from a merge.
        public static let missingShard = Code(.missingShard)
        /// A shard is given twice to a merge.
        public static let duplicateShard = Code(.duplicateShard)
        /// Two shards hold results for the same vignette.
        public static let overlappingShards = Code(.overlappingShards)
        /// A shard's run is not complete.
        public static let incompleteShard = Code(.incompleteShard)
        /// A record cannot be stored (e.g. a result for a vignette whose gold labels were not stored).
        public static let invalidRecord = Code(.invalidRecord)
        /// A stored row cannot be read back: it holds what clinval would not have written (a file
        /// edited by hand, or damaged). The message names the run and the row.
        public static let unreadableRecord = Code(.unreadableRecord)

        /// An account with the name exists already (names are compared without regard to ASCII case).
        public static let userExists = Code(.userExists)
        /// No account has the given name.
        public static let userNotFound = Code(.userNotFound)
        /// A change was based on a state that has moved on since (``ClinvalCore/SeenState``):
        /// another record was made in between. Nothing was written.
        public static let staleState = Code(.staleState)

        /// The code's name, e.g. `missing shard`.
        public var description: String { wrapped.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What is wrong, as a short lowercase fragment.
    public var message: String
    /// The database file concerned, if any.
    public var path: String?
    /// The error that caused this one, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, path: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying
    }

    /// `path: message`, followed by the SQLite cause where there is one.
    public var description: String {
        var text = path.map { "\($0): \(message)" } ?? message
        if let cause = underlying.map(Self.describe) {
            text += ": " + cause
        }
        return text
    }

    /// Describes a cause without statement arguments or SQL text.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "sqlite error \(error.extendedResultCode.rawValue): \(error.message ?? "unknown error")"
        }
        if let error = error as? StoreError {
            return error.description
        }
        if error is DecodingError {
            return jsonProblem(error, column: "a JSON column")
        }
        if error is RowDecodingError {
            // GRDB's description quotes the row's values, which may be vignette text.
            return "a value has an unexpected type or is missing"
        }
        return String(describing: error)
    }

    /// Why the JSON text of a column cannot be read, in words that quote none of its values
    /// (`settings_json is not valid JSON`, `details_json has no outcome`).
    public static func jsonProblem(_ error: any Error, column: String) -> String {
        guard let error = error as? DecodingError else { return "\(column) cannot be read" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "\(column) is not valid JSON"
        case .dataCorrupted(let context):
            return "\(column): \(path(context.codingPath)) has an unexpected value"
        case .keyNotFound(let key, let context):
            return "\(column) has no \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context):
            return context.codingPath.isEmpty
                ? "\(column) is JSON of the wrong kind" : "\(column): \(path(context.codingPath)) has the wrong type"
        case .valueNotFound(_, let context):
            return "\(column): \(path(context.codingPath)) is null"
        @unknown default:
            return "\(column) cannot be read"
        }
    }
}
