/// Why a run could not finish, and which exit code (``ExitStatus``) that means.
public struct RunFailure: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; ``Kind/exitStatus`` is its exit code.
    public enum Kind: Sendable, Hashable {
        /// Invalid input or usage: ``ExitStatus/invalidInput``.
        case invalidInput
        /// Model unreachable, database error, internal error: ``ExitStatus/runtimeFailure``.
        case runtime
        /// The request was based on a state that has moved on since (another reviewer's record
        /// came in between); nothing was written: ``ExitStatus/invalidInput``.
        case staleState
    }

    /// The kind.
    public var kind: Kind
    /// A full sentence for the user.
    public var message: String

    /// Creates a failure.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
