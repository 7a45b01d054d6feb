import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import Testing
import _ClinvalTestSupport

struct GatePolicyLoaderTests {
    static let minimal = """
        gate: release
        criteria:
          - id: top3
            metric: top3_accuracy
            min: 0.80
        """

    // MARK: Valid policies

    @Test func minimalPolicyLoadsWithDefaults() throws {
        let loaded = loadPolicy(Self.minimal)
        #expect(loaded.messages == [])
        let policy = try #require(loaded.policy)
        #expect(policy.gate == "release")
        #expect(policy.bootstrap == BootstrapSettings(resamples: 1000, seed: 20_261_129))
        #expect(policy.firstRun == .fail)
        #expect(policy.file == loaded.path)
        #expect(policy.criteria == [
            Criterion(id: "top3", metric: "top3_accuracy", scope: .all, threshold: .min(0.80), use: .point, line: 3)
        ])
    }

    @Test func sha256IsOverTheFileBytes() throws {
        let policy = try #require(loadPolicy(Self.minimal).policy)
        #expect(policy.sha256 == SHA256.hex(of: Array(Self.minimal.utf8)))
    }

    @Test func thePolicyKeepsItsFileText() throws {
        let policy = try #require(loadPolicy(Self.minimal).policy)
        #expect(policy.text == Self.minimal)
    }

    @Test func aPolicyReadFromItsTextEqualsTheOneReadFromTheFile() throws {
        let fromFile = try #require(loadPolicy(Self.minimal).policy)
        var diagnostics = DiagnosticList()
        let fromText = try #require(
            GatePolicyLoader.load(text: Self.minimal, name: "policy of run r", diagnostics: &diagnostics))
        #expect(diagnostics.all.isEmpty)
        #expect(fromText.sha256 == fromFile.sha256)
        #expect(fromText.text == Self.minimal)
        #expect(fromText.file == "policy of run r")
        #expect(fromText.criteria == fromFile.criteria)
        // A stored text that no longer reads is reported under its name.
        #expect(GatePolicyLoader.load(text: "gate: release\n", name: "policy of run r", diagnostics: &diagnostics) == nil)
        #expect(diagnostics.all.first?.description.hasPrefix("policy of run r:") == true, "\(diagnostics.all)")
    }

    @Test func bootstrapAndFirstRunAreRead() throws {
        let policy = try #require(loadPolicy("bootstrap: {resamples: 2000, seed: 7}\nfirst_run: pass\n" + Self.minimal
            .replacingOccurrences(of: "min: 0.80", with: "baseline: non_inferior\n    margin: 0.02")).policy)
        #expect(policy.bootstrap == BootstrapSettings(resamples: 2000, seed: 7))
        #expect(policy.firstRun == .pass)
        #expect(policy.hasBaselineCriteria)
    }

    @Test func bootstrapKeysDefaultOneByOne() throws {
        let onlyResamples = try #require(loadPolicy("bootstrap: {resamples: 500}\n" + Self.minimal).policy)
        #expect(onlyResamples.bootstrap == BootstrapSettings(resamples: 500, seed: 20_261_129))
        let onlySeed = try #require(loadPolicy("bootstrap:\n  seed: 3\n" + Self.minimal).policy)
        #expect(onlySeed.bootstrap == BootstrapSettings(resamples: 1000, seed: 3))
    }

    @Test(arguments: [100, 100_000])
    func resamplesAtTheLimitsAreAccepted(resamples: Int) throws {
        let policy = try #require(loadPolicy("bootstrap: {resamples: \(resamples)}\n" + Self.minimal).policy)
        #expect(policy.bootstrap.resamples == resamples)
    }

    @Test(arguments: ["0", "9007199254740992"])
    func seedAtTheLimitsIsAccepted(seed: String) throws {
        let policy = try #require(loadPolicy("bootstrap: {seed: \(seed)}\n" + Self.minimal).policy)
        #expect(policy.bootstrap.seed == UInt64(seed))
    }

    @Test func shippedReleaseGateLoadsWithoutDiagnostics() throws {
        var diagnostics = DiagnosticList()
        let policy = GatePolicyLoader.load(PackagePaths.path("workflows/release-gate.yaml"), diagnostics: &diagnostics)
        #expect(diagnostics.all.map(\.description) == [])
        let loaded = try #require(policy)
        #expect(loaded.gate == "release")
        #expect(loaded.firstRun == .pass)
        #expect(loaded.bootstrap == .default)
        #expect(loaded.criteria.map(\.id) == [
            "top3", "emergency-safety", "sentinels", "no-regression-top1", "calibration", "error-rate",
        ])
    }

    @Test func shippedReleaseGateHoldsTheContractCriteria() throws {
        var diagnostics = DiagnosticList()
        let policy = try #require(
            GatePolicyLoader.load(PackagePaths.path("workflows/release-gate.yaml"), diagnostics: &diagnostics))
        let byID = Dictionary(uniqueKeysWithValues: policy.criteria.map { ($0.id, $0) })
        #expect(byID["top3"]?.threshold == .min(0.80))
        #expect(byID["top3"]?.use == .ciLower)
        #expect(byID["top3"]?.minN == 30)
        #expect(byID["emergency-safety"]?.threshold == .max(0.02))
        #expect(byID["emergency-safety"]?.use == .ciUpperExact)
        #expect(byID["sentinels"]?.threshold == .max(0))
        #expect(byID["no-regression-top1"]?.baseline == .nonInferior)
        #expect(byID["no-regression-top1"]?.margin == 0.02)
        #expect(byID["calibration"]?.severity == .warning)
        #expect(byID["error-rate"]?.threshold == .max(0.01))
    }

    // MARK: Files that cannot be read

    @Test func theGateNameAndFirstRunRuleWithInvisibleCharactersAreErrors() {
        let text = "gate: \"\\ufeffrelease\"\nfirst_run: pass\u{2060}\n" + Self.minimal
            .replacingOccurrences(of: "gate: release\n", with: "")
            .replacingOccurrences(of: "min: 0.80", with: "baseline: non_inferior\n    margin: 0.02")
        let loaded = loadPolicy(text)
        #expect(loaded.policy == nil)
        #expect(loaded.messages == [
            #"\#(loaded.path):1:7: error: gate: invisible character U+FEFF in "\u{feff}release"; did you mean "release"?"#,
            #"\#(loaded.path):2:12: error: first_run: invisible character U+2060 in "pass\u{2060}"; did you mean "pass"?"#,
        ])
    }

    @Test func missingFileIsOneError() {
        var diagnostics = DiagnosticList()
        let policy = GatePolicyLoader.load("no/such/policy.yaml", diagnostics: &diagnostics)
        #expect(policy == nil)
        #expect(diagnostics.all.map(\.description) == ["no/such/policy.yaml: error: no such file; check the path"])
    }

    @Test func emptyFileIsOneError() {
        let loaded = loadPolicy("")
        #expect(loaded.policy == nil)
        #expect(loaded.messages == ["\(loaded.path):1:1: error: file is empty: expected a YAML mapping"])
    }

    @Test func documentThatIsNotAMappingIsOneError() {
        let loaded = loadPolicy("- top3\n")
        #expect(loaded.messages == ["\(loaded.path):1:1: error: expected a mapping, found a list"])
    }

    // MARK: Top-level keys

    @Test func unknownTopLevelKeySuggestsTheKnownOne() {
        let loaded = loadPolicy("gate: release\ncritera: []\n")
        #expect(loaded.policy == nil)
        #expect(loaded.messages == [
            "\(loaded.path):1:1: error: criteria: missing required field",
            "\(loaded.path):2:1: error: critera: unknown field; did you mean \"criteria\"?",
        ])
    }

    @Test func unknownTopLevelKeyWithoutSuggestionListsTheKeys() {
        let loaded = loadPolicy(Self.minimal + "\nowner: safety board\n")
        #expect(loaded.messages == [
            "\(loaded.path):6:1: error: owner: unknown field; expected one of gate, criteria, bootstrap, first_run, labels, approval"
        ])
    }

    @Test func missingGateIsAnError() {
        let loaded = loadPolicy(Self.minimal.replacingOccurrences(of: "gate: release\n", with: ""))
        #expect(loaded.policy == nil)
        #expect(loaded.messages == ["\(loaded.path):1:1: error: gate: missing required field"])
    }

    @Test func gateMustBeASlug() {
        let loaded = loadPolicy(Self.minimal.replacingOccurrences(of: "gate: release", with: "gate: release_1"))
        #expect(loaded.messages == [
            "\(loaded.path):1:7: error: gate: expected a gate name [a-z0-9][a-z0-9-]*, such as release, found \"release_1\""
        ])
    }

    @Test func criteriaMustBeAList() {
        let loaded = loadPolicy("gate: release\ncriteria: top3\n")
        #expect(loaded.messages == ["\(loaded.path):2:11: error: criteria: expected a list, found a string"])
    }

    @Test func emptyCriteriaIsAnError() {
        let loaded = loadPolicy("gate: release\ncriteria: []\n")
        #expect(loaded.policy == nil)
        #expect(loaded.messages == ["\(loaded.path):2:11: error: criteria: a policy needs at least one criterion"])
    }

    @Test func criterionMustBeAMapping() {
        let loaded = loadPolicy("gate: release\ncriteria:\n  - top3\n")
        #expect(loaded.messages == ["\(loaded.path):3:5: error: criteria[0]: expected a mapping, found a string"])
    }

    // MARK: Bootstrap

    @Test func bootstrapMustBeAMapping() {
        let loaded = loadPolicy("bootstrap: 1000\n" + Self.minimal)
        #expect(loaded.messages == ["\(loaded.path):1:12: error: bootstrap: expected a mapping, found a number (1000)"])
    }

    @Test func unknownBootstrapKeySuggestsTheKnownOne() {
        let loaded = loadPolicy("bootstrap: {resample: 1000}\n" + Self.minimal)
        #expect(loaded.messages == [
            "\(loaded.path):1:13: error: bootstrap.resample: unknown field; did you mean \"resamples\"?"
        ])
    }

    @Test(arguments: [("99", "99"), ("100001", "100001")])
    func resamplesOutsideTheLimitsAreRejected(text: String, found: String) {
        let loaded = loadPolicy("bootstrap: {resamples: \(text)}\n" + Self.minimal)
        #expect(loaded.policy == nil)
        #expect(loaded.messages == [
            "\(loaded.path):1:24: error: bootstrap.resamples: expected a whole number from 100 to 100000, found \(found)"
        ])
    }

    @Test func fractionalResamplesAreRejected() {
        let loaded = loadPolicy("bootstrap: {resamples: 1000.5}\n" + Self.minimal)
        #expect(loaded.messages == [
            "\(loaded.path):1:24: error: bootstrap.resamples: expected a whole number, found 1000.5"
        ])
    }

    @Test(arguments: ["9007199254740993", "1.5", "1e300"])
    func seedThatIsNotAWholeNumberUpTo2To53IsRejected(seed: String) {
        let loaded = loadPolicy("bootstrap: {seed: \(seed)}\n" + Self.minimal)
        #expect(loaded.policy == nil)
        #expect(loaded.messages == [
            "\(loaded.path):1:19: error: bootstrap.seed: expected a whole number from 0 to 9007199254740992 (2^53), found \(seed)"
        ])
    }

    @Test func quotedSeedIsRejected() {
        let loaded = loadPolicy("bootstrap: {seed: \"42\"}\n" + Self.minimal)
        #expect(loaded.messages == [
            "\(loaded.path):1:19: error: bootstrap.seed: expected a number, found a string"
        ])
    }

    // MARK: first_run

    @Test func unknownFirstRunIsRejected() {
        let loaded = loadPolicy("first_run: yes\n" + Self.minimal)
        #expect(loaded.messages == ["\(loaded.path):1:12: error: first_run: expected one of pass, fail, found \"yes\""])
    }

    @Test func firstRunWithoutBaselineCriteriaIsAWarning() throws {
        let loaded = loadPolicy("first_run: pass\n" + Self.minimal)
        #expect(loaded.policy != nil)
        #expect(loaded.messages == [
            "\(loaded.path):1:12: warning: first_run: first_run has no effect: no criterion compares with a baseline"
        ])
    }

    // MARK: Reporting

    @Test func everyProblemIsReportedInOnePassInFileOrder() {
        let loaded = loadPolicy("""
            gate: Release
            bootstrap: {resamples: 5}
            criteria:
              - id: top3
                metric: top3_acc
                min: 0.8
              - id: tri
                metric: triage_accuracy
                min: 80
                scope: sex:m
            """)
        #expect(loaded.policy == nil)
        let path = loaded.path
        let known = MetricRegistry.ids.joined(separator: ", ")
        #expect(loaded.messages == [
            "\(path):1:7: error: gate: expected a gate name [a-z0-9][a-z0-9-]*, such as release, found \"Release\"",
            "\(path):2:24: error: bootstrap.resamples: expected a whole number from 100 to 100000, found 5",
            "\(path):5:13: error: criteria[0].metric: unknown metric \"top3_acc\"; did you mean \"top3_accuracy\"? known metrics: \(known)",
            "\(path):9:10: error: criteria[1].min: expected a proportion threshold in [0, 1], found 80; write 80% as 0.8",
            "\(path):10:12: error: criteria[1].scope: expected sex:female or sex:male, found \"sex:m\"",
        ])
    }

    @Test func warningsAloneDoNotStopAPolicy() throws {
        let loaded = loadPolicy(Self.minimal.replacingOccurrences(of: "min: 0.80", with: "max: 0.99"))
        #expect(loaded.messages.count == 1)
        let policy = try #require(loaded.policy)
        #expect(policy.criteria.first?.threshold == .max(0.99))
    }
}
