import ClinvalCore
import ClinvalStore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

/// `clinval audit verify` and `clinval audit export` in process.
@Suite struct AuditCommandsTests {
    static let environment = PipelineFixture.environment(PipelineFixture.goodModel())

    /// A database holding two decided runs, `r1` and `r2` (six entries).
    static func twoRuns() async throws -> PipelineFixture {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(runID: "r1"), PipelineFixture.goodModel())
        try await fixture.run(fixture.request(runID: "r2"), PipelineFixture.wrongModel())
        return fixture
    }

    @Test func theActorIsTheUserAndHostWithTheNameGivenFirst() {
        #expect(Self.environment.actor() == "test-user@test-host")
        #expect(Self.environment.actor(named: "Dr Zoë Okafor") == "Dr Zoë Okafor (test-user@test-host)")
        #expect(Self.environment.actor(named: "") == "test-user@test-host")
        #expect(!PipelineEnvironment.production.actor().hasPrefix("@"))
    }

    @Test func verifyReportsAnIntactChainWithItsHead() async throws {
        let fixture = try await Self.twoRuns()
        let head = try #require(try fixture.store().auditHead())
        let verification = try AuditCommands.verify(database: fixture.database, environment: Self.environment)
        #expect(verification.exitStatus == .success)
        #expect(verification.line == "audit trail intact: 6 entries, head \(head)")
    }

    @Test func verifyNamesTheFirstBadEntryAndExitsOne() async throws {
        let fixture = try await Self.twoRuns()
        try PipelineFixture.sqlite(
            fixture.database,
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET payload_json = '{\"verdict\":\"pass\"}' WHERE seq = 6")
        let verification = try AuditCommands.verify(database: fixture.database, environment: Self.environment)
        #expect(verification.exitStatus == .gateFailed)
        #expect(verification.exitStatus.rawValue == 1)
        #expect(verification.line == "audit trail broken: entry 6: digest mismatch")
    }

    @Test func aMissingDatabaseIsExitTwoForBothCommands() throws {
        let folder = TemporaryDirectory()
        let missing = folder.file("none.sqlite")
        #expect { try AuditCommands.verify(database: missing, environment: Self.environment) } throws: {
            ExitStatus(for: $0) == .invalidInput && "\($0)" == "No database at \(missing); check --db."
        }
        #expect { try AuditCommands.export(database: missing, environment: Self.environment) } throws: {
            ExitStatus(for: $0) == .invalidInput
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func exportWritesOneJSONObjectPerEntryWithThePayloadAsAnObject() async throws {
        let fixture = try await Self.twoRuns()
        let lines = try AuditCommands.export(database: fixture.database, environment: Self.environment)
        let entries = try fixture.store().auditEntries()
        #expect(lines.count == 6)
        for (line, entry) in zip(lines, entries) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(
                Set(object.keys) == ["seq", "at", "actor", "action", "run_id", "payload", "prev_sha256", "sha256"])
            #expect(object["seq"] as? Int == Int(entry.seq))
            #expect(object["actor"] as? String == "test-user@test-host")
            #expect(object["action"] as? String == entry.action.rawValue)
            #expect(object["run_id"] as? String == entry.runID)
            #expect(object["payload"] is [String: Any])
            #expect(object["sha256"] as? String == entry.sha256)
            #expect(line.contains(#""payload":\#(entry.payloadJSON),"#))
        }
        let second = try AuditCommands.export(database: fixture.database, runID: "r2", environment: Self.environment)
        #expect(second == Array(lines.suffix(3)))
    }

    @Test func exportOfAnUnknownRunIsExitTwo() async throws {
        let fixture = try await Self.twoRuns()
        #expect {
            try AuditCommands.export(database: fixture.database, runID: "r9", environment: Self.environment)
        } throws: { ExitStatus(for: $0) == .invalidInput && "\($0)".contains("There is no run r9") }
    }

    @Test func theIndependentScriptVerifiesTheExportAsTheDatabase() async throws {
        let fixture = try await Self.twoRuns()
        let export = fixture.folder.write(
            "audit.jsonl",
            try AuditCommands.export(database: fixture.database, environment: Self.environment).joined(separator: "\n")
                + "\n")
        let head = try #require(try fixture.store().auditHead())
        for path in [export, fixture.database] {
            let result = try CommandRunner.run(
                "/usr/bin/env", ["python3", PackagePaths.path("scripts/verify_audit.py"), path], in: PackagePaths.root)
            #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout == "intact: 6 entries, head \(head)\n")
        }
    }
}
