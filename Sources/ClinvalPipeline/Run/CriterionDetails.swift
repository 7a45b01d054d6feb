import ClinvalGate
import ClinvalMetrics
import ClinvalStore
import Foundation

/// What the `criteria` table's own columns do not hold of a criterion result, stored as one JSON
/// object (`criteria.details_json`) so that summary.json, junit.xml and report.html can be
/// written again from the database alone.
struct CriterionDetails: Codable, Hashable {
    var outcome: String
    var comparison: String
    var baselineCriterion: Bool
    var baselineRunID: String?
    var candidateValue: Double?

    /// The store's row for a gate result.
    static func record(_ result: CriterionResult) -> CriterionRecord {
        let details = CriterionDetails(
            outcome: result.outcome.rawValue, comparison: result.comparison.rawValue,
            baselineCriterion: result.isBaselineCriterion, baselineRunID: result.baseline?.runID,
            candidateValue: result.baseline?.candidateValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(details)).map { String(decoding: $0, as: UTF8.self) }
        let comparison = result.baseline.flatMap { figures -> ClinvalStore.BaselineComparison? in
            guard let pairedN = figures.pairedN else { return nil }
            return ClinvalStore.BaselineComparison(
                baselineValue: figures.baselineValue, difference: figures.difference,
                differenceCILower: figures.differenceCILower, differenceCIUpper: figures.differenceCIUpper,
                pValue: figures.pValue, pairedN: pairedN)
        }
        return CriterionRecord(
            criterionID: result.id, metric: result.metric, scope: result.scope.description,
            severity: result.severity == .warning ? .warning : .blocking, passed: result.passed,
            observed: result.observed, threshold: result.threshold, message: result.message, use: result.use.rawValue,
            baseline: comparison, detailsJSON: json)
    }

    /// The gate result a stored row was made from.
    static func result(_ record: CriterionRecord) -> CriterionResult? {
        guard let json = record.detailsJSON,
            let details = try? JSONDecoder().decode(CriterionDetails.self, from: Data(json.utf8)),
            let outcome = CriterionResult.Outcome(rawValue: details.outcome),
            let comparison = CriterionResult.Comparison(rawValue: details.comparison),
            case .success(let scope) = Scope.parse(record.scope),
            let use = BoundUse(rawValue: record.use)
        else { return nil }
        var baseline: CriterionResult.BaselineFigures?
        if details.baselineCriterion {
            baseline = CriterionResult.BaselineFigures(
                runID: details.baselineRunID, candidateValue: details.candidateValue,
                baselineValue: record.baseline?.baselineValue, difference: record.baseline?.difference,
                differenceCILower: record.baseline?.differenceCILower,
                differenceCIUpper: record.baseline?.differenceCIUpper, pValue: record.baseline?.pValue,
                pairedN: record.baseline?.pairedN)
        }
        return CriterionResult(
            id: record.criterionID, metric: record.metric, scope: scope,
            severity: record.severity == .warning ? .warning : .blocking, passed: record.passed, outcome: outcome,
            observed: record.observed, threshold: record.threshold, comparison: comparison, use: use,
            message: record.message, baseline: baseline)
    }
}
