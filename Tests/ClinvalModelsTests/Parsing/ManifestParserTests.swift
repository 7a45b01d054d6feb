import ClinvalCore
import ClinvalModels
import Foundation
import Testing
import _ClinvalTestSupport

@Suite("ManifestParser: kind process")
struct ManifestParserProcessTests {
    let folder = TemporaryDirectory()
    var path: String { folder.file("manifest.yaml") }

    @Test func readsProcessManifest() throws {
        let parsed = parseManifest(ModelTexts.process, file: path)
        #expect(parsed.diagnostics == [])
        let manifest = try #require(parsed.value)
        #expect(manifest.name == "tiny-checker")
        #expect(manifest.version == "1.0.0")
        #expect(manifest.vocabulary == "ddxplus")
        #expect(manifest.kind == .process)
        #expect(manifest.folder == folder.path)
        #expect(manifest.transport == .process(ProcessSettings(command: ["python3", "serve.py"], workers: 2, timeoutSeconds: 5)))
    }

    @Test func appliesDefaultsForWorkersAndTimeout() {
        let parsed = parseManifest(
            ModelTexts.edit(ModelTexts.process, ("workers: 2\n", ""), ("timeout_seconds: 5\n", "")), file: path)
        #expect(parsed.diagnostics == [])
        #expect(parsed.value?.transport == .process(ProcessSettings(command: ["python3", "serve.py"], workers: 1, timeoutSeconds: 30)))
    }

    @Test func rejectsCommandWrittenAsAShellLine() {
        let parsed = parseManifest(
            ModelTexts.edit(ModelTexts.process, ("command: [python3, serve.py]", "command: python3 serve.py")), file: path)
        #expect(parsed.value == nil)
        #expect(
            parsed.diagnostics == [
                "\(path):5:10: error: command: expected a list of arguments, such as [python3, serve.py], found a string; the command is never run through a shell"
            ])
    }

    @Test func rejectsEmptyCommand() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("[python3, serve.py]", "[]")), file: path)
        #expect(parsed.diagnostics == ["\(path):5:10: error: command: must not be empty; give the program and its arguments"])
    }

    @Test func rejectsEmptyCommandEntry() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("[python3, serve.py]", "[python3, \"\"]")), file: path)
        #expect(parsed.diagnostics == ["\(path):5:20: error: command[1]: must not be empty"])
    }

    @Test func rejectsCommandEntryThatIsNotAString() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("[python3, serve.py]", "[python3, serve.py, 8080]")), file: path)
        #expect(
            parsed.diagnostics == [
                "\(path):5:30: error: command[2]: expected a string, found a number (8080); put it in quotes if it is meant as text"
            ])
    }

    @Test func reportsMissingCommand() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("command: [python3, serve.py]\n", "")), file: path)
        #expect(parsed.diagnostics == ["\(path):1:1: error: command: missing required field; kind: process needs the argv to start"])
    }

    @Test func rejectsZeroWorkers() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("workers: 2", "workers: 0")), file: path)
        #expect(parsed.diagnostics == ["\(path):6:10: error: workers: expected a whole number from 1 to 64, found 0"])
    }

    @Test func rejectsMoreThan64Workers() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("workers: 2", "workers: 65")), file: path)
        #expect(parsed.diagnostics == ["\(path):6:10: error: workers: expected a whole number from 1 to 64, found 65"])
    }

    @Test func rejectsNegativeTimeout() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("timeout_seconds: 5", "timeout_seconds: -5")), file: path)
        #expect(parsed.diagnostics == ["\(path):7:18: error: timeout_seconds: expected a number of seconds above 0 and at most 86400, found -5"])
    }

    @Test func rejectsHTTPKeysNamingTheirKind() {
        let parsed = parseManifest(ModelTexts.process + "url: http://127.0.0.1:8080/\nretries: 3\n", file: path)
        #expect(
            parsed.diagnostics == [
                "\(path):8:1: error: url: only for kind: http",
                "\(path):9:1: error: retries: only for kind: http",
            ])
    }

    @Test func warnsWhenAProgramPathDoesNotExist() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("[python3, serve.py]", "[./serve, --port, \"0\"]")), file: path)
        #expect(parsed.value != nil)
        #expect(
            parsed.diagnostics == [
                #"\#(path):5:11: warning: command[0]: "./serve" does not exist relative to the manifest's folder, where the model starts"#
            ])
    }
}

@Suite("ManifestParser: kind http")
struct ManifestParserHTTPTests {
    let folder = TemporaryDirectory()
    var path: String { folder.file("manifest.yaml") }

    @Test func readsHTTPManifest() throws {
        let parsed = parseManifest(ModelTexts.http + "concurrency: 8\nretries: 0\n", file: path)
        #expect(parsed.diagnostics == [])
        let manifest = try #require(parsed.value)
        #expect(manifest.kind == .http)
        let url = try #require(URL(string: "https://checker.example.org/v1/diagnose"))
        #expect(
            manifest.transport
                == .http(
                    HTTPSettings(
                        url: url, concurrency: 8, timeoutSeconds: 5, retries: 0,
                        headers: [HeaderSource(name: "Authorization", environmentVariable: "CHECKER_TOKEN")])))
    }

    @Test func appliesDefaultsForConcurrencyTimeoutAndRetries() throws {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.http, ("timeout_seconds: 5\n", "")), file: path)
        guard case .http(let settings)? = parsed.value?.transport else {
            Issue.record("expected an http manifest, got \(parsed.diagnostics)")
            return
        }
        #expect(settings.concurrency == 4)
        #expect(settings.timeoutSeconds == 30)
        #expect(settings.retries == 2)
    }

    @Test func headerValuesComeFromTheEnvironment() {
        let header = HeaderSource(name: "Authorization", environmentVariable: "CHECKER_TOKEN")
        #expect(header.value(in: ["CHECKER_TOKEN": "Bearer abc"]) == "Bearer abc")
        #expect(header.value(in: [:]) == nil)
    }

    @Test func reportsMissingURL() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.http, ("url: https://checker.example.org/v1/diagnose\n", "")), file: path)
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics == ["\(path):1:1: error: url: missing required field; kind: http needs the endpoint's url"])
    }

    @Test func rejectsURLWithAnotherScheme() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.http, ("https://checker", "ftp://checker")), file: path)
        #expect(
            parsed.diagnostics == [
                #"\#(path):5:6: error: url: expected an http:// or https:// URL with a host, found "ftp://checker.example.org/v1/diagnose""#
            ])
    }

    @Test func rejectsURLCarryingCredentialsWithoutPrintingThem() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.http, ("https://checker", "https://admin:hunter2@checker")), file: path)
        #expect(
            parsed.diagnostics == [
                "\(path):5:6: error: url: the URL must not carry a user name or password; send credentials in headers, as {env: NAME}"
            ])
    }

    @Test func rejectsLiteralHeaderValueWithoutPrintingIt() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.http, ("{env: CHECKER_TOKEN}", "Bearer s3cr3t-token")), file: path)
        #expect(parsed.value == nil)
        #expect(
            parsed.diagnostics == [
                "\(path):8:18: error: headers.Authorization: a header value is never written in the manifest; write {env: NAME} and set the environment variable NAME"
            ])
    }

    @Test func rejectsInvalidHeaderName() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.http, ("Authorization:", "\"Api Key\":")), file: path)
        #expect(
            parsed.diagnostics == [
                #"\#(path):8:3: error: headers["Api Key"]: invalid header name; use letters, digits and !#$%&'*+-.^_`|~"#
            ])
    }

    @Test func rejectsHeaderRepeatedInAnotherCase() {
        let parsed = parseManifest(ModelTexts.http + "  authorization: {env: OTHER_TOKEN}\n", file: path)
        #expect(
            parsed.diagnostics == [
                "\(path):9:3: error: headers.authorization: duplicate header (names ignore case); first given on line 8"
            ])
    }

    @Test func rejectsInvalidEnvironmentVariableName() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.http, ("CHECKER_TOKEN", "1-TOKEN")), file: path)
        #expect(
            parsed.diagnostics == [
                #"\#(path):8:24: error: headers.Authorization.env: expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*), found "1-TOKEN""#
            ])
    }

    @Test func rejectsRetriesAboveTen() {
        let parsed = parseManifest(ModelTexts.http + "retries: 11\n", file: path)
        #expect(parsed.diagnostics == ["\(path):9:10: error: retries: expected a whole number from 0 to 10, found 11"])
    }

    @Test func rejectsProcessKeysNamingTheirKind() {
        let parsed = parseManifest(ModelTexts.http + "workers: 2\n", file: path)
        #expect(parsed.diagnostics == ["\(path):9:1: error: workers: only for kind: process"])
    }
}

@Suite("ManifestParser: common fields")
struct ManifestParserCommonTests {
    let folder = TemporaryDirectory()
    var path: String { folder.file("manifest.yaml") }

    @Test func rejectsUnknownKind() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("kind: process", "kind: grpc")), file: path)
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics == [#"\#(path):4:7: error: kind: expected one of process, http, found "grpc""#])
    }

    @Test func rejectsUnknownKeyWithSuggestion() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("workers: 2", "worker: 2")), file: path)
        #expect(parsed.diagnostics == [#"\#(path):6:1: error: worker: unknown field; did you mean "workers"?"#])
    }

    @Test func rejectsVersionWrittenAsANumber() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("version: 1.0.0", "version: 2.1")), file: path)
        #expect(
            parsed.diagnostics == [
                "\(path):2:10: error: version: expected a string, found a number (2.1); put it in quotes if it is meant as text"
            ])
    }

    @Test func rejectsModelNameThatIsNotASlug() {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("model: tiny-checker", "model: Tiny_Checker")), file: path)
        #expect(parsed.diagnostics == [#"\#(path):1:8: error: model: expected a slug ([a-z0-9][a-z0-9-]*), found "Tiny_Checker""#])
    }

    @Test func keepsTheDescription() {
        let parsed = parseManifest(ModelTexts.process + "description: Known to miss pediatric croup.\n", file: path)
        #expect(parsed.diagnostics == [])
        #expect(parsed.value?.description == "Known to miss pediatric croup.")
    }

    @Test func readsTheLabelsOfFindingsAndConditions() {
        let text = ModelTexts.process + "labels:\n  findings: {E_91: Fever, E_55: \"Pain: somewhere\"}\n  conditions: {pneumonia: Pneumonia}\n"
        let parsed = parseManifest(text, file: path)
        #expect(parsed.diagnostics == [])
        #expect(parsed.value?.findingLabels == ["E_91": "Fever", "E_55": "Pain: somewhere"])
        #expect(parsed.value?.conditionLabels == ["pneumonia": "Pneumonia"])
        let http = parseManifest(ModelTexts.http + "labels: {findings: {E_91: Fever}}\n", file: path)
        #expect(http.diagnostics == [] && http.value?.findingLabels == ["E_91": "Fever"] && http.value?.conditionLabels == [:])
    }

    @Test func aManifestWithoutLabelsHasNone() {
        let parsed = parseManifest(ModelTexts.process, file: path)
        #expect(parsed.value?.findingLabels == [:] && parsed.value?.conditionLabels == [:])
    }

    @Test func rejectsLabelsThatAreNotCodesAndText() {
        let text = ModelTexts.process + "labels:\n  findings: {\"E 91\": Fever, E_55: \"\", E_57: 3}\n  symptoms: {}\n"
        let parsed = parseManifest(text, file: path)
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics.contains { $0.contains(#"error: labels.findings["E 91"]: expected a code ([A-Za-z0-9._-]+), found "E 91""#) }, "\(parsed.diagnostics)")
        #expect(parsed.diagnostics.contains { $0.contains("error: labels.findings.E_55: ") }, "\(parsed.diagnostics)")
        #expect(parsed.diagnostics.contains { $0.contains("error: labels.findings.E_57: expected a string, found a number (3)") }, "\(parsed.diagnostics)")
        #expect(parsed.diagnostics.contains { $0.contains("error: labels.symptoms: unknown field") }, "\(parsed.diagnostics)")
        #expect(parseManifest(ModelTexts.process + "labels: [E_91]\n", file: path).value == nil)
    }

    @Test func rejectsAnInvisibleCharacterInALabelledCode() {
        let parsed = parseManifest(ModelTexts.process + "labels:\n  findings: {\"E_9\u{200B}1\": Fever}\n", file: path)
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics.contains { $0.contains("U+200B") }, "\(parsed.diagnostics)")
    }

    @Test func theLabelsArePartOfTheModelsIdentity() {
        let plain = parseManifest(ModelTexts.http, file: path).value
        let labelled = parseManifest(ModelTexts.http + "labels: {findings: {E_91: Fever}}\n", file: path).value
        #expect(plain != nil && labelled != nil && plain?.sha256 != labelled?.sha256)
    }

    @Test func aDocumentThatDoesNotParseGivesOneError() {
        let parsed = parseManifest("model: [unclosed\nkind: process\n", file: path)
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics.count == 1)
        #expect(parsed.diagnostics.first?.hasPrefix("\(path):") == true)
        #expect(parsed.diagnostics.first?.contains(": error: invalid YAML: ") == true)
    }

    @Test func aBareFileNameHasTheCurrentFolder() {
        var diagnostics = DiagnosticList()
        let manifest = ManifestParser.parse(bytes: Array(ModelTexts.http.utf8), file: "checker.yaml", diagnostics: &diagnostics)
        #expect(manifest?.folder == ".")
    }
}
