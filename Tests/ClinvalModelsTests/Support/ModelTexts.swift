import ClinvalCore
import ClinvalModels
import Testing

/// Small valid inputs for parser tests, edited per test by replacing one piece of text.
enum ModelTexts {
    /// A valid two-condition network. Line numbers matter to the tests: findings on lines 8–9,
    /// conditions on lines 12–13, thresholds on line 16.
    static let network = """
        {
          "format": "clinval-noisy-or",
          "format_version": 1,
          "name": "tiny",
          "version": "1.0.0",
          "vocabulary": "ddxplus",
          "findings": [
            {"id": "E_55", "leak": 0.01},
            {"id": "E_91", "leak": 0.01}
          ],
          "conditions": [
            {"id": "pneumonia", "label": "Pneumonia", "urgency": "urgent", "prior": 0.02, "links": {"E_91": 0.8}},
            {"id": "possible-nstemi-stemi", "label": "NSTEMI", "urgency": "emergency", "prior": 0.01, "links": {"E_55": 0.9}}
          ],
          "triage": {
            "thresholds": {"emergency": 0.05, "urgent": 0.15}
          }
        }

        """

    /// A valid process manifest (command on line 5).
    static let process = """
        model: tiny-checker
        version: 1.0.0
        vocabulary: ddxplus
        kind: process
        command: [python3, serve.py]
        workers: 2
        timeout_seconds: 5

        """

    /// A valid HTTP manifest (url on line 5, headers from line 7).
    static let http = """
        model: tiny-checker
        version: 1.0.0
        vocabulary: ddxplus
        kind: http
        url: https://checker.example.org/v1/diagnose
        timeout_seconds: 5
        headers:
          Authorization: {env: CHECKER_TOKEN}

        """

    /// `text` with the first occurrence of each `old` replaced by `new`; records an issue if an
    /// `old` is missing, so a stale edit cannot pass silently.
    static func edit(
        _ text: String, _ edits: (old: String, new: String)..., sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        var result = text
        for edit in edits {
            guard let range = result.range(of: edit.old) else {
                Issue.record("text to replace not found: \(edit.old)", sourceLocation: sourceLocation)
                continue
            }
            result.replaceSubrange(range, with: edit.new)
        }
        return result
    }
}

/// The outcome of parsing a text: the value, if any, and every diagnostic rendered.
struct Parsed<Value> {
    var value: Value?
    var diagnostics: [String]
}

/// Parses network text as the file `model.json`.
func parseNetwork(_ text: String) -> Parsed<NoisyORModel> {
    var diagnostics = DiagnosticList()
    let model = NoisyORParser.parse(bytes: Array(text.utf8), file: "model.json", diagnostics: &diagnostics)
    return Parsed(value: model, diagnostics: diagnostics.all.map(\.description))
}

/// Parses manifest text as `file` (the folder's files count for the identity hash).
func parseManifest(_ text: String, file: String) -> Parsed<ExternalModelManifest> {
    var diagnostics = DiagnosticList()
    let manifest = ManifestParser.parse(bytes: Array(text.utf8), file: file, diagnostics: &diagnostics)
    return Parsed(value: manifest, diagnostics: diagnostics.all.map(\.description))
}
