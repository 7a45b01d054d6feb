import ClinvalCasebanks
import ClinvalCore
import Testing

@Suite struct CasebankTests {
    @Test(arguments: [
        ("casebanks/red-flags.yaml", CasebankFormat.yaml),
        ("red-flags.yml", .yaml),
        ("RED-FLAGS.YAML", .yaml),
        ("banks/synthetic.jsonl", .jsonLines),
        ("odd.name.v2.jsonl", .jsonLines),
    ])
    func formatIsChosenByExtension(path: String, format: CasebankFormat) {
        #expect(CasebankFormat(path: path) == format)
    }

    @Test(arguments: ["bank.json", "bank", ".yaml", "bank.yaml.bak", "folder.yaml/bank", "bank.jsonlines"])
    func otherNamesHaveNoFormat(path: String) {
        #expect(CasebankFormat(path: path) == nil)
    }

    @Test func headerRoundTripsThroughTheBank() {
        let header = CasebankHeader(
            id: "red-flags", version: "2026.11", title: "Red flags", vocabulary: "ddxplus", source: "GP panel",
            curators: ["GP panel A"])
        let bank = Casebank(header: header, vignettes: [], file: "red-flags.yaml", sha256: "00", format: .yaml)
        #expect(bank.header == header)
        #expect(bank.id == "red-flags")
    }
}
