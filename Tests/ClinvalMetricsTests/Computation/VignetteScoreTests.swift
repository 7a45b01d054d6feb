import ClinvalCore
import ClinvalMetrics
import Testing

struct VignetteScoreTests {
    private func outcome(
        gold: String = "a", also: [String] = [], goldDifferential: [String]? = nil,
        triage range: TriageRange = TriageRange(.urgent), status: AnswerStatus = .ok,
        differential: [(String, Double)] = [], returned: TriageLevel? = .urgent, mustPass: Bool = false
    ) -> VignetteOutcome {
        VignetteOutcome(
            casebankID: "bank", casebankVersion: "1", vignetteID: "v1", age: 30, sex: .female, mustPass: mustPass,
            goldDiagnosis: gold, alsoCorrect: also, goldDifferential: goldDifferential, goldTriage: range, status: status,
            differential: differential.map { RankedCondition(condition: $0.0, probability: $0.1) }, triage: returned)
    }

    @Test func bestRankIsTheFirstPositionOfAnyCorrectCode() {
        let score = VignetteScore(outcome(gold: "a", also: ["c"], differential: [("b", 0.5), ("c", 0.3), ("a", 0.2)]))
        #expect(score.bestRank == 2)
        #expect(!score.isInTop(1) && score.isInTop(3))
    }

    @Test func tiesAreReadInTheGivenOrder() {
        // Ranked upstream: equal probabilities by code ascending, so "a" is first.
        let score = VignetteScore(outcome(gold: "a", differential: [("a", 0.4), ("b", 0.4)]))
        #expect(score.bestRank == 1)
    }

    @Test func anErroredVignetteHasNoRankAndIsUndertriagedEvenWithAnAnswerRecorded() {
        let score = VignetteScore(outcome(status: .timeout, differential: [("a", 0.9)], returned: .emergency))
        #expect(score.bestRank == nil)
        #expect(score.isUndertriaged && !score.isTriageWithinRange && !score.isSafelyTriaged && !score.isOvertriaged)
        #expect(score.calibration == nil && !score.isCovered && score.isError)
    }

    @Test func returnedTriageIsTheAnswersLevelAndNoneWithoutAnAnswer() {
        #expect(VignetteScore(outcome(returned: .emergency)).returnedTriage == .emergency)
        #expect(VignetteScore(outcome(returned: nil)).returnedTriage == nil)
        #expect(VignetteScore(outcome(status: .error, returned: .emergency)).returnedTriage == nil)
        #expect(VignetteScore(outcome(status: .timeout, returned: .urgent)).returnedTriage == nil)
    }

    @Test func triageAgainstARange() {
        let range = TriageRange(lower: .routine, upper: .urgent)!
        #expect(VignetteScore(outcome(triage: range, returned: .urgent)).isTriageWithinRange)
        #expect(VignetteScore(outcome(triage: range, returned: .emergency)).isOvertriaged)
        let under = VignetteScore(outcome(triage: range, returned: .selfCare))
        #expect(under.isUndertriaged && under.isSafelyTriaged)
        #expect(!VignetteScore(outcome(triage: TriageRange(.emergency), returned: .routine)).isSafelyTriaged)
    }

    @Test func anOkResultWithoutATriageLevelCountsAsUndertriaged() {
        let score = VignetteScore(outcome(returned: nil))
        #expect(score.isUndertriaged && score.isBelowEmergency && !score.isSafelyTriaged)
    }

    @Test func mustPassFailsOnRankAboveThreeOrUndertriage() {
        let deep = [("b", 0.5), ("c", 0.4), ("d", 0.3), ("a", 0.2)]
        #expect(VignetteScore(outcome(differential: deep, mustPass: true)).isMustPassFailure)
        #expect(!VignetteScore(outcome(differential: Array(deep.suffix(3)), mustPass: true)).isMustPassFailure)
        #expect(VignetteScore(outcome(differential: [("a", 1)], returned: .routine, mustPass: true)).isMustPassFailure)
    }

    @Test func differentialScoresUseTheOnePercentCutAndTheDiagnosis() throws {
        // D = {a, x, y}; P = {a, b, x} (0.01 is not above the cut)
        let score = VignetteScore(outcome(
            gold: "a", goldDifferential: ["x", "y", "a"],
            differential: [("a", 0.5), ("b", 0.2), ("x", 0.011), ("y", 0.01)]))
        let scores = try #require(score.differentialScores)
        #expect(scores.recall == 2.0 / 3.0)
        #expect(scores.precision == 2.0 / 3.0)
        #expect(abs(scores.f1 - 2.0 / 3.0) < 1e-15)
    }

    @Test func differentialScoresAreZeroWithoutPredictions() throws {
        let scores = try #require(VignetteScore(outcome(goldDifferential: ["x"], status: .error)).differentialScores)
        #expect(scores.recall == 0 && scores.precision == 0 && scores.f1 == 0)
    }

    @Test func brierCountsCorrectCodesThatWereNotReturned() throws {
        // G = {a, c}; returned a (0.6), b (0.3): (0.6−1)² + 0.3² + (0 − 1)² for c
        let point = try #require(VignetteScore(outcome(gold: "a", also: ["c"], differential: [("a", 0.6), ("b", 0.3)])).calibration)
        #expect(abs(point.brier - (0.16 + 0.09 + 1)) < 1e-15)
        #expect(point.confidence == 0.6 && point.isTopCorrect)
    }

    @Test(arguments: [
        (0.0, 1), (1.0 / 15.0, 1), (nextUp(1.0 / 15.0), 2), (2.0 / 15.0, 2), (0.2, 3), (14.0 / 15.0, 14),
        (nextUp(14.0 / 15.0), 15), (1.0, 15),
    ])
    func confidenceGoesToTheSmallestBinWhoseEdgeItDoesNotExceed(confidence: Double, bin: Int) {
        #expect(CalibrationBins.bin(for: confidence) == bin)
    }
}

private func nextUp(_ value: Double) -> Double { value.nextUp }
