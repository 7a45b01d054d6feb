import ClinvalCore
import ClinvalModels
import Testing

@Suite("NoisyORModel")
struct NoisyORModelTests {
    private let condition = Condition(
        id: "pneumonia", label: "Pneumonia", urgency: .urgent, prior: 0.1, sexFactor: [.male: 2],
        ageFactor: [AgeBand(from: 0, to: 17, factor: 0.5), AgeBand(from: 65, to: 120, factor: 3)], links: [])

    @Test func priorWithoutFactorsIsThePrior() {
        #expect(condition.prior(age: 40, sex: .female) == 0.1)
    }

    @Test func priorMultipliesSexAndAgeFactors() {
        #expect(abs(condition.prior(age: 10, sex: .male) - 0.1) < 1e-15)
        #expect(abs(condition.prior(age: 70, sex: .female) - 0.3) < 1e-15)
    }

    @Test func ageBandsIncludeBothEnds() {
        #expect(condition.prior(age: 17, sex: .female) == 0.05)
        #expect(condition.prior(age: 18, sex: .female) == 0.1)
        #expect(condition.prior(age: 65, sex: .female) == condition.prior(age: 120, sex: .female))
    }

    @Test func priorIsCappedAt0999() {
        var strong = condition
        strong.prior = 0.5
        #expect(strong.prior(age: 70, sex: .male) == 0.999)
    }

    @Test func aFactorOfZeroMakesTheConditionImpossible() {
        var excluded = condition
        excluded.sexFactor = [.female: 0]
        #expect(excluded.prior(age: 40, sex: .female) == 0)
    }

    @Test func bandsOverlapWhenTheyShareAnAge() {
        #expect(AgeBand(from: 0, to: 17, factor: 1).overlaps(AgeBand(from: 17, to: 30, factor: 1)))
        #expect(!AgeBand(from: 0, to: 17, factor: 1).overlaps(AgeBand(from: 18, to: 30, factor: 1)))
        #expect(AgeBand(from: 10, to: 20, factor: 1).overlaps(AgeBand(from: 0, to: 120, factor: 1)))
    }

    @Test func indexesMapIdsToPositionsKeepingTheFirst() {
        let model = NoisyORModel(
            name: "m", version: "1", vocabulary: "v",
            findings: [Finding(id: "A"), Finding(id: "B"), Finding(id: "A")],
            conditions: [condition], triage: TriageRules(thresholds: [:]))
        #expect(model.findingIndex == ["A": 0, "B": 1])
        #expect(model.conditionIndex == ["pneumonia": 0])
        #expect(model.findingIDs == ["A", "B"])
    }
}
