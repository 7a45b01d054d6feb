import Testing
import _ClinvalTestSupport

/// The command line's own behaviour: help, version and usage errors, by running the built binary.
@Suite struct CommandLineTests {
    @Test func printsHelpWithTheExitCodes() throws {
        let result = try CommandRunner.clinval(["--help"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("USAGE: clinval <subcommand>"))
        #expect(result.stdout.contains("2  invalid input or usage"))
        #expect(result.stdout.contains("lint"))
    }

    @Test func printsTheVersion() throws {
        let result = try CommandRunner.clinval(["--version"])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "0.1.0\n")
    }

    @Test func exitsWithTwoOnAnUnknownOption() throws {
        let result = try CommandRunner.clinval(["lint", "--colour", "x"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("Error: Unknown option '--colour'"))
        #expect(result.stdout.isEmpty)
    }

    @Test func exitsWithTwoOnAnUnknownCommand() throws {
        let result = try CommandRunner.clinval(["lnt"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("Unexpected argument 'lnt'"))
    }

    @Test func exitsWithTwoWhenLintHasNothingToCheck() throws {
        let result = try CommandRunner.clinval(["lint"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("Missing expected argument '<paths> ...'"))
    }
}
