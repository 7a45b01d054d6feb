import Testing

@testable import ClinvalCore

@Suite struct DiagnosticTests {
    @Test func rendersCompilerStyle() {
        let path = FieldPath.root.appending("vignettes").appending(3).appending("gold").appending("triage")
        let diagnostic = Diagnostic.error(
            "expected one of emergency, urgent, routine, self_care, found \"urgnt\"",
            at: InputLocation(file: "casebanks/red-flags.yaml", line: 41, column: 7), field: path)
        #expect(
            diagnostic.description
                == "casebanks/red-flags.yaml:41:7: error: vignettes[3].gold.triage: expected one of emergency, urgent, routine, self_care, found \"urgnt\""
        )
    }

    @Test func omitsWhatIsUnknown() {
        #expect(Diagnostic.warning("w", at: InputLocation(file: "a.yaml")).description == "a.yaml: warning: w")
        #expect(Diagnostic.error("e", at: nil).description == "error: e")
        #expect(
            Diagnostic.error("e", at: InputLocation(file: "a", line: 3), field: .root).description == "a:3: error: e")
    }

    @Test func quotesKeysThatAreNotIdentifiers() {
        let path = FieldPath.root.appending("links").appending("E 91")
        #expect(path.description == "links[\"E 91\"]")
        #expect(FieldPath.root.appending("sex_factor").appending("male").description == "sex_factor.male")
    }

    @Test func countsErrorsAndWarnings() {
        var list = DiagnosticList()
        list.error("a", at: nil)
        list.warning("b", at: nil)
        list.warning("c", at: nil)
        #expect(list.errorCount == 1)
        #expect(list.warningCount == 2)
        #expect(list.hasErrors)
    }
}
