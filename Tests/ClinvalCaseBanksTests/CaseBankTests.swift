import ClinvalCaseBanks
import ClinvalCore
import Testing

@Suite struct CaseBankTests {
    @Test(arguments: [
        ("casebanks/red-flags.yaml", CaseBankFormat.yaml),
        ("red-flags.yml", .yaml),
        ("RED-FLAGS.YAML", .yaml),
        ("banks/synthetic.jsonl", .jsonLines),
        ("odd.name.v2.jsonl", .jsonLines),
    ])
    func formatIsChosenByExtension(path: String, format: CaseBankFormat) {
        #expect(CaseBankFormat(path: path) == format)
    }

    @Test(arguments: ["bank.json", "bank", ".yaml", "bank.yaml.bak", "folder.yaml/bank", "bank.jsonlines"])
    func otherNamesHaveNoFormat(path: String) {
        #expect(CaseBankFormat(path: path) == nil)
    }

    @Test func headerRoundTripsThroughTheBank() {
        let header = CaseBankHeader(
            id: "red-flags", version: "2026.11", title: "Red flags", vocabulary: "ddxplus", source: "GP panel",
            curators: ["GP panel A"])
        let bank = CaseBank(header: header, vignettes: [], file: "red-flags.yaml", sha256: "00", format: .yaml)
        #expect(bank.header == header)
        #expect(bank.id == "red-flags")
    }
}
