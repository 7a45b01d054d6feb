/// A document that cannot be parsed at all: bad syntax, bad encoding, or over a size limit.
///
/// Loaders turn it into one error diagnostic; nothing else can be checked in such a document (or,
/// for JSON Lines, in such a line).
public struct DocumentSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, as a short lowercase fragment.
    public var message: String
    /// The 1-based line, if known.
    public var line: Int?
    /// The 1-based column, if known.
    public var column: Int?

    /// Creates the error.
    public init(_ message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    /// The diagnostic for this error in a file.
    public func diagnostic(file: String) -> Diagnostic {
        .error(message, at: InputLocation(file: file, line: line, column: column))
    }

    public var description: String {
        guard let line else { return message }
        return "\(line):\(column ?? 1): \(message)"
    }
}
