import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval run --resume` end to end: a run killed with SIGKILL at several moments leaves a sound
/// database, and resuming it gives the same stored results and metrics as an uninterrupted run.
@Suite struct ResumeTests {
    /// A JSON Lines model that takes about 10 ms per vignette and answers deterministically: slow
    /// enough that a run commits its results in several steps (every quarter second).
    static let slowModel = """
        import json, sys, time
        LEVELS = ["self_care", "routine", "urgent", "emergency"]
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            time.sleep(0.01)
            differential = [{"condition": "c-" + code, "probability": 1.0 / (2 ** (index + 1))}
                            for index, code in enumerate(request["present"])]
            differential.append({"condition": "age-%d" % request["age"], "probability": request["age"] / 128.0})
            shift = 1 if request["sex"] == "female" else 0
            sys.stdout.write(json.dumps({"id": request["id"], "differential": differential,
                                         "triage": LEVELS[(request["age"] + shift) % 4]}) + "\\n")
            sys.stdout.flush()

        """

    static let vignetteCount = 400

    /// The slow model's manifest, a bank of ``vignetteCount`` vignettes and a policy whose 20,000
    /// bootstrap resamples keep the run scoring for a second or more, long enough to be killed then.
    static func setup(_ folder: TemporaryDirectory) throws -> (manifest: String, bank: String, policy: String) {
        folder.write("model/slow_model.py", slowModel)
        let manifest = folder.write("model/model.yaml", EndToEnd.manifest(name: "slow-model", script: "slow_model.py"))
        let codes = ["E_55", "E_57", "E_91", "E_53", "E_14"]
        let vignettes: [[String: Any]] = (0..<vignetteCount).map { index in
            let present = [codes[index % 5], codes[(index + 2) % 5]]
            return [
                "id": "v-\(1000 + index)", "summary": "a case", "age": index % 90, "sex": index % 2 == 0 ? "male" : "female",
                "present": present, "absent": [String](),
                "gold": [
                    "diagnosis": index % 3 == 0 ? "c-E_99" : "c-" + present[index % 2],
                    "triage": index % 4 == 0 ? "emergency" as Any : ["routine", "urgent"] as Any,
                ],
                "must_pass": index % 50 == 0, "tags": ["t\(index % 2)"],
            ]
        }
        let bank = folder.write("slow.jsonl", try EndToEnd.bank(id: "slow", vignettes: vignettes))
        let policy = folder.write(
            "policy.yaml",
            """
            gate: resume
            bootstrap: {resamples: 20000, seed: 5}
            criteria:
              - id: top3
                metric: top3_accuracy
                min: 0.5
                use: ci_lower
              - id: calibration
                metric: ece
                max: 0.5
              - id: errors
                metric: error_rate
                max: 0.01

            """)
        return (manifest, bank, policy)
    }

    @Test func aRunKilledAtSeveralMomentsAndResumedEqualsAnUninterruptedRun() throws {
        let folder = TemporaryDirectory()
        let (manifest, bank, policy) = try Self.setup(folder)
        func arguments(database: String, out: String) -> [String] {
            [
                "run", "--model", manifest, "--casebank", bank, "--policy", policy, "--db", database, "--out", out,
                "--jobs", "2", "--no-progress",
            ]
        }

        // The uninterrupted run.
        let reference = folder.file("reference.sqlite")
        let whole = try EndToEnd.clinval(
            arguments(database: reference, out: folder.file("reference")) + ["--run-id", "r"], expecting: 0)
        #expect(whole.stdout.hasPrefix("Run r: gate PASSED (400 vignettes answered)"))

        // The same run killed: as soon as it is begun, after about a quarter and two thirds of the
        // vignettes, and once every result is committed (while it scores); each time resumed.
        let database = folder.file("killed.sqlite")
        let out = folder.file("killed")
        let moments: [(String, (Int) -> Bool)] = [
            ("begun", { $0 >= 0 }), ("100 results", { $0 >= 100 }), ("260 results", { $0 >= 260 }),
            ("all results", { $0 >= Self.vignetteCount }),
        ]
        var killedAt: [Int] = []
        for (index, moment) in moments.enumerated() {
            let extra = index == 0 ? ["--run-id", "r"] : ["--resume", "r"]
            let child = try ChildRun(
                arguments(database: database, out: out) + extra, log: folder.file("log-\(index).txt"))
            let reached = try child.wait { try moment.1(EndToEnd.committedResults(database, runID: "r")) }
            child.killHard()
            #expect(reached, "the run ended before the moment \(moment.0):\n\(child.log)")
            #expect(try EndToEnd.integrity(database) == "'ok'", "after a kill at \(moment.0)")
            let status = try EndToEnd.rows(database, "SELECT status FROM runs WHERE run_id = 'r'")
            #expect(status == [["'running'"]], "after a kill at \(moment.0)")
            killedAt.append(try EndToEnd.committedResults(database, runID: "r"))
        }
        #expect(killedAt == killedAt.sorted(), "committed results never go back: \(killedAt)")
        #expect(killedAt.last == Self.vignetteCount, "\(killedAt)")

        // Resuming finishes the run without answering a committed vignette again.
        let resumed = try EndToEnd.clinval(arguments(database: database, out: out) + ["--resume", "r"], expecting: 0)
        #expect(resumed.stdout == "Run r: gate PASSED (0 vignettes answered, 400 already done); outputs in \(out).\n")

        let expected = try EndToEnd.storedRun(reference, runID: "r")
        let actual = try EndToEnd.storedRun(database, runID: "r")
        for table in expected.keys.sorted() {
            #expect(actual[table] == expected[table], "table \(table) differs")
        }
        #expect(expected["results"]?.count == Self.vignetteCount)
        #expect(expected["run"]?.first?.prefix(4) == ["'complete'", "'pass'", "'slow-model'", "'1.0.0'"])
        #expect(
            try EndToEnd.comparableSummary(out + "/summary.json")
                == EndToEnd.comparableSummary(folder.file("reference/summary.json")))
    }

    @Test func aResumedRunAnswersOnlyTheVignettesThatWereNotCommitted() throws {
        let folder = TemporaryDirectory()
        let (manifest, bank, policy) = try Self.setup(folder)
        let database = folder.file("killed.sqlite")
        let out = folder.file("out")
        let common = [
            "run", "--model", manifest, "--casebank", bank, "--policy", policy, "--db", database, "--out", out,
            "--jobs", "2", "--no-progress",
        ]
        let child = try ChildRun(common + ["--run-id", "half"], log: folder.file("log.txt"))
        let reached = try child.wait { try EndToEnd.committedResults(database, runID: "half") >= 160 }
        child.killHard()
        try #require(reached, "the run ended before it was killed:\n\(child.log)")
        #expect(try EndToEnd.integrity(database) == "'ok'")
        let done = try EndToEnd.committedResults(database, runID: "half")
        #expect(done >= 160 && done < Self.vignetteCount)
        let committedBefore = try EndToEnd.rows(
            database, "SELECT vignette_id, status, triage, gold_rank FROM results ORDER BY vignette_id")

        let resumed = try EndToEnd.clinval(common + ["--resume", "half"], expecting: 0)
        #expect(
            resumed.stdout
                == "Run half: gate PASSED (\(Self.vignetteCount - done) vignettes answered, \(done) already done); outputs in \(out).\n"
        )
        let after = try EndToEnd.rows(
            database, "SELECT vignette_id, status, triage, gold_rank FROM results ORDER BY vignette_id")
        #expect(after.count == Self.vignetteCount)
        #expect(Set(committedBefore.map { $0 }).isSubset(of: Set(after.map { $0 })))
        #expect(try EndToEnd.rows(database, "SELECT status, verdict FROM runs") == [["'complete'", "'pass'"]])
    }

    @Test func resumeRefusesAnotherModelOrBankAndACompleteRunWithExitTwo() throws {
        let folder = TemporaryDirectory()
        let (manifest, bank, policy) = try Self.setup(folder)
        // A run that failed: its model could not start.
        folder.write("dead/fault_model.py", try String(contentsOfFile: EndToEnd.faultModel, encoding: .utf8))
        let dead = folder.write(
            "dead/model.yaml",
            EndToEnd.manifest(name: "slow-model", script: "fault_model.py", arguments: ["--exit-at-start"]))
        let database = folder.file("runs.sqlite")
        let common = ["run", "--casebank", bank, "--policy", policy, "--db", database, "--out", folder.file("out"), "--no-progress"]
        try EndToEnd.clinval(common + ["--model", dead, "--run-id", "broken"], expecting: 3)
        #expect(try EndToEnd.rows(database, "SELECT status FROM runs") == [["'failed'"]])

        let otherModel = try EndToEnd.clinval(common + ["--model", manifest, "--resume", "broken"], expecting: 2)
        #expect(otherModel.stderr.contains("cannot resume run \"broken\": model sha256 differs"), "\(otherModel.stderr)")

        let changed = folder.write(
            "changed.jsonl",
            try String(contentsOfFile: bank, encoding: .utf8).replacingOccurrences(of: "\"age\":1,", with: "\"age\":2,"))
        let otherBank = try EndToEnd.clinval(
            ["run", "--casebank", changed, "--policy", policy, "--db", database, "--out", folder.file("out"),
             "--no-progress", "--model", dead, "--resume", "broken"], expecting: 2)
        #expect(otherBank.stderr.contains("cannot resume run \"broken\""), "\(otherBank.stderr)")
        #expect(otherBank.stderr.contains("sha256"), "\(otherBank.stderr)")

        let unknown = try EndToEnd.clinval(common + ["--model", manifest, "--resume", "nobody"], expecting: 2)
        #expect(unknown.stderr.contains("no run with id \"nobody\" to resume"), "\(unknown.stderr)")

        try EndToEnd.clinval(
            ["run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--policy", folder.write("p.yaml", EndToEnd.passingPolicy),
             "--db", database, "--out", folder.file("done"), "--run-id", "done", "--no-progress"], expecting: 0)
        let complete = try EndToEnd.clinval(
            ["run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--policy", folder.file("p.yaml"),
             "--db", database, "--out", folder.file("done"), "--resume", "done", "--no-progress"], expecting: 2)
        #expect(complete.stderr.contains("run \"done\" is complete; there is nothing to resume"), "\(complete.stderr)")
        #expect(try EndToEnd.rows(database, "SELECT run_id, status FROM runs ORDER BY run_id") == [
            ["'broken'", "'failed'"], ["'done'", "'complete'"],
        ])
    }
}
