import ClinvalCore
import Testing

@testable import ClinvalAdapters

@Suite struct ModelResponseTests {
    private func parse(_ line: String) -> ModelResponse {
        let bytes = Array(line.utf8)
        return ModelResponse.parse(bytes, range: 0..<bytes.count)
    }

    private func malformed(_ line: String) -> String? {
        guard case .tied(_, .malformed(let message)) = parse(line) else { return nil }
        return message
    }

    @Test func readsAWellFormedAnswer() {
        let response = parse(
            #"{"id":"b/v1","differential":[{"condition":"flu","probability":0.25},{"condition":"cold","probability":1}],"triage":"routine"}"#
        )
        #expect(
            response
                == .tied(
                    id: "b/v1",
                    .answer(
                        [
                            RankedCondition(condition: "flu", probability: 0.25),
                            RankedCondition(condition: "cold", probability: 1),
                        ], .routine)))
    }

    @Test func toleratesExtraKeysAndSurroundingSpace() {
        let response = parse(#"  {"id":"b/v1","differential":[],"triage":"self_care","note":"x"}  "#)
        #expect(response == .tied(id: "b/v1", .answer([], .selfCare)))
    }

    @Test func readsAnErrorResponse() {
        #expect(
            parse(#"{"id":"b/v1","error":"no model for kids"}"#)
                == .tied(id: "b/v1", .modelError("model error: \"no model for kids\"")))
    }

    @Test func capsAModelErrorText() {
        let text = String(repeating: "x", count: 500)
        guard case .tied(_, .modelError(let message)) = parse(#"{"id":"b/v1","error":"\#(text)"}"#) else {
            Issue.record("not an error response")
            return
        }
        #expect(message == "model error: \"" + String(repeating: "x", count: 200) + "…\"")
    }

    @Test func blankLineIsIgnored() {
        #expect(parse("   \r") == .blank)
    }

    @Test func lineThatIsNotJSONCannotBeTied() {
        #expect(parse("hello there") == .untied("a line that is not JSON (column 1: expected a JSON value, found 'h')"))
    }

    @Test func lineThatIsNotUTF8CannotBeTied() {
        let bytes: [UInt8] = [0x7B, 0xFF, 0x7D]
        #expect(ModelResponse.parse(bytes, range: 0..<3) == .untied("a line that is not UTF-8 text"))
    }

    @Test func responseWithoutIDCannotBeTied() {
        #expect(parse(#"{"differential":[],"triage":"urgent"}"#) == .untied("a response without an \"id\""))
    }

    @Test func responseWithNumericIDCannotBeTied() {
        #expect(parse(#"{"id":7}"#) == .untied("a response whose \"id\" is not a string (found a number (7))"))
    }

    @Test func jsonArrayCannotBeTied() {
        #expect(parse("[1,2]") == .untied("a line that is not a JSON object (found a list)"))
    }

    @Test func probabilityAboveOneIsMalformed() {
        #expect(
            malformed(#"{"id":"b/v","differential":[{"condition":"a","probability":1.5}],"triage":"urgent"}"#)
                == "malformed response: differential[0].probability: 1.5 is outside [0, 1]")
    }

    @Test func negativeProbabilityIsMalformed() {
        #expect(
            malformed(#"{"id":"b/v","differential":[{"condition":"a","probability":-0.1}],"triage":"urgent"}"#)
                == "malformed response: differential[0].probability: -0.1 is outside [0, 1]")
    }

    @Test func nanProbabilityIsMalformedButTied() {
        #expect(
            malformed(#"{"id": "b/v", "differential": [{"condition": "a", "probability": NaN}], "triage": "urgent"}"#)
                == "malformed response: differential[0].probability: NaN is not a finite number")
    }

    @Test func infiniteProbabilitiesAreMalformedButTied() {
        #expect(
            malformed(
                #"{"id":"b/v","differential":[{"condition":"a","probability":-Infinity},{"condition":"b","probability":1e999}],"triage":"urgent"}"#
            )
                == "malformed response: differential[0].probability: -Infinity is not a finite number; differential[1].probability: 1e999 is not a finite number"
        )
    }

    @Test func nanInsideAStringIsLeftAlone() {
        #expect(
            malformed(#"{"id":"b/v","differential":[{"condition":"a","probability":"NaN"}],"triage":"urgent"}"#)
                == "malformed response: differential[0].probability: expected a number in [0, 1], found \"NaN\"")
    }

    @Test func repeatedConditionIsMalformed() {
        #expect(
            malformed(
                #"{"id":"b/v","differential":[{"condition":"a","probability":0.5},{"condition":"a","probability":0.1}],"triage":"urgent"}"#
            ) == "malformed response: differential[1].condition: \"a\" is repeated")
    }

    @Test func unknownTriageLevelIsMalformed() {
        #expect(
            malformed(#"{"id":"b/v","differential":[],"triage":"urgnt"}"#)
                == "malformed response: triage: expected one of emergency, urgent, routine, self_care, found \"urgnt\"")
    }

    @Test func missingFieldsAreMalformed() {
        #expect(malformed(#"{"id":"b/v"}"#) == "malformed response: missing \"differential\"; missing \"triage\"")
    }

    @Test func wrongShapesAreMalformed() {
        #expect(
            malformed(#"{"id":"b/v","differential":[3,{"probability":0.1},{"condition":""}],"triage":null}"#)
                == "malformed response: differential[0]: expected a mapping with condition and probability, found a number (3); differential[1]: missing \"condition\"; differential[2].condition: empty; and 2 more"
        )
    }

    @Test func duplicateKeyMakesTheLineNotJSON() {
        guard case .untied(let reason) = parse(#"{"id":"b/v","id":"b/w"}"#) else {
            Issue.record("expected an untied line")
            return
        }
        #expect(reason.hasPrefix("a line that is not JSON (column "))
    }
}
