import ClinvalCore
import ClinvalMetrics
import Testing

@testable import ClinvalReports

/// The review queue's categories, their order, and the sample of hits, on vignettes written by
/// hand so that each falls in the category named beside it.
@Suite struct ReviewQueueTests {
    static func vignette(
        _ id: String, bank: String = "b", mustPass: Bool = false, gold: String = "flu",
        triage: TriageRange = TriageRange(.routine), answer: [String] = ["flu"], advised: TriageLevel? = .routine,
        status: AnswerStatus = .ok
    ) -> ReportVignette {
        ReportVignette(
            outcome: VignetteOutcome(
                casebankID: bank, casebankVersion: "1", vignetteID: id, age: 40, sex: .female, mustPass: mustPass,
                goldDiagnosis: gold, goldTriage: triage, status: status,
                differential: status == .ok
                    ? answer.enumerated().map { RankedCondition(condition: $0.element, probability: 0.9 - Double($0.offset) * 0.1) }
                    : [],
                triage: status == .ok ? advised : nil))
    }

    static let emergency = TriageRange(.emergency)

    /// One vignette of each kind, the label its category should be.
    static let table: [(ReportVignette, ReviewCategory?)] = [
        // must_pass, right diagnosis but sent routine for an emergency: the must-pass test fails first.
        (vignette("mp", mustPass: true, triage: emergency, advised: .routine), .mustPassMissed),
        // An emergency advised urgent, diagnosis right.
        (vignette("em", triage: emergency, advised: .urgent), .emergencyUndertriage),
        // An emergency with no answer at all is still an emergency missed.
        (vignette("em-error", triage: emergency, status: .error), .emergencyUndertriage),
        // Urgent needed, routine advised.
        (vignette("under", triage: TriageRange(.urgent), advised: .routine), .undertriage),
        // Correct condition ranked 4th.
        (vignette("rank4", answer: ["a", "b", "c", "flu"]), .diagnosisMiss),
        // No answer on a routine case.
        (vignette("timeout", status: .timeout), .diagnosisMiss),
        // Correct, but one answer names a condition the model does not know.
        (vignette("unknown", answer: ["flu", "zz-not-a-condition"]), .unmatched),
        // Correct and over-triaged: not a miss the queue lists.
        (vignette("over", advised: .urgent), nil),
        // Correct within the top 3.
        (vignette("hit", answer: ["a", "flu"]), nil),
    ]

    static let known: Set<String> = ["flu", "a", "b", "c"]

    @Test func eachVignetteFallsInTheFirstCategoryThatApplies() {
        for (vignette, expected) in Self.table {
            #expect(ReviewQueue.missCategory(vignette, knownConditions: Self.known) == expected, "\(vignette.outcome.vignetteID)")
        }
        // Without a vocabulary no answer is unmatched.
        #expect(ReviewQueue.missCategory(Self.table[6].0) == nil)
    }

    @Test func theQueueListsMissesByCategoryThenBankAndIdThenTheSample() {
        let misses = Self.table.map(\.0) + [Self.vignette("rank4", bank: "a", answer: ["x", "y", "z"])]
        let queue = ReviewQueue.build(misses.reversed(), runID: "r1", knownConditions: Self.known)
        #expect(
            queue.map { "\($0.category.rawValue) \($0.key)" } == [
                "must_pass_missed b/mp", "emergency_undertriage b/em", "emergency_undertriage b/em-error",
                "undertriage b/under", "diagnosis_miss a/rank4", "diagnosis_miss b/rank4", "diagnosis_miss b/timeout",
                "unmatched b/unknown", "sample b/hit", "sample b/over",
            ])
        #expect(queue[0].reason == "under-triaged: routine where emergency was required")
        #expect(queue[0].mustPass)
        #expect(queue[6].reason == "no answer: timeout")
        #expect(queue.last?.reason == "correct")
    }

    @Test func theSampleIsFivePercentBetweenTenAndFiveHundred() {
        #expect(ReviewQueue.sampleSize(hits: 0) == 0)
        #expect(ReviewQueue.sampleSize(hits: 7) == 7)
        #expect(ReviewQueue.sampleSize(hits: 10) == 10)
        #expect(ReviewQueue.sampleSize(hits: 199) == 10)
        #expect(ReviewQueue.sampleSize(hits: 201) == 11)
        #expect(ReviewQueue.sampleSize(hits: 2_000) == 100)
        #expect(ReviewQueue.sampleSize(hits: 100_000) == 500)
    }

    @Test func theSampleIsTheSameForARunAndDiffersBetweenRuns() {
        let hits = (0..<400).map { Self.vignette(String(format: "h-%03d", $0)) }
        let first = ReviewQueue.build(hits, runID: "run-a").map(\.key)
        #expect(first.count == 20)
        #expect(ReviewQueue.build(hits.shuffled(), runID: "run-a").map(\.key) == first)
        #expect(ReviewQueue.build(hits, runID: "run-b").map(\.key) != first)
        // Spread over the bank, not its first twenty.
        #expect(first.map(\.vignetteID) != (0..<20).map { String(format: "h-%03d", $0) })
    }

    @Test func theSampleRankIsSixtyFourBitFNV1aMixed() {
        // FNV-1a 64 of "r1\0b/x" then MurmurHash3's fmix64, computed with Python:
        // M = 2**64; h = 0xcbf29ce484222325
        // for byte in b"r1\x00b/x": h = ((h ^ byte) * 0x100000001b3) % M
        // h ^= h >> 33; h = h * 0xff51afd7ed558ccd % M; h ^= h >> 33; h = h * 0xc4ceb9fe1a85ec53 % M; h ^= h >> 33
        #expect(ReviewQueue.sampleRank(runID: "r1", key: VignetteKey(casebankID: "b", vignetteID: "x")) == 0xeece_5e33_9f66_006f)
    }
}
