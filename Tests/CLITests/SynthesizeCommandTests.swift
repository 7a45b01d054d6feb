import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval synthesize` end to end.
@Suite struct SynthesizeCommandTests {
    @Test func writesTheSameBankTwiceAndItLintsClean() throws {
        let folder = TemporaryDirectory()
        let arguments = ["synthesize", "--model", "models/ddxplus-noisy-or-1.0.0.json", "--count", "120", "--seed", "42"]
        let first = try CommandRunner.clinval(arguments + ["--out", folder.file("a.jsonl")])
        let second = try CommandRunner.clinval(arguments + ["--out", folder.file("b.jsonl")])
        #expect(first.exitCode == 0)
        #expect(first.stderr == "wrote 120 vignettes to \(folder.file("a.jsonl"))\n")
        #expect(second.exitCode == 0)
        let a = try #require(FileManager.default.contents(atPath: folder.file("a.jsonl")))
        let b = try #require(FileManager.default.contents(atPath: folder.file("b.jsonl")))
        #expect(a == b)
        #expect(String(decoding: a, as: UTF8.self).split(separator: "\n").count == 121)
        #expect(!FileManager.default.fileExists(atPath: folder.file("a.jsonl.partial")))
        let lint = try CommandRunner.clinval(["lint", folder.file("a.jsonl"), "models/ddxplus-noisy-or-1.0.0.json"])
        #expect(lint.exitCode == 0)
        #expect(lint.stdout == "2 files checked: 0 errors, 0 warnings\n")
    }

    @Test func refusesAManifest() throws {
        let folder = TemporaryDirectory()
        let result = try CommandRunner.clinval([
            "synthesize", "--model", "Tests/Fixtures/models/mini-process.yaml", "--count", "5", "--seed", "1",
            "--out", folder.file("x.jsonl"),
        ])
        #expect(result.exitCode == 2)
        #expect(
            result.stderr
                == "Tests/Fixtures/models/mini-process.yaml: error: synthesize samples from a noisy-OR model file (.json); this is a process manifest\n"
        )
    }

    @Test func rejectsBadArgumentsWithExitTwo() throws {
        let zero = try CommandRunner.clinval([
            "synthesize", "--model", "models/ddxplus-noisy-or-1.0.0.json", "--count", "0", "--seed", "1", "--out", "x.jsonl",
        ])
        #expect(zero.exitCode == 2)
        #expect(zero.stderr.contains("Please give a --count of at least 1."))
        let text = try CommandRunner.clinval([
            "synthesize", "--model", "models/ddxplus-noisy-or-1.0.0.json", "--count", "3", "--seed", "1", "--out", "x.txt",
        ])
        #expect(text.exitCode == 2)
        #expect(text.stderr.contains("The --out file must end in .jsonl."))
    }

    @Test func reportsABrokenModelWithItsDiagnostics() throws {
        let folder = TemporaryDirectory()
        let result = try CommandRunner.clinval([
            "synthesize", "--model", "Tests/Fixtures/malformed/model-02-prior-zero.json", "--count", "3", "--seed", "1",
            "--out", folder.file("x.jsonl"),
        ])
        #expect(result.exitCode == 2)
        #expect(result.stderr.hasPrefix("Tests/Fixtures/malformed/model-02-prior-zero.json:12:77: error: conditions[0].prior"))
    }
}
