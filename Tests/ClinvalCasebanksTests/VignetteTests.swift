import ClinvalCasebanks
import ClinvalCore
import Testing

@Suite struct VignetteTests {
    private let vignette = Vignette(
        id: "rf-001", age: 58, sex: .male, present: ["E_55", "E_57"], absent: ["E_91"],
        gold: GoldLabel(diagnosis: "possible-nstemi-stemi", alsoCorrect: ["unstable-angina"], triage: TriageRange(.emergency)),
        index: 3, line: 41)

    @Test func findingCodesArePresentThenAbsent() {
        #expect(vignette.findingCodes == ["E_55", "E_57", "E_91"])
    }

    @Test func allCodesAddTheGoldCodes() {
        #expect(vignette.allCodes == ["E_55", "E_57", "E_91", "possible-nstemi-stemi", "unstable-angina"])
    }

    @Test func fieldPathNamesThePositionInTheBank() {
        #expect(vignette.fieldPath.appending("gold").description == "vignettes[3].gold")
    }
}
