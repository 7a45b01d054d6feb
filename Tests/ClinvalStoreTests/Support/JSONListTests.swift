import Foundation
import Testing

@testable import ClinvalStore

@Suite struct JSONListTests {
    @Test func plainCodesAreJoinedWithoutSpaces() {
        #expect(JSONList.encode(["E_55", "E_57"]) == #"["E_55","E_57"]"#)
        #expect(JSONList.encode([]) == "[]")
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        #expect(JSONList.encode(["a\"b", "c\\d", "e\nf\u{1}"]) == #"["a\"b","c\\d","e\nf\u0001"]"#)
    }

    @Test func encodedListsDecodeToTheSameStrings() throws {
        let values = ["a\"b", "c\\d", "e\nf\u{1}", "pneumonía", ""]
        #expect(try JSONList.decode(JSONList.encode(values), decoder: JSONDecoder()) == values)
    }
}
