import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval adjudications apply`, run as the binary on a database a run wrote.
@Suite struct AdjudicationsCommandTests {
    /// The digest of a red-flags vignette's content, by the recipe of docs/clinical-review.md,
    /// computed by Python on the bank as PyYAML reads it.
    static func digest(of id: String) throws -> String {
        let script = """
            import hashlib, sys, yaml
            bank = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
            v = next(v for v in bank["vignettes"] if v["id"] == sys.argv[2])
            g = v["gold"]
            def ns(s): b = s.encode(); return str(len(b)).encode() + b":" + b + b","
            def lst(l): return ns(str(len(l))) + b"".join(ns(x) for x in l)
            t = g["triage"] if isinstance(g["triage"], list) else [g["triage"], g["triage"]]
            s = v.get("summary")
            d = g.get("differential")
            print(hashlib.sha256(ns("clinval-vignette-1") + ns(bank["casebank"]) + ns(v["id"]) + ns(str(v["age"])) + ns(v["sex"])
                + lst(v["present"]) + lst(v.get("absent", [])) + (ns("+") + ns(s) if s is not None else ns("-") + ns(""))
                + ns(g["diagnosis"]) + lst(g.get("also_correct", [])) + (ns("+") + lst(d) if d is not None else ns("-"))
                + ns(t[0]) + ns(t[1]) + ns("1" if v.get("must_pass") else "0") + lst(v.get("tags", []))).hexdigest())
            """
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, EndToEnd.redFlags, id], in: "/")
        #expect(result.exitCode == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func writesTheBankWithTheStandingCorrectionsOfTheDatabase() throws {
        let folder = TemporaryDirectory()
        let database = try AuditCommandTests.decidedRun(in: folder)
        let digest = try Self.digest(of: "rf-010")
        try EndToEnd.execute(
            database,
            """
            INSERT INTO adjudications (casebank_id, vignette_id, vignette_digest, run_id, conclusion, also_correct_json,
                reviewer, created_at)
            VALUES ('red-flags', 'rf-010', '\(digest)', 'a', 'acceptable_alternative', '["possible-nstemi-stemi"]',
                'Dr Test', '2026-01-02T03:04:05Z');
            """)
        let out = folder.file("red-flags-2026.12.yaml")
        let result = try EndToEnd.clinval(
            ["adjudications", "apply", "--db", database, "--casebank", EndToEnd.redFlags, "--version", "2026.12", "--out", out],
            expecting: 0)
        #expect(result.stdout == "Wrote red-flags version 2026.12 to \(out): 1 vignette corrected (rf-010)\n")
        let original = try String(contentsOfFile: EndToEnd.redFlags, encoding: .utf8)
        var expected = original.replacingOccurrences(of: "version: \"2026.11\"\n", with: "version: \"2026.12\"\n")
        let rf010 = try #require(expected.range(of: "  - id: rf-010\n"))
        let diagnosis = try #require(expected.range(of: "      diagnosis: pulmonary-embolism\n", range: rf010.upperBound..<expected.endIndex))
        expected.insert(contentsOf: "      also_correct: [possible-nstemi-stemi]\n", at: diagnosis.upperBound)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == expected)
        try EndToEnd.clinval(["lint", out], expecting: 0)
    }

    @Test func appliesWhatClinvalAdjudicateRecorded() throws {
        let folder = TemporaryDirectory()
        let database = try AuditCommandTests.decidedRun(in: folder)
        try EndToEnd.clinval(
            [
                "adjudicate", "--db", database, "--run", "a", "--vignette", "red-flags/rf-005", "--conclusion", "label_error",
                "--triage", "urgent", "--reviewer", "Dr Test",
            ], expecting: 0)
        try EndToEnd.clinval(
            [
                "adjudicate", "--db", database, "--run", "a", "--vignette", "red-flags/rf-001", "--conclusion",
                "acceptable_alternative", "--also-correct", "stable-angina", "--reviewer", "Dr Test",
            ], expecting: 0)
        try EndToEnd.clinval(
            [
                "adjudicate", "--db", database, "--run", "a", "--vignette", "red-flags/rf-002", "--conclusion", "model_error",
                "--reviewer", "Dr Test",
            ], expecting: 0)
        let out = folder.file("red-flags-2026.12.yaml")
        let result = try EndToEnd.clinval(
            ["adjudications", "apply", "--db", database, "--casebank", EndToEnd.redFlags, "--version", "2026.12", "--out", out],
            expecting: 0)
        #expect(result.stdout == "Wrote red-flags version 2026.12 to \(out): 2 vignettes corrected (rf-001, rf-005)\n")
        let original = try String(contentsOfFile: EndToEnd.redFlags, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let written = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(original.count == written.count)
        let changed = zip(original, written).filter { $0 != $1 }.map { "\($0.0) -> \($0.1)" }
        #expect(
            changed == [
                #"version: "2026.11" -> version: "2026.12""#,
                "      also_correct: [unstable-angina] ->       also_correct: [unstable-angina, stable-angina]",
                "      triage: [urgent, emergency] ->       triage: urgent",
            ])
    }

    @Test func refusesToOverwriteTheBankAndNeedsADatabase() throws {
        let folder = TemporaryDirectory()
        let bank = folder.write("bank.yaml", try String(contentsOfFile: EndToEnd.redFlags, encoding: .utf8))
        let missing = folder.file("none.sqlite")
        let noDatabase = try EndToEnd.clinval(
            ["adjudications", "apply", "--db", missing, "--casebank", bank, "--version", "2", "--out", folder.file("out.yaml")],
            expecting: 2)
        #expect(noDatabase.stderr == "error: No database at \(missing); check --db.\n")
        let itself = try EndToEnd.clinval(
            ["adjudications", "apply", "--db", missing, "--casebank", bank, "--version", "2", "--out", bank], expecting: 2)
        #expect(itself.stderr.contains("\(bank): error: the output is the bank itself"))
        #expect(try String(contentsOfFile: bank, encoding: .utf8) == String(contentsOfFile: EndToEnd.redFlags, encoding: .utf8))
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.yaml")))
    }
}
