import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

/// Adjudications, waivers and signatures: stored, read back, each with its audit entry; and the
/// metrics and criteria of the two labels modes side by side.
@Suite struct ResultStoreReviewTests {
    static let chestPain = VignetteKey(casebankID: "common", vignetteID: "c-1")

    static func adjudication(
        _ vignette: VignetteKey = chestPain, digest: String = StoreFixtures.hex("4"),
        conclusion: AdjudicationConclusion = .labelError, at offset: TimeInterval = 0
    ) -> Adjudication {
        Adjudication(
            vignette: vignette, vignetteDigest: digest, runID: "run-1", conclusion: conclusion,
            diagnosis: conclusion == .labelError ? "unstable-angina" : nil,
            alsoCorrect: conclusion == .labelError ? ["possible-nstemi-stemi"] : [],
            triage: conclusion == .labelError ? TriageRange(lower: .urgent, upper: .emergency) : nil,
            reviewer: "Dr Zoë Okafor", comment: "ECG \"changes\"\nreviewed", createdAt: StoreFixtures.auditTime + offset)
    }

    static func waiver(criterion: String = "top3", modelVersion: String = "1.0.0") -> Waiver {
        Waiver(
            modelName: "ddxplus-noisy-or", modelVersion: modelVersion, modelSHA256: StoreFixtures.hex("a"),
            casebanksSHA256: StoreFixtures.hex("5"), policySHA256: StoreFixtures.hex("c"), criterionID: criterion,
            runID: "run-1", observedAtGrant: 0.1 + 0.2, valueAtGrant: 1e-05, approver: "Dr Ola Berg",
            role: "clinical-safety-officer", reason: "Known gap; fix in 1.1", hazard: "HAZ-12",
            expiresOn: CalendarDay("2027-01-31")!, grantedAt: StoreFixtures.auditTime)
    }

    static func store() throws -> (TemporaryDirectory, ResultStore) {
        let folder = TemporaryDirectory()
        var store = try StoreFixtures.storeWithRun(in: folder)
        store.now = { StoreFixtures.auditTime }
        return (folder, store)
    }

    @Test func anAdjudicationIsStoredWithAllItsFieldsAndItsAuditEntry() throws {
        let (_, store) = try Self.store()
        let stored = try store.recordAdjudication(Self.adjudication())
        #expect(stored.id == 1)
        var expected = Self.adjudication()
        expected.id = 1
        #expect(stored == expected)
        #expect(try store.adjudications(of: Self.chestPain) == [expected])
        let entry = try #require(try store.auditEntries().last)
        #expect(entry.action == .adjudication)
        #expect(entry.runID == "run-1")
        #expect(
            entry.payloadJSON
                == #"{"also_correct":["possible-nstemi-stemi"],"casebank_id":"common","comment":"ECG \"changes\"\nreviewed","conclusion":"label_error","created_at":"2026-12-02T10:15:00Z","diagnosis":"unstable-angina","id":1,"reviewer":"Dr Zoë Okafor","run_id":"run-1","triage_hi":"emergency","triage_lo":"urgent","vignette_digest":"\#(StoreFixtures.hex("4"))","vignette_id":"c-1"}"#
        )
    }

    @Test func theLatestAdjudicationOfAVignettesContentStandsAndTheOthersAreItsHistory() throws {
        let (_, store) = try Self.store()
        let first = try store.recordAdjudication(Self.adjudication(conclusion: .unclear))
        let second = try store.recordAdjudication(Self.adjudication(conclusion: .labelError, at: 60))
        // The vignette's content changed since: an adjudication of the new content.
        let third = try store.recordAdjudication(
            Self.adjudication(digest: StoreFixtures.hex("7"), conclusion: .modelError, at: 120))
        let other = VignetteKey(casebankID: "red-flags", vignetteID: "rf-001")
        let elsewhere = try store.recordAdjudication(Self.adjudication(other, conclusion: .acceptableAlternative))

        #expect(try store.adjudications(of: Self.chestPain) == [third, second, first])
        #expect(
            try store.standingAdjudications(for: [Self.chestPain: StoreFixtures.hex("4"), other: StoreFixtures.hex("4")])
                == [Self.chestPain: second, other: elsewhere])
        #expect(try store.standingAdjudications(for: [Self.chestPain: StoreFixtures.hex("7")]) == [Self.chestPain: third])
        #expect(try store.standingAdjudications(for: [Self.chestPain: StoreFixtures.hex("8")]).isEmpty)
        #expect(try store.standingAdjudications(for: [:]).isEmpty)
        #expect(try StoreFixtures.actions(store).suffix(4) == Array(repeating: .adjudication, count: 4))
    }

    @Test func anAdjudicationOfAnUnknownRunOrVignetteIsRefused() throws {
        let (_, store) = try Self.store()
        var unknownRun = Self.adjudication()
        unknownRun.runID = "run-9"
        #expect(throws: StoreError.self) { try store.recordAdjudication(unknownRun) }
        let error = #expect(throws: StoreError.self) {
            try store.recordAdjudication(Self.adjudication(VignetteKey(casebankID: "common", vignetteID: "c-9")))
        }
        #expect(error?.code == .invalidRecord)
        #expect(error?.message == "run \"run-1\" has no vignette \"common/c-9\"")
        #expect(try store.adjudications(of: Self.chestPain).isEmpty)
    }

    @Test func waiversAreFoundByRunAndByModelBanksPolicyAndCriterion() throws {
        let (_, store) = try Self.store()
        let top3 = try store.recordWaiver(Self.waiver())
        let errors = try store.recordWaiver(Self.waiver(criterion: "error-rate"))
        _ = try store.recordWaiver(Self.waiver(modelVersion: "1.1.0"))
        #expect(top3.id == 1)
        var expected = Self.waiver()
        expected.id = 1
        #expect(top3 == expected)
        #expect(try store.waivers(runID: "run-1").map(\.id) == [1, 2, 3])
        #expect(try store.waivers(runID: "run-2").isEmpty)
        let model = StoreFixtures.model
        #expect(
            try store.waivers(model: model, casebanksSHA256: StoreFixtures.hex("5"), policySHA256: StoreFixtures.hex("c"))
                == [top3, errors])
        #expect(
            try store.waivers(
                model: model, casebanksSHA256: StoreFixtures.hex("5"), policySHA256: StoreFixtures.hex("c"),
                criterionID: "error-rate") == [errors])
        #expect(
            try store.waivers(model: model, casebanksSHA256: StoreFixtures.hex("6"), policySHA256: StoreFixtures.hex("c"))
                .isEmpty)
        let entry = try #require(try store.auditEntries().dropLast(2).last)
        #expect(entry.action == .waiver)
        let payload = try StoreFixtures.payload(entry)
        #expect(payload["expires_on"] as? String == "2027-01-31")
        #expect(entry.payloadJSON.contains(#""observed_at_grant":0.30000000000000004,"#))
        #expect(entry.payloadJSON.contains(#""value_at_grant":1e-05}"#))
    }

    @Test func signaturesAreStoredOldestFirst() throws {
        let (_, store) = try Self.store()
        var decision = ResultStoreTests.decision()
        decision.decisionSHA256 = StoreFixtures.hex("9")
        try store.storeDecision(decision, runID: "run-1")
        let reviewed = try store.recordSignature(
            Signature(
                runID: "run-1", name: "Dr Zoë Okafor", role: "reviewer", meaning: .reviewed,
                decisionSHA256: StoreFixtures.hex("9"), signedAt: StoreFixtures.auditTime))
        let approved = try store.recordSignature(
            Signature(
                runID: "run-1", name: "Dr Ola Berg", role: "clinical-safety-officer", meaning: .approved,
                decisionSHA256: StoreFixtures.hex("9"), comment: "ok", signedAt: StoreFixtures.auditTime + 5))
        #expect(try store.signatures(runID: "run-1") == [reviewed, approved])
        #expect(approved.id == 2)
        #expect(try store.signatures(runID: "run-2").isEmpty)
        #expect(try StoreFixtures.actions(store).suffix(2) == [.signature, .signature])
        #expect(throws: StoreError.self) {
            try store.recordSignature(
                Signature(
                    runID: "run-9", name: "x", role: "y", meaning: .approved, decisionSHA256: StoreFixtures.hex("9"),
                    signedAt: StoreFixtures.auditTime))
        }
    }

    @Test func aSignatureOnADecisionTheRunNoLongerHasIsRefusedAndNothingIsWritten() throws {
        let (_, store) = try Self.store()
        var decision = ResultStoreTests.decision()
        decision.decisionSHA256 = StoreFixtures.hex("9")
        try store.storeDecision(decision, runID: "run-1")
        let entries = try store.auditEntries().count
        for digest in [StoreFixtures.hex("8"), ""] {
            let error = #expect(throws: StoreError.self) {
                try store.recordSignature(
                    Signature(
                        runID: "run-1", name: "Dr Ola Berg", role: "clinical-safety-officer", meaning: .approved,
                        decisionSHA256: digest, signedAt: StoreFixtures.auditTime))
            }
            #expect(error?.code == .staleState)
        }
        #expect(try store.signatures(runID: "run-1").isEmpty)
        #expect(try store.auditEntries().count == entries)
    }

    @Test func anAdjudicationOnAStaleStateIsRefusedAndTheCurrentOneIsRecorded() throws {
        let (_, store) = try Self.store()
        // The first reviewer saw no adjudication; so did the second, who submits later.
        let first = try store.recordAdjudication(Self.adjudication(conclusion: .unclear), seen: .latestAdjudication(nil))
        let entries = try store.auditEntries().count
        let stale = #expect(throws: StoreError.self) {
            try store.recordAdjudication(Self.adjudication(conclusion: .labelError, at: 60), seen: .latestAdjudication(nil))
        }
        #expect(stale?.code == .staleState)
        #expect(try store.auditEntries().count == entries)
        #expect(try store.adjudications(of: first.vignette) == [first])
        // Having seen the first, the second reviewer's adjudication is recorded.
        let second = try store.recordAdjudication(
            Self.adjudication(conclusion: .labelError, at: 60), seen: .latestAdjudication(first.id))
        #expect(try store.adjudications(of: first.vignette) == [second, first])
        // Another vignette's adjudications are not this one's state.
        let other = VignetteKey(casebankID: "common", vignetteID: "c-2")
        #expect(throws: Never.self) {
            try store.recordAdjudication(Self.adjudication(other, conclusion: .modelError), seen: .latestAdjudication(nil))
        }
        #expect(try store.allAdjudications().map(\.conclusion) == [.modelError, .labelError, .unclear])
    }

    @Test func aWaiverOnADecisionTheRunNoLongerHasIsRefused() throws {
        let (_, store) = try Self.store()
        var decision = ResultStoreTests.decision()
        decision.decisionSHA256 = StoreFixtures.hex("9")
        try store.storeDecision(decision, runID: "run-1")
        let error = #expect(throws: StoreError.self) { try store.recordWaiver(Self.waiver(), seen: .decision(StoreFixtures.hex("8"))) }
        #expect(error?.code == .staleState)
        #expect(try store.waivers(runID: "run-1").isEmpty)
        #expect(try store.recordWaiver(Self.waiver(), seen: .decision(StoreFixtures.hex("9"))).id != nil)
    }

    @Test func aDecisionReplacesOnlyTheMetricsAndCriteriaOfItsLabelsMode() throws {
        let (_, store) = try Self.store()
        let asLabelled = ResultStoreTests.decision(verdict: .fail)
        try store.storeDecision(asLabelled, runID: "run-1")
        var adjudicated = ResultStoreTests.decision(
            verdict: .pass, metrics: [MetricValue(scope: .all, metric: "top3_accuracy", value: 1, n: 5)])
        adjudicated.labels = .adjudicated
        try store.storeDecision(adjudicated, runID: "run-1")
        #expect(try store.metrics(runID: "run-1") == asLabelled.metrics)
        #expect(try store.metrics(runID: "run-1", labels: .adjudicated) == adjudicated.metrics)
        #expect(try store.criteria(runID: "run-1", labels: .adjudicated) == adjudicated.criteria)
        #expect(try store.run(id: "run-1")?.labels == .adjudicated)
        #expect(try store.run(id: "run-1")?.verdict == .pass)
        // Deciding as labelled again leaves the adjudicated rows alone.
        try store.storeDecision(ResultStoreTests.decision(verdict: .fail, metrics: []), runID: "run-1")
        #expect(try store.metrics(runID: "run-1").isEmpty)
        #expect(try store.metrics(runID: "run-1", labels: .adjudicated) == adjudicated.metrics)
        #expect(try store.run(id: "run-1")?.labels == .asLabelled)
    }
}
