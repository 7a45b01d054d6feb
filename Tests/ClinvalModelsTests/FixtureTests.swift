import ClinvalCore
import ClinvalModels
import Foundation
import Testing
import _ClinvalTestSupport

@Suite("Shipped test fixtures")
struct FixtureTests {
    private func load(_ path: String) -> (model: ModelFile?, diagnostics: [String]) {
        var diagnostics = DiagnosticList()
        let model = ModelLoader.load(path, diagnostics: &diagnostics)
        return (model, diagnostics.all.map(\.description))
    }

    @Test(arguments: ["mini-noisy-or.json", "mini-process.yaml", "mini-http.yaml"])
    func validFixtureLoadsWithoutDiagnostics(_ name: String) {
        let loaded = load(PackagePaths.fixture("models/" + name))
        #expect(loaded.diagnostics == [])
        #expect(loaded.model != nil)
    }

    @Test func processFixtureIdentityCoversServeScript() throws {
        guard case .external(let manifest)? = load(PackagePaths.fixture("models/mini-process.yaml")).model else {
            Issue.record("mini-process.yaml did not load")
            return
        }
        #expect(manifest.hashedFiles == ["serve.py"])
        let result = try CommandRunner.run(
            "/bin/sh", ["-c", "cat mini-process.yaml serve.py | sha256sum"], in: PackagePaths.fixture("models"))
        #expect(manifest.sha256 == String(result.stdout.prefix(64)))
    }

    @Test func serveScriptAnswersEachRequestLineByID() throws {
        // Given two requests in the JSON Lines protocol of docs/model-format.md
        let requests = [
            #"{"id":"red-flags/rf-001","age":58,"sex":"male","present":["E_55","E_57"],"absent":["E_91"]}"#,
            #"{"id":"demo/v-2","age":4,"sex":"female","present":["E_91"],"absent":[]}"#,
        ]
        let script = "printf '%s\\n' '\(requests[0])' '\(requests[1])' | python3 serve.py"
        // When the fixture model answers them
        let result = try CommandRunner.run("/bin/sh", ["-c", script], in: PackagePaths.fixture("models"))
        #expect(result.exitCode == 0)
        // Then each answer line is a valid response for its id
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        var triage: [String: String] = [:]
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            let differential = try #require(object["differential"] as? [[String: Any]])
            #expect(!differential.isEmpty)
            for entry in differential {
                let probability = try #require(entry["probability"] as? Double)
                #expect((0...1).contains(probability))
                #expect(entry["condition"] is String)
            }
            triage[id] = object["triage"] as? String
        }
        #expect(triage == ["red-flags/rf-001": "emergency", "demo/v-2": "routine"])
    }

    // MARK: Malformed files

    private static let malformedFolder = PackagePaths.fixture("malformed")

    private static var malformedNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: malformedFolder)) ?? [])
            .filter { $0.hasPrefix("model-") || $0.hasPrefix("manifest-") }.sorted()
    }

    @Test func thereAreAtLeast18MalformedFilesNamedByTheirKind() {
        let names = Self.malformedNames
        #expect(names.count >= 18)
        let pattern = /(model-[0-9]{2}-[a-z0-9-]+\.json|manifest-[0-9]{2}-[a-z0-9-]+\.yaml)/
        for name in names {
            #expect(name.wholeMatch(of: pattern) != nil, "badly named fixture \(name)")
        }
    }

    @Test(arguments: malformedNames)
    func malformedFileGivesAnError(_ name: String) {
        let loaded = load(Self.malformedFolder + "/" + name)
        #expect(loaded.model == nil)
        #expect(loaded.diagnostics.contains { $0.contains(": error: ") })
    }

    /// Every diagnostic of every malformed file, after the file's path.
    static let expected: [String: [String]] = [
        "manifest-01-command-string.yaml": [
            ":5:10: error: command: expected a list of arguments, such as [python3, serve.py], found a string; the command is never run through a shell"
        ],
        "manifest-02-workers-zero.yaml": [":6:10: error: workers: expected a whole number from 1 to 64, found 0"],
        "manifest-03-negative-timeout.yaml": [
            ":7:18: error: timeout_seconds: expected a number of seconds above 0 and at most 86400, found -5"
        ],
        "manifest-04-http-url-missing.yaml": [":1:1: error: url: missing required field; kind: http needs the endpoint's url"],
        "manifest-05-header-literal-secret.yaml": [
            ":8:18: error: headers.Authorization: a header value is never written in the manifest; write {env: NAME} and set the environment variable NAME"
        ],
        "manifest-06-process-with-url.yaml": [":8:1: error: url: only for kind: http"],
        "manifest-07-unknown-kind.yaml": [#":4:7: error: kind: expected one of process, http, found "grpc""#],
        "manifest-08-bad-url-scheme.yaml": [
            #":5:6: error: url: expected an http:// or https:// URL with a host, found "ftp://checker.example.org/v1/diagnose""#
        ],
        "manifest-09-workers-too-many.yaml": [":6:10: error: workers: expected a whole number from 1 to 64, found 100"],
        "manifest-10-empty-command-entry.yaml": [":5:20: error: command[1]: must not be empty"],
        "manifest-11-retries-too-many.yaml": [":7:10: error: retries: expected a whole number from 0 to 10, found 11"],
        "manifest-12-bad-header-name.yaml": [
            #":8:3: error: headers["Api Key"]: invalid header name; use letters, digits and !#$%&'*+-.^_`|~"#
        ],
        "model-01-probability-above-one.json": [
            ":12:101: error: conditions[0].links.E_91: expected a probability between 0 and 1, found 1.5"
        ],
        "model-02-prior-zero.json": [":12:77: error: conditions[0].prior: expected a prior above 0 and at most 1, found 0"],
        "model-03-link-undeclared-finding.json": [
            #":12:106: error: conditions[0].links.E_19: unknown finding "E_19"; it is not declared in findings"#
        ],
        "model-04-duplicate-condition.json": [
            #":13:12: error: conditions[1].id: duplicate condition id "pneumonia"; first declared on line 12"#
        ],
        "model-05-unknown-urgency.json": [
            #":12:58: error: conditions[0].urgency: expected one of emergency, urgent, routine, self_care, found "urgnt""#
        ],
        "model-06-overlapping-age-bands.json": [
            ":13:59: error: conditions[0].age_factor[1]: ages 15 to 40 overlap ages 0 to 17 of conditions[0].age_factor[0] (line 13); bands include both ends and must not overlap"
        ],
        "model-07-format-version.json": [
            ":3:21: error: format_version: unsupported format version 2; the highest supported version is 1"
        ],
        "model-08-empty-conditions.json": [
            ":11:17: error: conditions: must not be empty; a model needs at least one condition"
        ],
        "model-09-self-care-threshold.json": [
            ":16:55: error: triage.thresholds.self_care: self_care has no threshold; it is the level given when no other level is reached"
        ],
        "model-10-red-flag-unknown-finding.json": [
            #":17:36: error: triage.red_flags[0].all[1]: unknown finding "E_57"; did you mean "E_55"?"#
        ],
        "model-11-unknown-key.json": [#":7:3: error: max_diferential: unknown field; did you mean "max_differential"?"#],
        "model-12-trailing-comma.json": [":10:3: error: trailing comma before ']'"],
        "model-13-nan-literal.json": [":9:28: error: expected a JSON value, found 'N' (NaN and Infinity are not JSON)"],
        "model-14-leak-one.json": [":8:28: error: findings[0].leak: expected a leak of at least 0 and below 1, found 1"],
        "model-15-duplicate-finding.json": [
            #":9:12: error: findings[1].id: duplicate finding id "E_55"; first declared on line 8"#,
            #":12:93: error: conditions[0].links.E_91: unknown finding "E_91"; it is not declared in findings"#,
        ],
        "model-16-wrong-format.json": [#":2:13: error: format: expected "clinval-noisy-or", found "noisy-or""#],
        "model-17-negative-factor.json": [
            ":13:124: error: conditions[1].sex_factor.mail: unknown field; expected one of female, male",
            ":13:120: error: conditions[1].sex_factor.female: expected a factor of 0 or more, found -1",
        ],
        "model-18-number-out-of-range.json": [":13:89: error: number 1e999 is out of range"],
    ]

    @Test(arguments: malformedNames)
    func malformedFileGivesExactlyTheExpectedDiagnostics(_ name: String) throws {
        let path = Self.malformedFolder + "/" + name
        let expected = try #require(Self.expected[name], "no expectation written for \(name)")
        #expect(load(path).diagnostics == expected.map { path + $0 })
    }
}
