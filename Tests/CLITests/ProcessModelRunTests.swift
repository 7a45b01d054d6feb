import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval run` with external models (docs/model-format.md) end to end: a real child-process model
/// with injected faults, a model that cannot start, and an HTTP manifest.
@Suite struct ProcessModelRunTests {
    /// The fault model's normal answer for a vignette with present codes [E_55, E_57] and one
    /// absent code, ranked as clinval ranks it (probability descending, ties by code).
    static func expectedDifferential(age: Int) -> [(String, Double)] {
        [("c-E_55", 0.5), ("c-E_57", 0.25), ("age-\(age)", Double(age) / 128), ("absent", 1.0 / 16)]
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    static let levels = ["self_care", "routine", "urgent", "emergency"]

    /// The age of the vignette at `index` in a fault bank.
    static func age(_ index: Int) -> Int { 20 + 5 * (index % 16) }

    /// Writes the fault model, its manifest and a bank whose vignette ids choose the faults.
    static func faultSetup(_ folder: TemporaryDirectory, ids: [String], arguments: [String] = []) throws
        -> (manifest: String, bank: String)
    {
        let script = try String(contentsOfFile: EndToEnd.faultModel, encoding: .utf8)
        folder.write("model/fault_model.py", script)
        let manifest = folder.write(
            "model/model.yaml",
            EndToEnd.manifest(name: "fault-model", script: "fault_model.py", arguments: arguments, timeoutSeconds: 1))
        let vignettes: [[String: Any]] = ids.enumerated().map { index, id in
            [
                "id": id, "summary": "a case", "age": age(index), "sex": index % 2 == 0 ? "male" : "female",
                "present": ["E_55", "E_57"], "absent": ["E_91"],
                "gold": ["diagnosis": "c-E_57", "triage": "urgent"],
            ]
        }
        let bank = folder.write("faults.jsonl", try EndToEnd.bank(id: "faults", vignettes: vignettes))
        return (manifest, bank)
    }

    @Test func faultsAreRecordedPerVignetteAndTheOtherVignettesAreAnsweredCorrectly() throws {
        let folder = TemporaryDirectory()
        let ids = [
            "ok-1", "crash-1", "ok-2", "hang-1", "garbage-1", "prob15-1", "nan-1", "badtriage-1", "error-1",
            "slow-1", "noid-1", "wrongid-1", "repeat-1", "ok-3", "slow-2", "ok-4",
        ]
        let (manifest, bank) = try Self.faultSetup(folder, ids: ids)
        let policy = folder.write(
            "policy.yaml",
            """
            gate: faults
            bootstrap: {resamples: 100, seed: 3}
            criteria:
              - id: error-rate
                metric: error_rate
                max: 0.2

            """)
        let database = folder.file("runs.sqlite")
        let started = Date()
        let result = try EndToEnd.clinval(
            [
                "run", "--model", manifest, "--casebank", bank, "--policy", policy, "--db", database, "--out",
                folder.file("out"), "--run-id", "faults", "--no-progress",
            ], expecting: 1)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(
            result.stdout
                == "Run faults: gate FAILED (16 vignettes answered, 9 errors, 1 timeouts); outputs in \(folder.file("out")).\n")

        let rows = try EndToEnd.rows(
            database, "SELECT vignette_id, status, error, triage, gold_rank FROM results ORDER BY vignette_id")
        var byID: [String: [String]] = [:]
        for row in rows { byID[row[0]] = Array(row.dropFirst()) }
        #expect(byID.count == ids.count)
        let expectedFaults: [String: [String]] = [
            "'crash-1'": ["'error'", "'the model crashed on this vignette (the worker exited with status 3)'"],
            "'hang-1'": ["'timeout'", "'no answer within 1 s'"],
            "'garbage-1'": [
                "'error'",
                "\"the model wrote a line that is not JSON (column 1: expected a JSON value, found 't') in answer to this vignette; its worker was restarted\"",
            ],
            "'prob15-1'": ["'error'", "'malformed response: differential[0].probability: 1.5 is outside [0, 1]'"],
            "'nan-1'": ["'error'", "'malformed response: differential[0].probability: NaN is not a finite number'"],
            "'badtriage-1'": [
                "'error'",
                "'malformed response: triage: expected one of emergency, urgent, routine, self_care, found \"urgnt\"'",
            ],
            "'error-1'": ["'error'", "'model error: \"cannot handle this vignette\"'"],
            "'noid-1'": [
                "'error'",
                "'the model wrote a response without an \"id\" in answer to this vignette; its worker was restarted'",
            ],
            "'wrongid-1'": [
                "'error'",
                "'the model wrote a response for an unknown id \"nobody/asked\" in answer to this vignette; its worker was restarted'",
            ],
            "'repeat-1'": ["'error'", "'malformed response: differential[4].condition: \"c-E_55\" is repeated'"],
        ]
        for (id, expected) in expectedFaults {
            #expect(byID[id].map { Array($0.prefix(2)) } == expected, "\(id)")
            #expect(byID[id].map { Array($0.suffix(2)) } == ["None", "None"], "\(id) has no triage or rank")
        }

        // Every other vignette has the model's answer, ranked by clinval.
        for (index, id) in ids.enumerated() where id.hasPrefix("ok-") || id.hasPrefix("slow-") {
            let age = Self.age(index)
            let female = index % 2 == 1
            let differential = Self.expectedDifferential(age: age)
            let goldRank = (differential.firstIndex { $0.0 == "c-E_57" } ?? -1) + 1
            #expect(
                byID["'\(id)'"] == ["'ok'", "None", "'\(Self.levels[(age + (female ? 1 : 0)) % 4])'", "\(goldRank)"],
                "\(id)")
            let stored = try EndToEnd.rows(
                database,
                "SELECT rank, condition_id, probability FROM differentials WHERE vignette_id = ? ORDER BY rank", [id])
            #expect(
                stored == differential.enumerated().map { ["\($0.offset + 1)", "'\($0.element.0)'", "\($0.element.1)"] },
                "\(id)")
        }
        #expect(try EndToEnd.rows(database, "SELECT count(*) FROM differentials WHERE vignette_id NOT LIKE 'ok-%' AND vignette_id NOT LIKE 'slow-%'") == [["0"]])

        // The summary counts the faults and the run is complete.
        let summary = try EndToEnd.jsonObject(folder.file("out/summary.json"))
        #expect(summary["counts"] as? [String: Int] == ["vignettes": 16, "ok": 6, "error": 9, "timeout": 1, "approximate": 0])
        #expect(try EndToEnd.rows(database, "SELECT status, verdict FROM runs") == [["'complete'", "'fail'"]])
    }

    @Test func aModelThatExitsAtStartStopsTheRunWithExitThreeQuickly() throws {
        let folder = TemporaryDirectory()
        let (manifest, bank) = try Self.faultSetup(
            folder, ids: (1...40).map { "ok-\($0)" }, arguments: ["--exit-at-start"])
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = folder.file("runs.sqlite")
        let started = Date()
        let result = try EndToEnd.clinval(
            [
                "run", "--model", manifest, "--casebank", bank, "--policy", policy, "--db", database, "--out",
                folder.file("out"), "--run-id", "dead", "--no-progress",
            ], expecting: 3)
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.contains(
                "error: Run dead failed: the model cannot be reached: the model could not be started: 4 worker processes in a row ended without answering anything (last: the worker exited with status 1); the model's last standard error lines:\n  | fatal: cannot load the model weights\n"
            ), "\(result.stderr)")
        let run = try EndToEnd.rows(database, "SELECT status, verdict, failure_reason FROM runs")
        #expect(run.first?.prefix(2) == ["'failed'", "None"])
        #expect(run.first?.last?.contains("the model could not be started") == true)
        #expect(try EndToEnd.rows(database, "SELECT count(*) FROM results") == [["0"]], "no vignette is charged")
        let runs = try EndToEnd.clinval(["runs", "--db", database], expecting: 0)
        #expect(runs.stdout.contains("failed"))
    }

    /// A `kind: http` manifest for the HTTP fault model listening on `port`.
    static func httpManifest(port: Int, extra: String = "") -> String {
        """
        model: http-model
        version: 1.0.0
        vocabulary: ddxplus
        kind: http
        url: http://127.0.0.1:\(port)/predict
        concurrency: 3
        timeout_seconds: 1
        retries: 1
        \(extra)
        """
    }

    @Test func anHTTPModelIsRunWithItsFaultsRecordedPerVignette() throws {
        let server = try LoopbackServer(
            script: PackagePaths.fixture("adapters/http_model.py"), arguments: ["--require-header", "X-Api-Key=k-123"])
        defer { server.stop() }
        let folder = TemporaryDirectory()
        let ids = ["ok-1", "ok-2", "error-1", "flaky-1", "slow-1", "garbage-1", "ok-3", "ok-4"]
        let (_, bank) = try Self.faultSetup(folder, ids: ids)
        let manifest = folder.write(
            "model/http.yaml", Self.httpManifest(port: server.port, extra: "headers:\n  X-Api-Key: {env: CLINVAL_TEST_KEY}\n"))
        let policy = folder.write(
            "policy.yaml",
            """
            gate: http
            bootstrap: {resamples: 100, seed: 3}
            criteria:
              - id: error-rate
                metric: error_rate
                max: 0.5

            """)
        let database = folder.file("runs.sqlite")
        let arguments = [
            "run", "--model", manifest, "--casebank", bank, "--policy", policy, "--db", database, "--out",
            folder.file("out"), "--run-id", "http", "--no-progress",
        ]
        let result = try EndToEnd.clinval(arguments, environment: ["CLINVAL_TEST_KEY": "k-123"], expecting: 0)
        #expect(
            result.stdout
                == "Run http: gate PASSED (8 vignettes answered, 2 errors, 1 timeouts); outputs in \(folder.file("out")).\n")
        let rows = try EndToEnd.rows(database, "SELECT vignette_id, status, error, gold_rank FROM results ORDER BY vignette_id")
        var byID: [String: [String]] = [:]
        for row in rows { byID[row[0]] = Array(row.dropFirst()) }
        #expect(byID["'error-1'"] == ["'error'", "'model error: \"cannot assess this case\"'", "None"])
        #expect(byID["'slow-1'"] == ["'timeout'", "'no answer within 1 s (2 attempts)'", "None"])
        #expect(byID["'garbage-1'"]?.first == "'error'")
        // Retried after a 503, then answered: the gold c-E_57 stands where the model ranks it.
        func goldRank(_ index: Int) -> String {
            String((Self.expectedDifferential(age: Self.age(index)).firstIndex { $0.0 == "c-E_57" } ?? -1) + 1)
        }
        #expect(byID["'flaky-1'"] == ["'ok'", "None", goldRank(3)])
        #expect(byID["'ok-1'"] == ["'ok'", "None", goldRank(0)])
        #expect(goldRank(3) == "3" && goldRank(0) == "2")
        let kind = try EndToEnd.rows(database, "SELECT model_name, model_kind FROM runs")
        #expect(kind == [["'http-model'", "'http'"]])
        // The key never reaches the database, the outputs or the log.
        let dump = try String(contentsOfFile: database, encoding: .isoLatin1)
        #expect(!dump.contains("k-123") && !result.stderr.contains("k-123"))
        let summary = try String(contentsOfFile: folder.file("out/summary.json"), encoding: .utf8)
        #expect(!summary.contains("k-123"))
    }

    @Test func anHTTPModelWhoseHeaderVariableIsNotSetIsRefusedWithExitTwo() throws {
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let manifest = folder.write(
            "model/http.yaml", Self.httpManifest(port: 9, extra: "headers:\n  Authorization: {env: CLINVAL_UNSET_TOKEN}\n"))
        let result = try EndToEnd.clinval(
            [
                "run", "--model", manifest, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db",
                folder.file("runs.sqlite"), "--out", folder.file("out"), "--no-progress",
            ], expecting: 2)
        #expect(
            result.stderr
                == "error: The model \(manifest): header Authorization takes its value from the environment variable CLINVAL_UNSET_TOKEN, which is not set; set it before the run.\n"
        )
        #expect(!FileManager.default.fileExists(atPath: folder.file("runs.sqlite")))
    }

    @Test func anHTTPModelThatCannotBeReachedStopsTheRunWithExitThree() throws {
        let server = try LoopbackServer(script: PackagePaths.fixture("adapters/http_model.py"))
        server.stop()  // nothing listens on the port any more
        let folder = TemporaryDirectory()
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let manifest = folder.write("model/http.yaml", Self.httpManifest(port: server.port))
        let database = folder.file("runs.sqlite")
        let started = Date()
        let result = try EndToEnd.clinval(
            [
                "run", "--model", manifest, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db", database,
                "--out", folder.file("out"), "--run-id", "down", "--no-progress",
            ], expecting: 3)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(result.stderr.contains("the model at http://127.0.0.1:\(server.port)/predict answered none of the first 4 vignettes"))
        #expect(try EndToEnd.rows(database, "SELECT status FROM runs") == [["'failed'"]])
    }
}
