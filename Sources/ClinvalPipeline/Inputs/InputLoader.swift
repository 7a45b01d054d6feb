import ClinvalCaseBanks
import ClinvalCore
import ClinvalGate
import ClinvalModels

/// The inputs read from disk: every file that loaded without errors, by kind.
public struct LoadedInputs: Sendable {
    /// The banks.
    public var caseBanks: [CaseBank] = []
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
    public static func load(_ inputs: [DiscoveredInput], diagnostics: inout DiagnosticList) -> LoadedInputs {
        var loaded = LoadedInputs()
        for input in inputs {
            var fileDiagnostics = DiagnosticList()
            let summary: String
            switch input.kind {
            case .caseBank:
                if let bank = CaseBankLoader.load(input.path, diagnostics: &fileDiagnostics) {
                    loaded.caseBanks.append(bank)
                    summary = "bank \(bank.id) \(bank.version), \(bank.vignettes.count) vignettes"
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
            loaded.files.append(LintedFile(path: input.path, kind: input.kind, summary: summary))
        }
        return loaded
    }
}
