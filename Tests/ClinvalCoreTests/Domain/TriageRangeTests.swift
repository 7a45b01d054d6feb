import ClinvalCore
import Testing

@Suite struct TriageRangeTests {
    @Test func singleLevelContainsOnlyThatLevel() {
        let range = TriageRange(.urgent)
        #expect(TriageLevel.allCases.filter(range.contains) == [.urgent])
        #expect(range.isSingleLevel)
    }

    @Test func rangeContainsBothEndsAndEveryLevelBetween() throws {
        let range = try #require(TriageRange(lower: .selfCare, upper: .urgent))
        #expect(TriageLevel.allCases.filter(range.contains) == [.selfCare, .routine, .urgent])
        #expect(!range.isSingleLevel)
    }

    @Test func invertedRangeCannotBeMade() {
        #expect(TriageRange(lower: .emergency, upper: .routine) == nil)
    }

    @Test func descriptionIsWrittenAsInABank() throws {
        #expect(TriageRange(.selfCare).description == "self_care")
        #expect(try #require(TriageRange(lower: .routine, upper: .emergency)).description == "[routine, emergency]")
    }
}
