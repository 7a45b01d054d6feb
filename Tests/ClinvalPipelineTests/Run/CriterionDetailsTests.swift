import ClinvalCore
import ClinvalGate
import Foundation
import ClinvalMetrics
import ClinvalStore
import Testing

@testable import ClinvalPipeline

@Suite struct CriterionDetailsTests {
    @Test func aBaselineCriterionSurvivesTheDatabaseRoundTrip() throws {
        let result = CriterionResult(
            id: "no-regression-top1", metric: "top1_accuracy", scope: .casebank("red-flags"), severity: .blocking,
            passed: false, outcome: .notMet, observed: -0.031, threshold: -0.02, comparison: .atLeast, use: .ciLower,
            message: "Top-1 accuracy fell.",
            baseline: .init(
                runID: "base", candidateValue: 0.7, baselineValue: 0.72, difference: -0.02, differenceCILower: -0.031,
                differenceCIUpper: -0.009, pValue: 0.04, pairedN: 480))
        let record = try CriterionDetails.record(result)
        #expect(record.scope == "casebank:red-flags")
        #expect(record.baseline?.pairedN == 480)
        #expect(try CriterionDetails.result(record, runID: "r") == result)
    }

    @Test func aThresholdCriterionAndANoBaselineOneSurviveToo() throws {
        let threshold = CriterionResult(
            id: "top3", metric: "top3_accuracy", scope: .age(18...39), severity: .warning, passed: true, outcome: .met,
            observed: 0.81, threshold: 0.8, comparison: .atLeast, use: .ciLower, message: "ok")
        #expect(try CriterionDetails.result(CriterionDetails.record(threshold), runID: "r") == threshold)
        let noBaseline = CriterionResult(
            id: "nr", metric: "top1_accuracy", scope: .all, severity: .blocking, passed: false, outcome: .noBaseline,
            observed: nil, threshold: -0.02, comparison: .atLeast, use: .ciLower, message: "no baseline run",
            baseline: .init(runID: nil))
        #expect(try CriterionDetails.result(CriterionDetails.record(noBaseline), runID: "r") == noBaseline)
    }

    @Test func aWaivedCriterionKeepsItsPointAndItsWaiver() throws {
        let waiver = Waiver(
            id: 9, modelName: "m", modelVersion: "1", modelSHA256: String(repeating: "a", count: 64),
            casebanksSHA256: String(repeating: "b", count: 64), policySHA256: String(repeating: "c", count: 64),
            criterionID: "top3", runID: "r", observedAtGrant: 0.7, valueAtGrant: 0.74, approver: "Dr A", role: "cso",
            reason: "fix", expiresOn: CalendarDay("2026-12-31")!, grantedAt: Date(timeIntervalSince1970: 0))
        let result = CriterionResult(
            id: "top3", metric: "top3_accuracy", scope: .all, severity: .blocking, passed: false, outcome: .notMet,
            observed: 0.7, threshold: 0.8, comparison: .atLeast, use: .ciLower, message: "waived", point: 0.74,
            waiver: WaiverUse(waiver: waiver, state: .applied))
        let record = try CriterionDetails.record(result)
        #expect(try CriterionDetails.result(record, runID: "r", waivers: [9: waiver]) == result)
        // A row naming a waiver that is not stored is an error, not a silent loss of the waiver.
        #expect(failure(record)?.contains("details_json names waiver 9, which is not stored") == true)
    }

    /// The message of the error reading `record` back as run `r`'s.
    private func failure(_ record: CriterionRecord) -> String? {
        #expect(throws: StoreError.self) { try CriterionDetails.result(record, runID: "r") }.map { error in
            #expect(error.code == .unreadableRecord)
            return error.description
        }
    }

    @Test func aStoredCriterionThatDoesNotReadBackIsAnErrorNamingTheRunAndTheCriterion() throws {
        let stored = try CriterionDetails.record(
            CriterionResult(
                id: "top3", metric: "top3_accuracy", scope: .all, severity: .blocking, passed: true, outcome: .met,
                observed: 0.9, threshold: 0.8, comparison: .atLeast, use: .point, message: "ok"))
        var record = stored
        record.detailsJSON = nil
        #expect(failure(record) == "run \"r\": criterion \"top3\": details_json is null; decide the run again with 'clinval gate' to store it")
        record.detailsJSON = "{\"outcome\":"
        #expect(failure(record) == "run \"r\": criterion \"top3\": details_json is not valid JSON")
        record.detailsJSON = "{\"comparison\":\"at_least\",\"baselineCriterion\":false}"
        #expect(failure(record) == "run \"r\": criterion \"top3\": details_json has no outcome")
        record.detailsJSON = stored.detailsJSON?.replacingOccurrences(of: "at_least", with: "around")
        #expect(failure(record) == "run \"r\": criterion \"top3\": details_json has an unknown comparison \"around\"")
        record = stored
        record.use = "median"
        #expect(
            failure(record)
                == "run \"r\": criterion \"top3\": use \"median\" is not one of point, ci_lower, ci_upper, ci_upper_exact")
        record = stored
        record.scope = "sex:other"
        #expect(failure(record)?.hasPrefix("run \"r\": criterion \"top3\": scope \"sex:other\" cannot be read: ") == true)
    }

    @Test func detailsThatCannotBeWrittenAsJSONAreAnErrorNotAMissingValue() throws {
        let result = CriterionResult(
            id: "nr", metric: "top1_accuracy", scope: .all, severity: .blocking, passed: false, outcome: .notMet,
            observed: -0.1, threshold: -0.02, comparison: .atLeast, use: .point, message: "fell",
            baseline: .init(runID: "base", candidateValue: .nan))
        #expect(throws: EncodingError.self) { try CriterionDetails.record(result) }
    }
}
