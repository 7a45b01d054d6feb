import ClinvalCasebanks
import ClinvalCore
import ClinvalGate
import ClinvalModels

/// One file that `lint` checked.
public struct LintedFile: Sendable {
    /// The path, as named or found.
    public var path: String
    /// What the file is (`nil` when that could not be told).
    public var kind: InputKind?
    /// A one-line description of what was read (`bank red-flags 2026.11, 30 vignettes`), or why
    /// it could not be read.
    public var summary: String
}

/// What `lint` found.
public struct LintReport: Sendable {
    /// The files checked, in order.
    public var files: [LintedFile]
    /// How many files were looked at, including those whose kind could not be told.
    public var filesChecked: Int
    /// Every problem, per file in order, then the cross-file checks.
    public var diagnostics: DiagnosticList

    /// `4 files checked: 2 errors, 1 warning`.
    public var closingLine: String {
        let files = filesChecked == 1 ? "1 file" : "\(filesChecked) files"
        let errors = diagnostics.errorCount == 1 ? "1 error" : "\(diagnostics.errorCount) errors"
        let warnings = diagnostics.warningCount == 1 ? "1 warning" : "\(diagnostics.warningCount) warnings"
        return "\(files) checked: \(errors), \(warnings)"
    }
}

/// Checks banks, models and policies without running a model: each file on its own, then the
/// files against each other (a bank's codes against a model's vocabulary, a policy's scopes
/// against the banks).
public struct Linter: Sendable {
    /// Creates a linter.
    public init() {}

    /// Lints files and folders.
    public func lint(paths: [String]) async -> LintReport {
        var diagnostics = DiagnosticList()
        let (inputs, examined) = InputDiscovery.discover(paths, diagnostics: &diagnostics)
        let loaded = await InputLoader.load(inputs, diagnostics: &diagnostics)
        CrossChecks.check(loaded, diagnostics: &diagnostics)
        return LintReport(files: loaded.files, filesChecked: examined, diagnostics: diagnostics)
    }
}
