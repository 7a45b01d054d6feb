import ClinvalCasebanks
import ClinvalCore
import ClinvalGate
import ClinvalModels
import Foundation

/// The inputs read from disk: every file that loaded without errors, by kind.
public struct LoadedInputs: Sendable {
    /// The banks, profiled while streamed (no vignette is held).
    public var casebanks: [BankProfile] = []
    /// The models (noisy-OR files and manifests).
    public var models: [ModelFile] = []
    /// The gate policies.
    public var policies: [GatePolicy] = []
    /// Every file looked at, loaded or not.
    public var files: [LintedFile] = []
}

/// Loads discovered inputs with the loader of each kind.
public enum InputLoader {
    /// Loads every input, collecting all diagnostics; files with errors are left out of the result.
    public static func load(_ inputs: [DiscoveredInput], diagnostics: inout DiagnosticList) async -> LoadedInputs {
        var loaded = LoadedInputs()
        for input in inputs {
            var fileDiagnostics = DiagnosticList()
            let summary: String
            guard let kind = input.kind else {
                fileDiagnostics.append(undeterminedKind(input.path))
                diagnostics.append(contentsOf: fileDiagnostics)
                loaded.files.append(LintedFile(path: input.path, kind: nil, summary: "unknown kind of file"))
                continue
            }
            switch kind {
            case .casebank:
                if let bank = await BankProfile.scan(
                    input.path, parallelism: ProcessInfo.processInfo.activeProcessorCount, diagnostics: &fileDiagnostics) {
                    loaded.casebanks.append(bank)
                    summary = "bank \(bank.id) \(bank.header.version), \(bank.vignetteCount) vignettes"
                } else {
                    summary = "bank with errors"
                }
            case .noisyORModel, .modelManifest:
                if let model = ModelLoader.load(input.path, diagnostics: &fileDiagnostics) {
                    loaded.models.append(model)
                    summary = "model \(model.name) \(model.version) (\(model.kind.rawValue))"
                } else {
                    summary = "model with errors"
                }
            case .policy:
                if let policy = GatePolicyLoader.load(input.path, diagnostics: &fileDiagnostics) {
                    loaded.policies.append(policy)
                    summary = "gate policy \(policy.gate), \(policy.criteria.count) criteria"
                } else {
                    summary = "gate policy with errors"
                }
            }
            diagnostics.append(contentsOf: fileDiagnostics)
            loaded.files.append(LintedFile(path: input.path, kind: kind, summary: summary))
        }
        return loaded
    }

    /// Why a YAML file's kind cannot be told: whatever stops it from parsing (an empty file, a
    /// syntax error, an alias bomb), a root that is not a mapping, a format key written with an
    /// invisible character (`\u{feff}casebank:`), or a mapping with no format key.
    static func undeterminedKind(_ path: String) -> Diagnostic {
        let location = InputLocation(file: path)
        do {
            let file = try SourceFile.read(path, limits: .casebank)
            let root = try file.parseYAML(limits: .casebank)
            guard case .object(let members) = root.value else {
                return .error(
                    "expected a mapping at the top of the file (casebank:, gate: or model: …), found \(root.kindDescription)",
                    at: InputLocation(file: path, line: root.line, column: root.column))
            }
            let formatKeys = ["casebank", "gate", "model"]
            for member in members where formatKeys.contains(InvisibleCharacters.removing(from: member.key)) {
                var reader = DocumentReader(file: path)
                if reader.rejectsInvisibleCharacters(inKey: member, at: .root, accepting: formatKeys.contains),
                    let diagnostic = reader.diagnostics.all.first
                {
                    return diagnostic
                }
            }
        } catch {
            return error.diagnostic(file: path)
        }
        return .error(
            "cannot tell what this file is: a bank starts with 'casebank:', a gate policy with 'gate:', a model manifest with 'model:'",
            at: location)
    }
}
