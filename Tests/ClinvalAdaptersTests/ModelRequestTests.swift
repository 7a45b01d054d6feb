import ClinvalAdapters
import ClinvalCore
import Testing

@Suite struct ModelRequestTests {
    @Test func jsonLineIsTheContractsExactText() {
        let request = ModelRequest(
            casebankID: "red-flags", vignetteID: "rf-001", age: 58, sex: .male, present: ["E_55", "E_57"],
            absent: ["E_91"])
        #expect(
            request.jsonLine
                == #"{"id":"red-flags/rf-001","age":58,"sex":"male","present":["E_55","E_57"],"absent":["E_91"]}"#)
    }

    @Test func jsonLineAlwaysHasAbsentEvenWhenEmpty() {
        let request = ModelRequest(id: "b/v", age: 0, sex: .female, present: [], absent: [])
        #expect(request.jsonLine == #"{"id":"b/v","age":0,"sex":"female","present":[],"absent":[]}"#)
    }

    @Test func jsonLineEscapesQuotesBackslashesAndControlCharacters() {
        let request = ModelRequest(id: "b/\"q\"\\\n\t\u{1}é", age: 7, sex: .male, present: ["a\u{7F}"], absent: [])
        #expect(
            request.jsonLine
                == #"{"id":"b/\"q\"\\\n\t\u0001é","age":7,"sex":"male","present":["a\u007f"],"absent":[]}"#)
    }
}
