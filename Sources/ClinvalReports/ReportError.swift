import CLibXML2

/// A report could not be rendered or written.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a full sentence fragment (no vignette text).
    public var message: String

    /// Creates the error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
