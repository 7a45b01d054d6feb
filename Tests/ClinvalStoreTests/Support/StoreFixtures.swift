import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

/// Small, fully filled records for store tests.
enum StoreFixtures {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T11:06:40Z
    static let model = ModelIdentity(name: "ddxplus-noisy-or", version: "1.0.0", kind: "noisy-or", sha256: hex("a"))

    static func hex(_ digit: Character) -> String { String(repeating: digit, count: 64) }

    static func run(
        _ runID: String = "run-1", model: ModelIdentity = model, startedAt: Date = start, shard: Shard? = nil
    ) -> RunRecord {
        RunRecord(
            runID: runID, model: model, policySHA256: hex("c"), policyGate: "release", baselineRunID: nil,
            toolVersion: "0.1.0", gitCommit: "abc1234", startedAt: startedAt, jobs: 2, shard: shard, seed: 7,
            bootstrapResamples: 1000, bootstrapSeed: 20_261_129, settingsJSON: #"{"progress":false}"#)
    }

    static let banks = [
        CasebankIdentity(
            id: "common", version: "2026.11", sha256: hex("d"), vignettes: 3, title: "Common", source: "GP panel"),
        CasebankIdentity(id: "red-flags", version: "2026.10", sha256: hex("e"), vignettes: 2),
    ]

    static let keys: [VignetteKey] = [
        VignetteKey(casebankID: "common", vignetteID: "c-1"),
        VignetteKey(casebankID: "common", vignetteID: "c-2"),
        VignetteKey(casebankID: "common", vignetteID: "c-3"),
        VignetteKey(casebankID: "red-flags", vignetteID: "rf-001"),
        VignetteKey(casebankID: "red-flags", vignetteID: "rf-002"),
    ]

    static func vignette(_ key: VignetteKey) -> VignetteRecord {
        VignetteRecord(
            casebankID: key.casebankID, vignetteID: key.vignetteID,
            casebankVersion: key.casebankID == "common" ? "2026.11" : "2026.10", age: 58, sex: .male,
            present: ["E_55", "E_57"], absent: ["E_91"], summary: "58-year-old man, \"crushing\" chest pain\n",
            goldDiagnosis: "possible-nstemi-stemi", alsoCorrect: ["unstable-angina"],
            goldDifferential: key.vignetteID.hasSuffix("1") ? ["pericarditis"] : nil, goldTriageLow: .urgent,
            goldTriageHigh: .emergency, mustPass: key.casebankID == "red-flags", tags: ["cardiac"])
    }

    static func result(_ key: VignetteKey, entries: Int = 3) -> ResultRecord {
        ResultRecord(
            casebankID: key.casebankID, vignetteID: key.vignetteID, status: .ok, triage: .emergency, goldRank: 2,
            latencyMS: 1.25, unknownCodes: 1,
            differential: (1...max(entries, 1)).prefix(entries).map {
                RankedCondition(condition: "condition-\($0)", probability: 1.0 / Double($0 + 1))
            })
    }

    /// A store file holding run `runID` with all five vignettes' gold labels.
    static func storeWithRun(
        in folder: TemporaryDirectory, name: String = "clinval.sqlite", run: RunRecord = run()
    ) throws -> ResultStore {
        let store = try ResultStore(path: folder.file(name))
        try store.beginRun(run, casebanks: banks)
        try store.storeVignettes(keys.map(vignette), runID: run.runID)
        return store
    }
}

extension StoreFixtures {
    /// A fixed clock for audit entries: 2026-12-02T10:15:00Z.
    static let auditTime = Date(timeIntervalSince1970: 1_796_206_500)

    /// The actions of the store's audit trail, in order.
    static func actions(_ store: ResultStore, runID: String? = nil) throws -> [AuditAction] {
        try store.auditEntries(runID: runID).map(\.action)
    }

    /// The payload of an entry as an object.
    static func payload(_ entry: AuditEntry) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(entry.payloadJSON.utf8)) as? [String: Any])
    }

    /// Runs SQL on a database with the sqlite3 tool (installed by .ci/run), as an editor of the
    /// file would: its exit status and standard error.
    @discardableResult
    static func sqlite(_ database: String, _ sql: String) throws -> (status: Int32, stderr: String) {
        let result = try CommandRunner.run("/usr/bin/env", ["sqlite3", database, sql], in: PackagePaths.root)
        return (result.exitCode, result.stderr)
    }

    /// Runs `scripts/verify_audit.py` on a database or export: its exit status and output line.
    static func verifyScript(_ path: String) throws -> (status: Int32, line: String) {
        let result = try CommandRunner.run(
            "/usr/bin/env", ["python3", PackagePaths.path("scripts/verify_audit.py"), path], in: PackagePaths.root)
        return (result.exitCode, result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
