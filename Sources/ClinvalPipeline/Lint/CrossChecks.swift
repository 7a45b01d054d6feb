import ClinvalCasebanks
import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import ClinvalModels

/// Checks of input files against each other: banks against models, policies against banks.
public enum CrossChecks {
    /// How many unknown codes a warning lists before saying how many more there are.
    static let listedCodes = 12

    /// Runs every cross-file check on what loaded cleanly.
    public static func check(_ inputs: LoadedInputs, diagnostics: inout DiagnosticList) {
        for model in inputs.models {
            for bank in inputs.casebanks {
                check(bank, against: model, diagnostics: &diagnostics)
            }
        }
        if !inputs.casebanks.isEmpty {
            for policy in inputs.policies {
                check(policy, banks: inputs.casebanks, models: inputs.models, diagnostics: &diagnostics)
            }
        }
    }

    /// A bank against a model: the vocabulary must be the same (an error); codes the model does
    /// not know are warnings that name them (docs/casebank-format.md).
    public static func check(_ bank: BankProfile, against model: ModelFile, diagnostics: inout DiagnosticList) {
        let modelName = "model \(model.name) \(model.version)"
        guard bank.header.vocabulary == model.vocabulary else {
            diagnostics.error(
                "bank vocabulary \(quoted(bank.header.vocabulary)) differs from vocabulary \(quoted(model.vocabulary)) of \(modelName) (\(model.file)); their codes cannot be compared",
                at: InputLocation(file: bank.file), field: FieldPath.root.appending("vocabulary"))
            return
        }
        if let findings = model.knownFindings {
            let unknown = UnknownCodes(bank.findingCodes.filter { !findings.contains($0.key) })
            if let (codes, line) = unknown.summary(limit: listedCodes) {
                diagnostics.warning(
                    "\(unknown.count == 1 ? "1 finding code is" : "\(unknown.count) finding codes are") not known to \(modelName) and will be ignored by it: \(codes)",
                    at: InputLocation(file: bank.file, line: line))
            }
        }
        if let conditions = model.knownConditions {
            let unknown = UnknownCodes(bank.conditionCodes.filter { !conditions.contains($0.key) })
            if let (codes, line) = unknown.summary(limit: listedCodes) {
                diagnostics.warning(
                    "\(unknown.count == 1 ? "1 gold condition code is" : "\(unknown.count) gold condition codes are") not known to \(modelName), which can never predict them: \(codes)",
                    at: InputLocation(file: bank.file, line: line))
            }
        }
    }

    /// A policy against the banks (and models) given with it: scopes that select nothing are
    /// warnings, since such a criterion can only fail as "too few cases".
    public static func check(
        _ policy: GatePolicy, banks: [BankProfile], models: [ModelFile], diagnostics: inout DiagnosticList
    ) {
        let bankIDs = banks.map(\.id)
        let tags = banks.reduce(into: Set<String>()) { $0.formUnion($1.tags) }
        let diagnoses = banks.reduce(into: Set<String>()) { $0.formUnion($1.diagnoses) }
        for (index, criterion) in policy.criteria.enumerated() {
            let location = InputLocation(file: policy.file, line: criterion.line)
            let field = FieldPath.root.appending("criteria").appending(index).appending("scope")
            switch criterion.scope {
            case .casebank(let id) where !bankIDs.contains(id):
                var message = "no bank given has id \(quoted(id))"
                if let suggestion = Suggestions.closest(to: id, in: bankIDs) {
                    message += "; did you mean \(quoted(suggestion))?"
                }
                diagnostics.warning(message, at: location, field: field)
            case .tag(let tag) where !tags.contains(tag):
                var message = "no vignette in the banks given has tag \(quoted(tag))"
                if let suggestion = Suggestions.closest(to: tag, in: tags.sorted()) {
                    message += "; did you mean \(quoted(suggestion))?"
                }
                diagnostics.warning(message, at: location, field: field)
            case .condition(let code) where !diagnoses.contains(code):
                diagnostics.warning(
                    "no vignette in the banks given has gold diagnosis \(quoted(code))", at: location, field: field)
            default:
                break
            }
        }
    }
}

/// Unknown codes with the line of their first use.
private struct UnknownCodes {
    private let firstLine: [String: Int]

    init(_ firstLine: [String: Int]) {
        self.firstLine = firstLine
    }

    var count: Int { firstLine.count }

    /// The codes as a list for a message (sorted, capped) and the first line where any is used.
    func summary(limit: Int) -> (String, Int)? {
        guard let line = firstLine.values.min() else { return nil }
        let sorted = firstLine.keys.sorted()
        var text = sorted.prefix(limit).joined(separator: ", ")
        if sorted.count > limit { text += " and \(sorted.count - limit) more" }
        return (text, line)
    }
}
