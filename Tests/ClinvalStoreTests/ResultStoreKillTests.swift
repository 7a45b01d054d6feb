import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

/// A writer killed with SIGKILL in the middle of a transaction must leave a sound database that
/// holds exactly the committed batches.
@Suite struct ResultStoreKillTests {
    /// A writer in another process: commits batches of results (with ten differential rows each)
    /// in WAL mode, then opens one more transaction, writes into it with a tiny page cache (so the
    /// uncommitted pages spill into the WAL file), says so, and waits to be killed.
    private static let writer = """
        import sqlite3, sys, time
        path, first, batches, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-16")
        def write(start, count):
            for i in range(start, start + count):
                vid = "v-%05d" % i
                db.execute("INSERT INTO results (run_id, casebank_id, vignette_id, status, triage, gold_rank,"
                           " latency_ms, approximate, unknown_codes) VALUES ('run-1', 'bank', ?, 'ok', 'urgent', 1,"
                           " 1.0, 0, 0)", (vid,))
                for rank in range(1, 11):
                    db.execute("INSERT INTO differentials VALUES ('run-1', 'bank', ?, ?, ?, ?)",
                               (vid, rank, "condition-%03d" % rank, 1.0 / (rank + 1)))
        start = first
        for _ in range(batches):
            db.execute("BEGIN IMMEDIATE")
            write(start, size)
            db.execute("COMMIT")
            start += size
            print("committed", start, flush=True)
        db.execute("BEGIN IMMEDIATE")
        write(start, size * 4)
        print("in transaction", flush=True)
        time.sleep(120)
        """

    private static func key(_ index: Int) -> VignetteKey {
        VignetteKey(casebankID: "bank", vignetteID: String(format: "v-%05d", index))
    }

    private static func result(_ index: Int) -> ResultRecord {
        ResultRecord(
            casebankID: "bank", vignetteID: key(index).vignetteID, status: .ok, triage: .urgent, goldRank: 1,
            latencyMS: 1,
            differential: (1...10).map {
                RankedCondition(condition: String(format: "condition-%03d", $0), probability: 1.0 / Double($0 + 1))
            })
    }

    @Test func aWriterKilledMidTransactionLeavesOnlyCommittedBatches() throws {
        // Given: a run whose first 200 results were committed by the store.
        let folder = TemporaryDirectory()
        let path = folder.file("clinval.sqlite")
        let total = 2_000
        do {
            let store = try ResultStore(path: path)
            try store.beginRun(
                StoreFixtures.run(),
                casebanks: [CasebankIdentity(id: "bank", version: "1", sha256: StoreFixtures.hex("d"), vignettes: total)])
            try store.storeVignettes(
                (0..<total).map { index in
                    VignetteRecord(
                        casebankID: "bank", vignetteID: Self.key(index).vignetteID, casebankVersion: "1", age: 30,
                        sex: .female, present: ["E_1"], goldDiagnosis: "condition-001", goldTriageLow: .urgent,
                        goldTriageHigh: .urgent)
                },
                runID: "run-1")
            try store.commit(results: (0..<100).map(Self.result), runID: "run-1")
            try store.commit(results: (100..<200).map(Self.result), runID: "run-1")
        }

        // When: another process commits three batches of 200, is killed inside a fourth.
        let script = folder.write("writer.py", Self.writer)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, path, "200", "3", "200"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var text = ""
        while !text.contains("in transaction\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }  // the writer ended before it was killed
            text += String(decoding: data, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(text.hasSuffix("in transaction\n"), "writer output: \(text) \(stderr)")
        #expect(process.terminationReason == .uncaughtSignal)
        let walSize = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(walSize > 0)

        // Then: the database is sound and holds exactly the 800 committed results.
        let store = try ResultStore(path: path)
        #expect(try store.integrityCheck() == [])
        #expect(try store.completedVignetteKeys(runID: "run-1") == Set((0..<800).map(Self.key)))
        var differentialRows = 0
        try store.forEachResult(runID: "run-1") { differentialRows += $0.differential.count }
        #expect(differentialRows == 8_000)
        #expect(try store.run(id: "run-1")?.status == .running)
        // And the run can go on from there.
        try store.commit(results: (800..<total).map(Self.result), runID: "run-1")
        #expect(try store.completedVignetteKeys(runID: "run-1").count == total)
    }
}
