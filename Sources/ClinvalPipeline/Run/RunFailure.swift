/// Why a run could not finish, and which exit code (docs/command-line.md, Exit codes) that means.
public struct RunFailure: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: Sendable, Hashable {
        /// Invalid input or usage: exit 2.
        case invalidInput
        /// Model unreachable, database error, internal error: exit 3.
        case runtime
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
