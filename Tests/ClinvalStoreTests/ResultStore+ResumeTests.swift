import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

@Suite struct ResultStoreResumeTests {
    @Test func completedKeysAreTheCommittedResults() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        try store.commit(results: StoreFixtures.keys.prefix(3).map { StoreFixtures.result($0) }, runID: "run-1")
        #expect(try store.completedVignetteKeys(runID: "run-1") == Set(StoreFixtures.keys.prefix(3)))
    }

    @Test func resumeReopensAFailedRun() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        try store.markFailed(runID: "run-1", reason: "model unreachable", finishedAt: StoreFixtures.start)
        let run = try store.resumeRun(
            id: "run-1", model: StoreFixtures.model, casebanks: StoreFixtures.banks, shard: nil)
        #expect(run == StoreFixtures.run())
        #expect(try store.run(id: "run-1") == StoreFixtures.run())
    }

    @Test func resumeRefusesAnotherModelOrBanksNamingEachDifference() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        var model = StoreFixtures.model
        model.sha256 = StoreFixtures.hex("9")
        var banks = StoreFixtures.banks
        banks[0].sha256 = StoreFixtures.hex("8")
        banks[1].version = "2027.01"
        banks.append(CasebankIdentity(id: "extra", version: "1", sha256: StoreFixtures.hex("7"), vignettes: 1))
        let error = #expect(throws: StoreError.self) {
            try store.resumeRun(id: "run-1", model: model, casebanks: banks, shard: Shard(index: 1, count: 2)!)
        }
        #expect(error?.code == .identityMismatch)
        let a = StoreFixtures.hex("a"), d = StoreFixtures.hex("d")
        let nine = StoreFixtures.hex("9"), eight = StoreFixtures.hex("8")
        #expect(
            error?.description
                == "\(store.path): cannot resume run \"run-1\": model sha256 differs (run has \(a), now \(nine)); "
                + "bank \"common\" sha256 differs (run has \(d), now \(eight)); "
                + "bank \"extra\" is not part of the run; "
                + "bank \"red-flags\" version differs (run has \"2026.10\", now \"2027.01\"); "
                + "shard differs (run has none, now 1/2)")
        #expect(try store.run(id: "run-1")?.status == .running)
    }

    @Test func resumeRefusesAMissingBank() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        let error = #expect(throws: StoreError.self) {
            try store.resumeRun(id: "run-1", model: StoreFixtures.model, casebanks: [StoreFixtures.banks[0]], shard: nil)
        }
        #expect(
            error?.description
                == "\(store.path): cannot resume run \"run-1\": bank \"red-flags\" of the run is not given now")
    }

    @Test func resumeRefusesACompleteRun() throws {
        let folder = TemporaryDirectory()
        let store = try StoreFixtures.storeWithRun(in: folder)
        try store.markComplete(runID: "run-1", verdict: .pass, finishedAt: StoreFixtures.start)
        let error = #expect(throws: StoreError.self) {
            try store.resumeRun(id: "run-1", model: StoreFixtures.model, casebanks: StoreFixtures.banks, shard: nil)
        }
        #expect(error?.description == "\(store.path): run \"run-1\" is complete; there is nothing to resume")
    }

    @Test func resumeRefusesAnUnknownRun() throws {
        let store = try ResultStore.inMemory()
        let error = #expect(throws: StoreError.self) {
            try store.resumeRun(id: "nope", model: StoreFixtures.model, casebanks: StoreFixtures.banks, shard: nil)
        }
        #expect(error?.code == .runNotFound)
    }
}
