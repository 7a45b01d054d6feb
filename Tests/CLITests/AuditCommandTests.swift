import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval audit verify` and `clinval audit export`, run as the binary: their output and exit codes.
@Suite struct AuditCommandTests {
    /// A database holding one decided run, `a`.
    static func decidedRun(in folder: TemporaryDirectory) throws -> String {
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = folder.file("runs.sqlite")
        try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db", database,
                "--out", folder.file("a"), "--run-id", "a", "--no-progress",
            ], expecting: 0)
        return database
    }

    @Test func verifyExitsZeroOnAnIntactChainAndOneOnABrokenOne() throws {
        let folder = TemporaryDirectory()
        let database = try Self.decidedRun(in: folder)
        let head = try #require(try EndToEnd.rows(database, "SELECT sha256 FROM audit_log ORDER BY seq DESC LIMIT 1").first?.first)
        let intact = try EndToEnd.clinval(["audit", "verify", "--db", database], expecting: 0)
        #expect(intact.stdout == "audit trail intact: 3 entries, head \(head.trimmingCharacters(in: ["'"]))\n")

        let refused = try CommandRunner.run("/usr/bin/env", ["sqlite3", database, "DELETE FROM audit_log WHERE seq = 2"], in: "/")
        #expect(refused.exitCode != 0 && refused.stderr.contains("audit_log is append-only"), "\(refused.stderr)")
        #expect(try EndToEnd.rows(database, "SELECT COUNT(*) FROM audit_log") == [["3"]])
        try EndToEnd.execute(database, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2")
        let broken = try EndToEnd.clinval(["audit", "verify", "--db", database], expecting: 1)
        #expect(broken.stdout == "audit trail broken: entry 3: a gap in seq\n")
    }

    @Test func exportWritesJSONLinesOfAllOrOneRun() throws {
        let folder = TemporaryDirectory()
        let database = try Self.decidedRun(in: folder)
        let all = try EndToEnd.clinval(["audit", "export", "--db", database], expecting: 0)
        let lines = all.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let objects = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["action"] as? String } == ["run_started", "run_completed", "gate_decided"])
        #expect(objects.allSatisfy { ($0["actor"] as? String)?.contains("@") == true && $0["run_id"] as? String == "a" })
        #expect(try EndToEnd.clinval(["audit", "export", "--db", database, "--run", "a"], expecting: 0).stdout == all.stdout)
        let unknown = try EndToEnd.clinval(["audit", "export", "--db", database, "--run", "zz"], expecting: 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("There is no run zz"))
    }

    @Test func aMissingDatabaseIsExitTwo() throws {
        let folder = TemporaryDirectory()
        let missing = folder.file("none.sqlite")
        for command in ["verify", "export"] {
            let result = try EndToEnd.clinval(["audit", command, "--db", missing], expecting: 2)
            #expect(result.stderr == "error: No database at \(missing); check --db.\n")
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
