import ClinvalCore
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
    /// The criterion's point value (the waiver rule compares it); absent in rows stored before
    /// the clinical review.
    var point: Double?
    /// The waiver found for the criterion, and whether it covered it (`applied`, `expired`,
    /// `outgrown`).
    var waiverID: Int64?
    var waiverState: String?

    /// The store's row for a gate result.
    ///
    /// - Throws: `EncodingError` if the details cannot be written as JSON (a value that is not a
    ///   finite number): a decision is never stored without its details.
    static func record(_ result: CriterionResult) throws -> CriterionRecord {
        let details = CriterionDetails(
            outcome: result.outcome.rawValue, comparison: result.comparison.rawValue,
            baselineCriterion: result.isBaselineCriterion, baselineRunID: result.baseline?.runID,
            candidateValue: result.baseline?.candidateValue, point: result.point, waiverID: result.waiver?.waiver.id,
            waiverState: result.waiver?.state.rawValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(details), as: UTF8.self)
        // Without a pairing (no baseline run) the figures hold nothing the columns keep.
        let stored = result.baseline.flatMap { $0.pairedN == nil ? nil : $0 }
        return CriterionRecord(
            criterionID: result.id, metric: result.metric, scope: result.scope.description,
            severity: result.severity, passed: result.passed,
            observed: result.observed, threshold: result.threshold, message: result.message, use: result.use.rawValue,
            baseline: stored, detailsJSON: json)
    }

    /// The gate result a stored row was made from.
    ///
    /// - Parameters:
    ///   - runID: The run, for naming the row in an error.
    ///   - waivers: The waivers a row may name, by id.
    /// - Throws: `StoreError` with code `unreadableRecord`, naming the run and the criterion, when
    ///   the row does not read back (no details, details that are not JSON or hold an unknown
    ///   outcome or comparison, a scope or bound use that does not parse): a criterion is never
    ///   left out of a report.
    static func result(_ record: CriterionRecord, runID: String, waivers: [Int64: Waiver] = [:]) throws -> CriterionResult {
        func unreadable(_ problem: String) -> StoreError {
            StoreError(.unreadableRecord, "run \(quoted(runID)): criterion \(quoted(record.criterionID)): \(problem)")
        }
        guard let json = record.detailsJSON else {
            throw unreadable("details_json is null; decide the run again with 'clinval gate' to store it")
        }
        let details: CriterionDetails
        do {
            details = try JSONDecoder().decode(CriterionDetails.self, from: Data(json.utf8))
        } catch {
            throw unreadable(StoreError.jsonProblem(error, column: "details_json"))
        }
        guard let outcome = CriterionResult.Outcome(rawValue: details.outcome) else {
            throw unreadable("details_json has an unknown outcome \(quoted(details.outcome))")
        }
        guard let comparison = CriterionResult.Comparison(rawValue: details.comparison) else {
            throw unreadable("details_json has an unknown comparison \(quoted(details.comparison))")
        }
        let scope: Scope
        switch Scope.parse(record.scope) {
        case .success(let parsed): scope = parsed
        case .failure(let error): throw unreadable("scope \(quoted(record.scope)) cannot be read: \(error)")
        }
        guard let use = BoundUse(rawValue: record.use) else {
            throw unreadable(
                "use \(quoted(record.use)) is not one of \(BoundUse.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var baseline: BaselineFigures?
        if details.baselineCriterion {
            var figures = record.baseline ?? BaselineFigures(runID: nil)
            figures.runID = details.baselineRunID
            figures.candidateValue = details.candidateValue
            baseline = figures
        }
        var waiver: WaiverUse?
        if let id = details.waiverID {
            guard let found = waivers[id] else { throw unreadable("details_json names waiver \(id), which is not stored") }
            guard let state = details.waiverState.flatMap(WaiverUse.State.init(rawValue:)) else {
                throw unreadable("details_json has an unknown waiver state \(quoted(details.waiverState ?? "null"))")
            }
            waiver = WaiverUse(waiver: found, state: state)
        }
        return CriterionResult(
            id: record.criterionID, metric: record.metric, scope: scope,
            severity: record.severity, passed: record.passed, outcome: outcome,
            observed: record.observed, threshold: record.threshold, comparison: comparison, use: use,
            message: record.message, baseline: baseline, point: details.point, waiver: waiver)
    }
}
