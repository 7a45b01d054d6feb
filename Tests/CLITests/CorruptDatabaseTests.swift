import Foundation
import Testing
import _ClinvalTestSupport

/// `clinval report` on a database whose stored decision cannot be read back: a row that does not
/// read is an error (exit 3) naming the run and the row, never a line missing from a safety
/// report.
@Suite struct CorruptDatabaseTests {
    /// A decided run `first` of the shipped model on the red-flag bank.
    struct DecidedRun {
        let folder = TemporaryDirectory()
        let database: String

        init() throws {
            let policy = folder.write("policy.yaml", EndToEnd.passingPolicy)
            database = try ReportCommandTests.run(folder, policy: policy, runID: "first")
        }

        /// Changes the database with `sql`, then runs `report`, which must fail with exit 3 and
        /// write nothing; returns its error line after the common prefix.
        func reportAfter(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            try EndToEnd.execute(database, sql)
            let out = folder.file("again")
            let result = try EndToEnd.clinval(
                ["report", "--db", database, "--run", "first", "--out", out], expecting: 3,
                sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: out), "no outputs", sourceLocation: sourceLocation)
            #expect(result.stdout == "", sourceLocation: sourceLocation)
            let prefix = "error: Cannot read run first from the database: \(database): run \"first\": "
            #expect(result.stderr.hasPrefix(prefix), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains("year-old"), "no vignette text", sourceLocation: sourceLocation)
            return String(result.stderr.dropFirst(prefix.count))
        }
    }

    @Test func aCriterionWhoseDetailsAreNotJSONFailsTheReport() throws {
        let run = try DecidedRun()
        let message = try run.reportAfter(
            "UPDATE criteria SET details_json = '{\"outcome\": \"met\"' WHERE criterion_id = 'sentinels'")
        #expect(message == "criterion \"sentinels\": details_json is not valid JSON\n")
    }

    @Test func aCriterionWithoutDetailsFailsTheReport() throws {
        let run = try DecidedRun()
        let message = try run.reportAfter("UPDATE criteria SET details_json = NULL WHERE criterion_id = 'top3'")
        #expect(
            message
                == "criterion \"top3\": details_json is null; decide the run again with 'clinval gate' to store it\n")
    }

    @Test func aCriterionWithAnUnknownOutcomeOrScopeFailsTheReport() throws {
        let run = try DecidedRun()
        let outcome = try run.reportAfter(
            "UPDATE criteria SET details_json = replace(details_json, '\"met\"', '\"maybe\"') WHERE criterion_id = 'error-rate'")
        #expect(outcome == "criterion \"error-rate\": details_json has an unknown outcome \"maybe\"\n")
        try EndToEnd.execute(
            run.database,
            "UPDATE criteria SET details_json = replace(details_json, '\"maybe\"', '\"met\"') WHERE criterion_id = 'error-rate'")
        let scope = try run.reportAfter("UPDATE criteria SET scope = 'casebank:' WHERE criterion_id = 'error-rate'")
        #expect(scope.hasPrefix("criterion \"error-rate\": scope \"casebank:\" cannot be read: "), "\(scope)")
    }

    @Test func aMetricWhoseScopeCannotBeReadFailsTheReport() throws {
        let run = try DecidedRun()
        let message = try run.reportAfter(
            "UPDATE metrics SET scope = 'ward:7' WHERE metric = 'top3_accuracy' AND scope = 'all'")
        #expect(message.hasPrefix("metric \"top3_accuracy\" of scope \"ward:7\": the scope cannot be read: "), "\(message)")
    }

    @Test func unreadableRunSettingsFailTheReport() throws {
        let run = try DecidedRun()
        let message = try run.reportAfter("UPDATE runs SET settings_json = '[1, 2' WHERE run_id = 'first'")
        #expect(message == "settings_json is not valid JSON\n")
    }

    @Test func aResultWithoutItsVignetteFailsTheReport() throws {
        // Foreign keys forbid it; a hand edit without them (Python's sqlite3 leaves them off) can
        // still leave one.
        let run = try DecidedRun()
        let message = try run.reportAfter(
            "DELETE FROM vignettes WHERE vignette_id = (SELECT min(vignette_id) FROM vignettes)")
        #expect(message.hasPrefix("vignette \"red-flags/"), "\(message)")
        #expect(message.hasSuffix("\" has a result but no stored gold labels\n"), "\(message)")
    }
}
