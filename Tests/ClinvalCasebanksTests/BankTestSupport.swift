import ClinvalCasebanks
import ClinvalCore
import _ClinvalTestSupport

/// The result of loading one bank in a test: the bank (if valid) and every diagnostic rendered.
struct LoadResult {
    var bank: Casebank?
    var diagnostics: DiagnosticList
    /// Every diagnostic, rendered compiler style.
    var messages: [String] { diagnostics.all.map(\.description) }
}

/// Loads the bank at `path`.
func load(_ path: String) -> LoadResult {
    var diagnostics = DiagnosticList()
    let bank = CasebankLoader.load(path, diagnostics: &diagnostics)
    return LoadResult(bank: bank, diagnostics: diagnostics)
}

/// A YAML bank header (valid) for tests that vary the vignettes.
let yamlHeader = """
    casebank: test
    version: "1"
    vocabulary: ddxplus
    source: Written for a test

    """

/// A JSON Lines bank header (valid) for tests that vary the vignettes.
let jsonHeader = #"{"casebank": "test", "version": "1", "vocabulary": "ddxplus", "source": "Written for a test"}"#

/// One valid YAML vignette (8 lines, starting with `  - id:`), with `id`.
func yamlVignette(_ id: String = "v-001") -> String {
    """
      - id: \(id)
        summary: A test vignette
        age: 40
        sex: female
        present: [E_201]
        gold:
          diagnosis: pneumonia
          triage: urgent

    """
}

/// One valid JSON Lines vignette, with `id`.
func jsonVignette(_ id: String = "v-001") -> String {
    #"{"id": "\#(id)", "summary": "A test vignette", "age": 40, "sex": "female", "present": ["E_201"], "gold": {"diagnosis": "pneumonia", "triage": "urgent"}}"#
}

/// Writes `text` to a temporary file called `name` and loads it as a bank.
///
/// - Returns: the path the diagnostics name, and the result.
func loadText(_ text: String, as name: String = "bank.yaml") -> (path: String, result: LoadResult) {
    loadBytes(Array(text.utf8), as: name)
}

/// Writes `bytes` to a temporary file called `name` and loads it as a bank.
func loadBytes(_ bytes: [UInt8], as name: String) -> (path: String, result: LoadResult) {
    let folder = TemporaryDirectory()
    let path = folder.write(name, bytes: bytes)
    return (path, load(path))
}

/// A YAML bank made of the test header and `vignettes` (YAML text of list items).
func yamlBank(_ vignettes: String) -> String {
    yamlHeader + "vignettes:\n" + vignettes
}

/// A JSON Lines bank made of the test header and one line per vignette.
func jsonBank(_ lines: [String]) -> String {
    ([jsonHeader] + lines).joined(separator: "\n") + "\n"
}

/// The vignettes of a bank with their lines cleared, to compare the same bank in two formats.
func withoutLines(_ vignettes: [Vignette]) -> [Vignette] {
    vignettes.map { vignette in
        var copy = vignette
        copy.line = 0
        return copy
    }
}
