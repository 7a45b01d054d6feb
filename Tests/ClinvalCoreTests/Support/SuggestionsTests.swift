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
}
