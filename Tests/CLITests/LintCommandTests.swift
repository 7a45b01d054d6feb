import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval lint` end to end: the built binary on fixtures, checking stdout, stderr and the exit code.
@Suite struct LintCommandTests {
    static let malformedFiles: [String] = {
        let folder = PackagePaths.fixture("malformed")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    @Test func reportsEveryProblemInTheMalformedFolderExactly() throws {
        let result = try CommandRunner.clinval(["lint", "Tests/Fixtures/malformed"])
        let expected = try String(contentsOfFile: PackagePaths.fixture("malformed.expected.txt"), encoding: .utf8)
        #expect(result.exitCode == 2)
        #expect(result.stderr == "")
        if result.stdout != expected {
            // Write the actual output beside the golden file for review as a diff.
            try? result.stdout.write(toFile: PackagePaths.fixture("malformed.actual.txt"), atomically: true, encoding: .utf8)
        }
        #expect(result.stdout == expected)
    }

    @Test func theMalformedFolderHoldsAtLeastFiftyFilesOfAllFourKinds() {
        #expect(Self.malformedFiles.count >= 50)
        for prefix in ["bank-", "model-", "manifest-", "policy-"] {
            #expect(Self.malformedFiles.filter { $0.hasPrefix(prefix) }.count >= 10, "too few \(prefix) fixtures")
        }
    }

    @Test(arguments: malformedFiles)
    func rejectsEachMalformedFileAloneWithItsLocation(name: String) throws {
        let path = "Tests/Fixtures/malformed/\(name)"
        let result = try CommandRunner.clinval(["lint", path])
        #expect(result.exitCode == 2)
        #expect(result.stderr == "", "nothing on stderr: no crash, no trap, no stack trace")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let diagnostics = lines.dropLast()
        #expect(lines.last?.hasPrefix("1 file checked: ") == true)
        #expect(diagnostics.contains { $0.contains(": error: ") })
        for line in diagnostics {
            #expect(line.hasPrefix(path), "every diagnostic names the file: \(line)")
        }
        // Every error names a line, except whole-file problems that have none.
        let wholeFile = ["cannot tell what this file is"]
        for line in diagnostics where line.contains(": error: ") && !wholeFile.contains(where: line.contains) {
            #expect(line.hasPrefix(path + ":"), "the error names a line: \(line)")
        }
    }

    @Test func passesTheValidFixtures() throws {
        let result = try CommandRunner.clinval([
            "lint", "Tests/Fixtures/casebanks", "Tests/Fixtures/models/mini-process.yaml",
            "Tests/Fixtures/models/mini-http.yaml", "workflows/release-gate.yaml",
        ])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "5 files checked: 0 errors, 0 warnings\n")
    }

    @Test func passesTheShippedFiles() throws {
        // workflows/ also holds the Argo template and CI files, which are not clinval inputs.
        let result = try CommandRunner.clinval(["lint", "casebanks", "models", "workflows/release-gate.yaml"])
        #expect(result.exitCode == 0, "\(result.stdout)")
        #expect(!result.stdout.contains(": error: "))
    }

    @Test func listsFilesWhenVerbose() throws {
        let result = try CommandRunner.clinval(["lint", "--verbose", "Tests/Fixtures/casebanks/mini.yaml"])
        #expect(result.exitCode == 0)
        #expect(
            result.stdout
                == "checked Tests/Fixtures/casebanks/mini.yaml: bank mini 2026.11, 4 vignettes\n1 file checked: 0 errors, 0 warnings\n")
    }

    @Test func neverPrintsVignetteText() throws {
        let folder = TemporaryDirectory()
        let secret = "Patient Jane Roe, 12 Harley Street, crushing chest pain"
        let path = folder.write(
            "bank.yaml",
            """
            casebank: private
            version: "1"
            vocabulary: ddxplus
            source: test
            vignettes:
              - id: v1
                summary: \(secret)
                age: 200
                sex: female
                present: [E_55]
                gold: {diagnosis: x, triage: urgnt}
            """)
        let result = try CommandRunner.clinval(["lint", path])
        #expect(result.exitCode == 2)
        #expect(!result.stdout.contains("Jane"))
        #expect(!result.stdout.contains("Harley"))
        #expect(result.stdout.contains("vignettes[0].age"))
    }

    @Test(arguments: ["empty", "bank.json", "notes"])
    func aPathWithNothingToCheckExitsTwoNamingIt(name: String) throws {
        let folder = TemporaryDirectory()
        let path = folder.file(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if name == "notes" { folder.write("notes/readme.md", "# not an input") }
        let result = try CommandRunner.clinval(["lint", path])
        #expect(result.exitCode == 2, "a mistyped path must not pass CI")
        #expect(result.stderr == "")
        #expect(
            result.stdout == """
                \(path): error: nothing to check: no bank, model or policy files (.yaml, .yml, .json, .jsonl) in this folder; check the path
                0 files checked: 1 error, 0 warnings

                """)
    }

    @Test func invisibleCharactersInEveryFormatExitTwoWithTheirPlace() throws {
        let folder = TemporaryDirectory()
        let mini = try String(contentsOfFile: PackagePaths.fixture("casebanks/mini.yaml"), encoding: .utf8)
        let yaml = folder.write("bank.yaml", mini.replacingOccurrences(of: "    sex: male\n", with: "    sex: \"\\ufeffmale\"\n"))
        let jsonl = folder.write(
            "bank.jsonl",
            try String(contentsOfFile: PackagePaths.fixture("casebanks/mini.jsonl"), encoding: .utf8)
                .replacingOccurrences(of: #""id": "mini-001""#, with: #""id": "mini\u200b-001""#))
        let model = folder.write(
            "model.json",
            try String(contentsOfFile: PackagePaths.fixture("models/mini-noisy-or.json"), encoding: .utf8)
                .replacingOccurrences(of: #""urgency": "urgent""#, with: #""urgency": "\ufeffurgent""#))
        let manifest = folder.write(
            "manifest.yaml",
            try String(contentsOfFile: PackagePaths.fixture("models/mini-process.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "kind: process", with: "kind: \u{FEFF}process"))
        let policy = folder.write(
            "policy.yaml", "gate: release\ncriteria:\n  - id: top3\n    metric: top3_accuracy\n    scope: \"\\ufeffall\"\n    min: 0.8\n")
        let expected = [
            (yaml, #"vignettes[0].sex: invisible character U+FEFF in "\u{feff}male"; did you mean "male"?"#),
            (jsonl, #"vignettes[0].id: invisible character U+200B in "mini\u{200b}-001"; did you mean "mini-001"?"#),
            (model, #"invisible character U+FEFF in "\u{feff}urgent"; did you mean "urgent"?"#),
            (manifest, #"kind: invisible character U+FEFF in "\u{feff}process"; did you mean "process"?"#),
            (policy, #"criteria[0].scope: invisible character U+FEFF in "\u{feff}all"; did you mean "all"?"#),
        ]
        for (path, message) in expected {
            let result = try CommandRunner.clinval(["lint", path])
            #expect(result.exitCode == 2, "\(path)\n\(result.stdout)")
            #expect(result.stderr == "")
            let errors = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
            #expect(errors.count >= 1, "\(result.stdout)")
            #expect(
                errors.contains { $0.hasPrefix(path + ":") && $0.hasSuffix(message) },
                "\(path): expected an error at a line and column ending with \(message)\n\(result.stdout)")
            #expect(!result.stdout.unicodeScalars.contains { [0xFEFF, 0x200B].contains($0.value) }, "printed raw")
        }

        let run = try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", yaml, "--policy", policy, "--db", folder.file("runs.sqlite"),
                "--out", folder.file("out"), "--no-progress",
            ], expecting: 2)
        #expect(run.stderr.contains(#"vignettes[0].sex: invisible character U+FEFF in "\u{feff}male"; did you mean "male"?"#))
        #expect(!FileManager.default.fileExists(atPath: folder.file("runs.sqlite")))
    }
}
