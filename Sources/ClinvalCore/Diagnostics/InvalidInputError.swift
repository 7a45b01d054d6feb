/// Thrown when an input cannot be used because of the errors it carries.
///
/// The diagnostics say what is wrong; this error only carries them to the command boundary.
public struct InvalidInputError: Error, Sendable, CustomStringConvertible {
    /// The diagnostics, at least one of them an error.
    public var diagnostics: DiagnosticList

    /// Creates the error.
    public init(_ diagnostics: DiagnosticList) {
        self.diagnostics = diagnostics
    }

    /// Every diagnostic on its own line.
    public var description: String {
        diagnostics.all.map(\.description).joined(separator: "\n")
    }
}
