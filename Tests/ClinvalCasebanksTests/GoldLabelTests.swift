import ClinvalCasebanks
import ClinvalCore
import Testing

@Suite struct GoldLabelTests {
    @Test func correctCodesAreTheDiagnosisAndAlsoCorrect() {
        let gold = GoldLabel(
            diagnosis: "possible-nstemi-stemi", alsoCorrect: ["unstable-angina"], differential: ["pericarditis"],
            triage: TriageRange(.emergency))
        #expect(gold.correctCodes == ["possible-nstemi-stemi", "unstable-angina"])
    }

    @Test func allCodesListsEachCodeOnceInOrder() {
        let gold = GoldLabel(
            diagnosis: "pneumonia", alsoCorrect: ["bronchitis"], differential: ["pneumonia", "bronchitis", "urti"],
            triage: TriageRange(.urgent))
        #expect(gold.allCodes == ["pneumonia", "bronchitis", "urti"])
    }
}
