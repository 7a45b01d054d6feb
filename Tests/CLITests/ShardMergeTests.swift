import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval run --shard K/N` and `clinval merge` end to end: N shards merged equal the unsharded
/// run; shards that do not make one whole run are refused.
@Suite struct ShardMergeTests {
    /// The inputs of a small two-bank run: the red-flag bank and 60 synthesized vignettes.
    struct Inputs {
        let folder = TemporaryDirectory()
        let policy: String
        let synthetic: String

        init() throws {
            policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
            synthetic = folder.file("synthetic.jsonl")
            try EndToEnd.clinval(
                ["synthesize", "--model", EndToEnd.model, "--count", "60", "--seed", "3", "--out", synthetic],
                expecting: 0)
        }

        /// `clinval run` of the run `shards` on both banks into `database`, with extra options.
        @discardableResult
        func run(database: String, _ extra: [String], expecting exitCode: Int32 = 0) throws -> CommandResult {
            try EndToEnd.clinval(
                [
                    "run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--casebank", synthetic,
                    "--policy", policy, "--db", database, "--run-id", "shards", "--no-progress",
                ] + extra, expecting: exitCode)
        }

        /// Runs the three shards of the run into `shard1.sqlite` … `shard3.sqlite`.
        func runShards() throws -> [String] {
            try (1...3).map { index in
                let database = folder.file("shard\(index).sqlite")
                let result = try run(database: database, ["--shard", "\(index)/3"])
                #expect(result.stdout.hasPrefix("Run shards: shard stored ("))
                return database
            }
        }

        func merge(
            _ shards: [String], into database: String, policy: String?? = .none, out: String = "merged",
            expecting exitCode: Int32
        ) throws -> CommandResult {
            let given = policy ?? self.policy
            return try EndToEnd.clinval(
                ["merge", "--db", database] + (given.map { ["--policy", $0] } ?? []) + ["--out", folder.file(out)]
                    + shards,
                expecting: exitCode)
        }
    }

    @Test func threeShardsMergedEqualTheUnshardedRun() throws {
        let inputs = try Inputs()
        let whole = inputs.folder.file("whole.sqlite")
        try inputs.run(database: whole, ["--out", inputs.folder.file("whole")])

        let shards = try inputs.runShards()
        // The shards partition the vignettes.
        var seen: Set<[String]> = []
        var sizes: [Int] = []
        for shard in shards {
            let keys = try EndToEnd.rows(shard, "SELECT casebank_id, vignette_id FROM results")
            sizes.append(keys.count)
            #expect(seen.isDisjoint(with: keys), "\(shard) overlaps an earlier shard")
            seen.formUnion(keys)
            #expect(try EndToEnd.rows(shard, "SELECT status, verdict, shard_index, shard_count FROM runs") == [
                ["'complete'", "None", "\(shards.firstIndex(of: shard).map { $0 + 1 } ?? 0)", "3"],
            ])
        }
        #expect(seen.count == 99)
        #expect(sizes.allSatisfy { $0 > 0 }, "\(sizes)")

        let merged = inputs.folder.file("merged.sqlite")
        let result = try inputs.merge(shards, into: merged, expecting: 0)
        #expect(result.stdout == "Run shards: gate PASSED (99 vignettes answered); outputs in \(inputs.folder.file("merged")).\n")

        let expected = try EndToEnd.storedRun(whole, runID: "shards")
        let actual = try EndToEnd.storedRun(merged, runID: "shards")
        for table in expected.keys.sorted() {
            #expect(actual[table] == expected[table], "table \(table) differs")
        }
        #expect(expected["results"]?.count == 99)
        #expect(
            try EndToEnd.comparableSummary(inputs.folder.file("merged/summary.json"))
                == EndToEnd.comparableSummary(inputs.folder.file("whole/summary.json")))
        #expect(try EndToEnd.rows(merged, "SELECT shard_index, shard_count FROM runs") == [["None", "None"]])
    }

    @Test func mergeRefusesTheSameShardTwiceWithExitTwo() throws {
        let inputs = try Inputs()
        let shards = try inputs.runShards()
        let copy = inputs.folder.file("copy-of-shard1.sqlite")
        try FileManager.default.copyItem(atPath: shards[0], toPath: copy)
        let result = try inputs.merge(shards + [copy], into: inputs.folder.file("merged.sqlite"), expecting: 2)
        #expect(
            result.stderr
                == "error: Cannot merge the shards: shard 1/3 is given 2 times (\"\(shards[0])\", \"\(copy)\")\n")
        #expect(!FileManager.default.fileExists(atPath: inputs.folder.file("merged/summary.json")))
    }

    @Test func mergeRefusesAMissingShardWithExitTwo() throws {
        let inputs = try Inputs()
        let shards = try inputs.runShards()
        let result = try inputs.merge(
            [shards[0], shards[2]], into: inputs.folder.file("merged.sqlite"), expecting: 2)
        #expect(result.stderr == "error: Cannot merge the shards: run \"shards\" is missing shard 2/3\n")
        #expect(!FileManager.default.fileExists(atPath: inputs.folder.file("merged/summary.json")))
    }

    @Test func mergeRefusesShardsOfDifferentRunsWithExitTwo() throws {
        let inputs = try Inputs()
        let shards = try inputs.runShards()
        let other = inputs.folder.file("other.sqlite")
        try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--casebank", inputs.synthetic,
                "--policy", inputs.policy, "--db", other, "--run-id", "other", "--shard", "2/3", "--no-progress",
            ], expecting: 0)
        let result = try inputs.merge(
            [shards[0], other, shards[2]], into: inputs.folder.file("merged.sqlite"), expecting: 2)
        #expect(result.stderr.hasPrefix("error: Cannot merge the shards: shards belong to different runs: "), "\(result.stderr)")
    }

    @Test func mergeWithoutAPolicyGatesWithThePolicyTheShardsRanWith() throws {
        let inputs = try Inputs()
        let shards = try inputs.runShards()
        let policyText = try String(contentsOfFile: inputs.policy, encoding: .utf8)
        for shard in shards {
            #expect(try EndToEnd.rows(shard, "SELECT policy_text = ? FROM runs", [policyText]) == [["1"]])
        }

        // Run from a folder holding no policy at all: the shards' own is used.
        let merged = inputs.folder.file("merged.sqlite")
        let result = try CommandRunner.clinval(
            ["merge", "--db", merged, "--out", inputs.folder.file("merged")] + shards, in: inputs.folder.path)
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "Run shards: gate PASSED (99 vignettes answered); outputs in \(inputs.folder.file("merged")).\n")
        let summary = try EndToEnd.jsonObject(inputs.folder.file("merged/summary.json"))
        let policy = try #require(summary["policy"] as? [String: String])
        #expect(policy["gate"] == "e2e")
        #expect(try policy["sha256"] == EndToEnd.sha256(ofFile: inputs.policy))
        #expect(try EndToEnd.rows(merged, "SELECT policy_text = ?, policy_gate FROM runs", [policyText]) == [["1", "'e2e'"]])

        // The same decision as with the policy given again.
        _ = try inputs.merge(shards, into: inputs.folder.file("again.sqlite"), out: "again", expecting: 0)
        #expect(
            try EndToEnd.comparableSummary(inputs.folder.file("merged/summary.json"))
                == EndToEnd.comparableSummary(inputs.folder.file("again/summary.json")))
    }

    @Test func mergeRefusesShardsRunWithDifferentPoliciesWithExitTwo() throws {
        let inputs = try Inputs()
        let other = inputs.folder.write(
            "other.yaml", EndToEnd.passingPolicy.replacingOccurrences(of: "seed: 11", with: "seed: 12"))
        let shards = try (1...3).map { index in
            let database = inputs.folder.file("shard\(index).sqlite")
            try inputs.run(database: database, ["--shard", "\(index)/3"] + (index == 1 ? [] : ["--policy", other]))
            return database
        }
        let result = try inputs.merge(shards, into: inputs.folder.file("merged.sqlite"), expecting: 2)
        let (first, second) = (try EndToEnd.sha256(ofFile: inputs.policy), try EndToEnd.sha256(ofFile: other))
        #expect(
            result.stderr.hasPrefix(
                "error: Cannot merge the shards: shards of run \"shards\" differ: shard 2/3 (\"\(shards[1])\") against shard 1/3 (\"\(shards[0])\"): policy sha256 differs (\(second) against \(first))"),
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: inputs.folder.file("merged/summary.json")))
    }

    @Test func shardsOfAnOlderClinvalResumeAndMergeWithTheirPolicyGiven() throws {
        // Shards written before the schema stored the policy's text; shard 1 was killed before its
        // last results were committed.
        let inputs = try Inputs()
        let shards = try inputs.runShards()
        for shard in shards { try EndToEnd.removePolicyText(shard) }
        try EndToEnd.execute(
            shards[0],
            """
            DELETE FROM results WHERE vignette_id IN (SELECT vignette_id FROM results ORDER BY vignette_id LIMIT 5);
            UPDATE runs SET status = 'running', finished_at = NULL
            """)

        // Resuming the old shard finishes it.
        let resumed = try inputs.run(database: shards[0], ["--shard", "1/3", "--resume", "shards"])
        #expect(resumed.stdout.hasPrefix("Run shards: shard stored (5 vignettes answered, "), "\(resumed.stdout)")
        #expect(try EndToEnd.rows(shards[0], "SELECT status, policy_text FROM runs") == [["'complete'", "None"]])

        // Without the policy, the merge says to give it, and writes nothing.
        let merged = inputs.folder.file("merged.sqlite")
        let refused = try inputs.merge(shards, into: merged, policy: .some(nil), expecting: 2)
        let sha256 = try EndToEnd.sha256(ofFile: inputs.policy)
        #expect(
            refused.stderr
                == "error: The shards of run shards do not hold their policy (an older clinval ran them); give the policy they ran with (sha256 \(sha256)) with --policy.\n")
        let written = FileManager.default.fileExists(atPath: merged) ? try EndToEnd.rows(merged, "SELECT count(*) FROM runs") : [["0"]]
        #expect(written == [["0"]], "no merged run is left behind")

        // With it, the merge gates as before, and keeps the policy's text from now on.
        let result = try inputs.merge(shards, into: merged, expecting: 0)
        #expect(result.stdout == "Run shards: gate PASSED (99 vignettes answered); outputs in \(inputs.folder.file("merged")).\n")
        let policyText = try String(contentsOfFile: inputs.policy, encoding: .utf8)
        #expect(try EndToEnd.rows(merged, "SELECT policy_text = ? FROM runs", [policyText]) == [["1"]])
    }
}
