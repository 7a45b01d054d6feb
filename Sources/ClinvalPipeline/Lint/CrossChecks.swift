import ClinvalCaseBanks
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
            for bank in inputs.caseBanks {
                check(bank, against: model, diagnostics: &diagnostics)
            }
        }
        if !inputs.caseBanks.isEmpty {
            for policy in inputs.policies {
                check(policy, banks: inputs.caseBanks, models: inputs.models, diagnostics: &diagnostics)
            }
        }
    }

    /// A bank against a model: the vocabulary must be the same (an error); codes the model does
    /// not know are warnings that name them (CONTRACT §4).
    public static func check(_ bank: CaseBank, against model: ModelFile, diagnostics: inout DiagnosticList) {
        let modelName = "model \(model.name) \(model.version)"
        guard bank.vocabulary == model.vocabulary else {
            diagnostics.error(
                "bank vocabulary \(quoted(bank.vocabulary)) differs from vocabulary \(quoted(model.vocabulary)) of \(modelName) (\(model.file)); their codes cannot be compared",
                at: InputLocation(file: bank.file), field: FieldPath.root.appending("vocabulary"))
            return
        }
        if let findings = model.knownFindings {
            var unknown = UnknownCodes()
            for vignette in bank.vignettes {
                for code in vignette.present + vignette.absent where !findings.contains(code) {
                    unknown.add(code, line: vignette.line)
                }
            }
            if let (codes, line) = unknown.summary(limit: listedCodes) {
                diagnostics.warning(
                    "\(unknown.count == 1 ? "1 finding code is" : "\(unknown.count) finding codes are") not known to \(modelName) and will be ignored by it: \(codes)",
                    at: InputLocation(file: bank.file, line: line))
            }
        }
        if let conditions = model.knownConditions {
            var unknown = UnknownCodes()
            for vignette in bank.vignettes {
                let gold = [vignette.gold.diagnosis] + vignette.gold.alsoCorrect + (vignette.gold.differential ?? [])
                for code in gold where !conditions.contains(code) {
                    unknown.add(code, line: vignette.line)
                }
            }
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
        _ policy: GatePolicy, banks: [CaseBank], models: [ModelFile], diagnostics: inout DiagnosticList
    ) {
        let bankIDs = banks.map(\.id)
        let tags = Set(banks.flatMap { $0.vignettes.flatMap(\.tags) })
        let diagnoses = Set(banks.flatMap { $0.vignettes.map(\.gold.diagnosis) })
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

/// Unknown codes, in order of first use, with the line of their first use.
private struct UnknownCodes {
    private var firstLine: [String: Int] = [:]
    private var order: [String] = []

    var count: Int { order.count }

    mutating func add(_ code: String, line: Int) {
        if firstLine[code] == nil {
            firstLine[code] = line
            order.append(code)
        }
    }

    /// The codes as a list for a message (sorted, capped) and the line of the first use of any.
    func summary(limit: Int) -> (String, Int)? {
        guard let first = order.first, let line = firstLine[first] else { return nil }
        let sorted = order.sorted()
        var text = sorted.prefix(limit).joined(separator: ", ")
        if sorted.count > limit { text += " and \(sorted.count - limit) more" }
        return (text, line)
    }
}
