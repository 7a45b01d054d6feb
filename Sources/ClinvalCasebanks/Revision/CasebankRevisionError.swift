import ClinvalCore

/// Why a bank's next version could not be written (``CasebankRevision``): each problem as a
/// located diagnostic, compiler style, naming the vignette by its id and never quoting its text.
///
/// Nothing is written when it is thrown. Every kind but ``Kind/readBackFailed`` is a problem of
/// the input (the bank, the version or the corrections); ``Kind/readBackFailed`` means the edited
/// bank did not read back as intended, which is a fault of the editing, not of the input.
public struct CasebankRevisionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The bank itself does not load without errors (its diagnostics are given).
        case invalidBank = "invalid_bank"
        /// The new version is empty.
        case invalidVersion = "invalid_version"
        /// A correction names a vignette the bank does not hold, or another bank.
        case unknownVignette = "unknown_vignette"
        /// Two corrections name the same vignette; only one may stand.
        case repeatedCorrection = "repeated_correction"
        /// A correction was made on other content: the vignette's digest differs from the one it names.
        case contentChanged = "content_changed"
        /// A corrected code is not a code (`[A-Za-z0-9._-]+`).
        case invalidCorrection = "invalid_correction"
        /// A value to change is written in a way this edit does not rewrite (an anchor, an alias,
        /// a tag, a block scalar).
        case unsupportedLayout = "unsupported_layout"
        /// The edited bank did not lint clean or did not read back with exactly the corrected labels.
        case readBackFailed = "read_back_failed"
    }

    /// The kind of the first problem.
    public var kind: Kind
    /// Every problem found, at least one of them an error.
    public var diagnostics: DiagnosticList

    /// Creates the error.
    public init(_ kind: Kind, _ diagnostics: DiagnosticList) {
        self.kind = kind
        self.diagnostics = diagnostics
    }

    /// An error with one problem.
    static func problem(_ kind: Kind, _ message: String, at location: InputLocation, field: FieldPath? = nil) -> Self {
        var diagnostics = DiagnosticList()
        diagnostics.error(message, at: location, field: field)
        return Self(kind, diagnostics)
    }

    /// Every diagnostic on its own line.
    public var description: String {
        diagnostics.all.map(\.description).joined(separator: "\n")
    }
}
