/// How serious a diagnostic is.
public enum DiagnosticSeverity: String, Sendable, Hashable, Comparable {
    /// Extra information attached to another diagnostic.
    case note
    /// Worth fixing; does not stop a run.
    case warning
    /// The input is invalid; the command exits with code 2.
    case error

    private var order: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: DiagnosticSeverity, rhs: DiagnosticSeverity) -> Bool {
        lhs.order < rhs.order
    }
}

/// A problem found in an input file: recoverable, so that one command reports every problem and
/// not only the first.
///
/// Rendered compiler style:
/// `casebanks/red-flags.yaml:41:7: error: vignettes[3].gold.triage: expected one of emergency, urgent, routine, self_care, found "urgnt"`.
///
/// - Important: Messages name vignettes by id and never quote vignette text (summaries, or the
///   values of free-text fields), so diagnostics can go into CI logs.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious it is.
    public var severity: DiagnosticSeverity
    /// Where it is; `nil` for a problem with no file (a command-line argument, say).
    public var location: InputLocation?
    /// The field it concerns, if any.
    public var field: FieldPath?
    /// A short lowercase fragment: what is wrong and what is accepted.
    public var message: String

    /// Creates a diagnostic.
    public init(
        _ severity: DiagnosticSeverity, _ message: String, at location: InputLocation?, field: FieldPath? = nil
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.field = (field?.isRoot ?? true) ? nil : field
    }

    /// Creates an error.
    public static func error(_ message: String, at location: InputLocation?, field: FieldPath? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location, field: field)
    }

    /// Creates a warning.
    public static func warning(_ message: String, at location: InputLocation?, field: FieldPath? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: location, field: field)
    }

    /// `file:line:column: severity: field: message`.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): "
        if let field { text += "\(field): " }
        text += message
        return text
    }
}
