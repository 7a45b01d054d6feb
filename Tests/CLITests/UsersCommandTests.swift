import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval users` as the binary: the password piped on standard input, never echoed, never
/// taken from an argument; exit 2 and nothing changed for bad input.
@Suite struct UsersCommandTests {
    static func database(in folder: TemporaryDirectory) throws -> String {
        let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
        let database = folder.file("runs.sqlite")
        try EndToEnd.clinval(
            [
                "run", "--model", EndToEnd.model, "--casebank", EndToEnd.redFlags, "--policy", policy, "--db", database,
                "--out", folder.file("a"), "--run-id", "a", "--no-progress",
            ], expecting: 0)
        return database
    }

    static func users(_ arguments: [String], input: String?, expecting code: Int32) throws -> CommandResult {
        let result = try CommandRunner.clinval(["users"] + arguments, input: input)
        #expect(result.exitCode == code, "clinval users \(arguments.joined(separator: " "))\n\(result.stdout)\(result.stderr)")
        return result
    }

    @Test func addListDisableAndPasswdWithThePasswordOnStandardInput() throws {
        let folder = TemporaryDirectory()
        let database = try Self.database(in: folder)
        let secret = "piped secret 123"
        let added = try Self.users(
            ["add", "--db", database, "Dr Ada Obi", "--role", "approver", "--signing-role", "clinical-safety-officer"],
            input: secret + "\n", expecting: 0)
        #expect(added.stdout == "Added user Dr Ada Obi (approver).\n")
        #expect(!added.stdout.contains(secret) && !added.stderr.contains(secret))
        let hash = try #require(try EndToEnd.rows(database, "SELECT password_hash FROM users").first?.first)
        #expect(hash.hasPrefix("'$2b$12$") && !hash.contains("piped"))

        let listed = try Self.users(["list", "--db", database], input: nil, expecting: 0)
        #expect(listed.stdout == "name\tpermission\tsigning_role\tstatus\nDr Ada Obi\tapprover\tclinical-safety-officer\tactive\n")

        let changed = try Self.users(["passwd", "--db", database, "Dr Ada Obi"], input: "another secret 456\n", expecting: 0)
        #expect(changed.stdout == "Set the password of user Dr Ada Obi.\n")
        let newHash = try #require(try EndToEnd.rows(database, "SELECT password_hash FROM users").first?.first)
        #expect(newHash != hash)
        #expect(try Self.users(["disable", "--db", database, "Dr Ada Obi"], input: nil, expecting: 0).stdout == "Disabled user Dr Ada Obi.\n")
        #expect(try EndToEnd.rows(database, "SELECT disabled FROM users") == [["1"]])
        let actions = try EndToEnd.rows(database, "SELECT action, run_id FROM audit_log WHERE action = 'user_changed'")
        #expect(actions.count == 3 && actions.allSatisfy { $0[1] == "None" })
        try EndToEnd.clinval(["audit", "verify", "--db", database], expecting: 0)
    }

    @Test func badInputExitsTwoAndChangesNothing() throws {
        let folder = TemporaryDirectory()
        let database = try Self.database(in: folder)
        try Self.users(["add", "--db", database, "ada"], input: "a good long password\n", expecting: 0)
        let count = try EndToEnd.rows(database, "SELECT COUNT(*) FROM audit_log")
        let cases: [([String], String?, String)] = [
            (["add", "--db", database, "ada"], "another password 1\n", "There is a user \"ada\" already"),
            (["add", "--db", database, "bo"], "too short\n", "The password is too short"),
            (["add", "--db", database, "bo", "--role", "root"], "a good long password\n", "--role takes one of"),
            (["add", "--db", database, "bo"], nil, "No password on standard input"),
            (["passwd", "--db", database, "nobody"], "a good long password\n", "There is no user \"nobody\""),
            (["disable", "--db", database, "nobody"], nil, "There is no user \"nobody\""),
            (["add", "--db", folder.file("none.sqlite"), "bo"], "a good long password\n", "No database at"),
            (["add", "--db", database, "bo", "--password", "a good long password"], nil, "--password"),
        ]
        for (arguments, input, message) in cases {
            let result = try Self.users(arguments, input: input, expecting: 2)
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            if input != nil { #expect(!result.stderr.contains("long password"), "\(arguments) printed the password") }
        }
        #expect(try EndToEnd.rows(database, "SELECT name FROM users") == [["'ada'"]])
        #expect(try EndToEnd.rows(database, "SELECT COUNT(*) FROM audit_log") == count)
        #expect(!FileManager.default.fileExists(atPath: folder.file("none.sqlite")))
    }

    /// Ctrl-C at the password prompt ends the command and leaves the terminal echoing again
    /// (`Tests/Fixtures/scripts/password_prompt_interrupted.py` drives it on a pseudo-terminal).
    @Test func anInterruptedPasswordPromptRestoresTheTerminal() throws {
        let folder = TemporaryDirectory()
        let database = try Self.database(in: folder)
        let result = try CommandRunner.run(
            "/usr/bin/env",
            ["python3", PackagePaths.fixture("scripts/password_prompt_interrupted.py"), CommandRunner.clinvalPath, database],
            in: folder.path)
        try #require(result.exitCode == 0, "python3 is needed to drive the pseudo-terminal: \(result.stderr)")
        let seen = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Bool], "\(result.stdout)")
        #expect(seen == ["prompted": true, "echo_while_prompting": false, "ended_by_sigint": true, "echo_after": true])
        let listed = try Self.users(["list", "--db", database], input: nil, expecting: 0)
        #expect(!listed.stdout.contains("ada"))
    }
}
