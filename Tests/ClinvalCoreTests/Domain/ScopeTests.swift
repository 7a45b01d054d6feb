import ClinvalCore
import Testing

struct ScopeTests {
    private func message(_ text: String) -> String? {
        if case .failure(let error) = Scope.parse(text) { return error.message }
        return nil
    }

    // MARK: Valid scopes

    @Test(arguments: [
        ("all", Scope.all),
        ("casebank:red-flags", .casebank("red-flags")),
        ("tag:cardiac", .tag("cardiac")),
        ("tag:COVID-19", .tag("COVID-19")),
        ("tag:self_care", .tag("self_care")),
        ("tag:v1.2", .tag("v1.2")),
        ("sex:female", .sex(.female)),
        ("sex:male", .sex(.male)),
        ("age:18-39", .age(18...39)),
        ("age:0-120", .age(0...120)),
        ("age:65-65", .age(65...65)),
        ("triage:self_care", .triage(.selfCare)),
        ("triage:emergency", .triage(.emergency)),
        ("condition:possible-nstemi-stemi", .condition("possible-nstemi-stemi")),
        ("condition:E_55.x", .condition("E_55.x")),
    ])
    func parsesEachKindAndGivesBackTheSameText(text: String, scope: Scope) throws {
        let parsed = try Scope.parse(text).get()
        #expect(parsed == scope)
        #expect(parsed.description == text)
    }

    @Test func ageWithLeadingZerosReadsToTheCanonicalText() throws {
        #expect(try Scope.parse("age:018-039").get().description == "age:18-39")
    }

    @Test(arguments: ["icd:I21", "a/b", "fièvre", "red\u{200B}flag"])
    func tagOutsideTheIDPatternIsRejected(tag: String) {
        #expect(message("tag:" + tag) == "expected a tag [A-Za-z0-9._-]+ after tag:, found \(quoted(tag))")
    }

    @Test func standardBreakdownsAreTheFixedScopesOfTheContract() {
        #expect(Scope.standardBreakdowns.map(\.description) == [
            "sex:female", "sex:male", "age:0-17", "age:18-39", "age:40-64", "age:65-120",
            "triage:emergency", "triage:urgent", "triage:routine", "triage:self_care",
        ])
    }

    @Test func standardBreakdownsRoundTrip() throws {
        for scope in Scope.standardBreakdowns {
            #expect(try Scope.parse(scope.description).get() == scope)
        }
    }

    // MARK: Errors

    static let forms = "all, casebank:ID, tag:T, sex:S, age:LO-HI, triage:LEVEL, condition:CODE"

    @Test func emptyTextIsRejected() {
        #expect(message("") == "empty scope; expected \(Self.forms)")
        #expect(message("  ") == "empty scope; expected \(Self.forms)")
    }

    @Test func whiteSpaceIsRejected() {
        #expect(message("sex: female") == "unexpected white space in scope \"sex: female\"; expected \(Self.forms)")
    }

    @Test func unknownKindSuggestsTheKindItContains() {
        #expect(
            message("bank:red-flags")
                == "unknown scope kind \"bank\"; did you mean \"casebank\"? expected \(Self.forms)")
    }

    @Test func unknownKindSuggestsAMistypedKind() {
        #expect(message("tirage:urgent") == "unknown scope kind \"tirage\"; did you mean \"triage\"? expected \(Self.forms)")
    }

    @Test func unknownKindSuggestsTheRightCase() {
        #expect(message("All") == "unknown scope kind \"All\"; did you mean \"all\"? expected \(Self.forms)")
    }

    @Test func unknownKindWithoutSuggestionListsTheForms() {
        #expect(message("ward:3") == "unknown scope kind \"ward\"; expected \(Self.forms)")
    }

    @Test func bareSexSuggestsTheSexScope() {
        #expect(message("female") == "unknown scope \"female\"; did you mean \"sex:female\"?")
    }

    @Test func bareTriageLevelSuggestsTheTriageScope() {
        #expect(message("self_care") == "unknown scope \"self_care\"; did you mean \"triage:self_care\"?")
    }

    @Test func allTakesNoValue() {
        #expect(message("all:x") == "scope all takes no value, found \"all:x\"")
    }

    @Test(arguments: [
        ("casebank", "scope \"casebank\" needs a value: casebank:ID"),
        ("casebank:", "scope \"casebank:\" needs a value: casebank:ID"),
        ("tag:", "scope \"tag:\" needs a value: tag:T"),
        ("sex", "scope \"sex\" needs a value: sex:female or sex:male"),
        ("age:", "scope \"age:\" needs a value: age:LO-HI, such as age:18-39"),
        ("triage", "scope \"triage\" needs a value: triage:LEVEL, such as triage:emergency"),
        ("condition:", "scope \"condition:\" needs a value: condition:CODE"),
    ])
    func kindWithoutValueIsRejected(text: String, expected: String) {
        #expect(message(text) == expected)
    }

    @Test func badBankIdIsRejected() {
        #expect(message("casebank:Red_Flags") == "expected a bank id [a-z0-9][a-z0-9-]* after casebank:, found \"Red_Flags\"")
    }

    @Test func unknownSexIsRejected() {
        #expect(message("sex:m") == "expected sex:female or sex:male, found \"sex:m\"")
    }

    @Test(arguments: ["age:18", "age:18-", "age:-18", "age:18-39-65", "age:a-b", "age:18.5-39", "age:+1-5"])
    func malformedAgeIsRejected(text: String) {
        #expect(message(text) == "expected age:LO-HI in whole years, such as age:18-39, found \(quoted(text))")
    }

    @Test(arguments: ["age:18-121", "age:200-300", "age:0-99999999999999999999999"])
    func ageOutsideZeroTo120IsRejected(text: String) {
        #expect(message(text) == "expected ages from 0 to 120 in scope, found \(quoted(text))")
    }

    @Test func backwardsAgeRangeIsRejected() {
        #expect(message("age:40-18") == "age scope \"age:40-18\" runs backwards; expected LO ≤ HI, such as age:18-40")
    }

    @Test func unknownTriageLevelSuggestsTheClosest() {
        #expect(
            message("triage:urgnt")
                == "unknown triage level \"urgnt\" in scope; did you mean \"urgent\"? expected one of emergency, urgent, routine, self_care")
    }

    @Test func unknownTriageLevelWithoutSuggestionListsTheLevels() {
        #expect(
            message("triage:critical")
                == "unknown triage level \"critical\" in scope; expected one of emergency, urgent, routine, self_care")
    }

    @Test func badConditionCodeIsRejected() {
        #expect(message("condition:a/b") == "expected a condition code [A-Za-z0-9._-]+ after condition:, found \"a/b\"")
    }

    @Test func errorDescriptionIsItsMessage() {
        #expect(ScopeSyntaxError("x").description == "x")
    }
}
