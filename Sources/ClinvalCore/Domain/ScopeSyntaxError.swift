/// Why a scope's text could not be read, as a short lowercase fragment for a diagnostic.
public struct ScopeSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what is accepted.
    public var message: String

    /// Creates the error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
