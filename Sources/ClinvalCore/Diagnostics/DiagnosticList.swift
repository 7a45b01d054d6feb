/// The diagnostics gathered while reading inputs, in the order they were found.
///
/// Loaders append to a list instead of throwing, so a single `clinval lint` reports every problem.
public struct DiagnosticList: Sendable, Hashable {
    /// Every diagnostic, in order of discovery.
    public private(set) var all: [Diagnostic] = []

    /// Creates an empty list.
    public init() {}

    /// Creates a list holding the given diagnostics.
    public init(_ diagnostics: [Diagnostic]) {
        all = diagnostics
    }

    /// Adds one diagnostic.
    public mutating func append(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    /// Adds every diagnostic of another list.
    public mutating func append(contentsOf other: DiagnosticList) {
        all.append(contentsOf: other.all)
    }

    /// Adds an error.
    public mutating func error(_ message: String, at location: InputLocation?, field: FieldPath? = nil) {
        all.append(.error(message, at: location, field: field))
    }

    /// Adds a warning.
    public mutating func warning(_ message: String, at location: InputLocation?, field: FieldPath? = nil) {
        all.append(.warning(message, at: location, field: field))
    }

    /// The errors.
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    /// The warnings.
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    /// How many errors there are.
    public var errorCount: Int { all.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) } }
    /// How many warnings there are.
    public var warningCount: Int { all.reduce(0) { $0 + ($1.severity == .warning ? 1 : 0) } }
    /// Whether the list is empty.
    public var isEmpty: Bool { all.isEmpty }
}
