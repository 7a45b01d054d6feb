import ClinvalCore
import Testing

@testable import ClinvalCore

@Suite struct SuggestionsTests {
    @Test func suggestsTheClosestName() {
        #expect(Suggestions.closest(to: "top3_acc", in: ["top1_accuracy", "top3_accuracy"]) == nil)
        #expect(Suggestions.closest(to: "top3_acuracy", in: ["top1_accuracy", "top3_accuracy"]) == "top3_accuracy")
        #expect(Suggestions.closest(to: "Gold", in: ["gold", "id"]) == "gold")
        #expect(Suggestions.closest(to: "agee", in: ["age", "sex"]) == "age")
        #expect(Suggestions.closest(to: "zzz", in: ["age", "sex"]) == nil)
    }

    @Test func computesEditDistance() {
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("", "abc") == 3)
        #expect(Suggestions.editDistance("same", "same") == 0)
    }

    @Test func quotesAndEscapesShortValues() {
        #expect(quoted("urgnt") == "\"urgnt\"")
        #expect(quoted("a\"b\n\u{202E}") == "\"a\\\"b\\n\\u{202e}\"")
        #expect(quoted(String(repeating: "x", count: 100), limit: 5) == "\"xxxxx…\"")
    }

    @Test func escapesEveryInvisibleFormatCharacter() {
        let invisible: [Unicode.Scalar] = [
            "\u{FEFF}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}",
            "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{061C}",
        ]
        for scalar in invisible {
            let text = "a" + String(Character(scalar)) + "b"
            #expect(quoted(text) == "\"a\\u{\(String(scalar.value, radix: 16))}b\"")
        }
        // Other text is kept as it is.
        #expect(quoted("fièvre") == "\"fièvre\"")
    }
}
