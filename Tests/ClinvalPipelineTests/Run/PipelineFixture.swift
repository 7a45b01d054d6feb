import ClinvalAdapters
import ClinvalCore
import ClinvalRunner
import ClinvalStore
import Foundation
import Logging
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

/// The inputs of an in-process pipeline test: the mini bank (four vignettes), a process-model
/// manifest that is never started (a ``FakeModelAdapter`` answers for it), a policy, a database
/// in a fresh folder, and a fixed clock, host and git commit.
struct PipelineFixture {
    /// The fixed clock: 2026-01-02T03:04:05Z.
    static let now = Date(timeIntervalSince1970: 1_767_323_045)
    /// The fixed clock as the outputs write it.
    static let nowText = "2026-01-02T03:04:05Z"
    static let hostname = "test-host"
    static let userName = "test-user"
    static let gitCommit = "0123abcd"
    static let bank = PackagePaths.fixture("casebanks/mini.yaml")
    static let logger = Logger(label: "clinval.tests") { _ in SwiftLogNoOpLogHandler() }

    /// Top-1 accuracy of at least 3 in 4 and at most one vignette in error.
    static let policy = """
        gate: in-process
        bootstrap: {resamples: 100, seed: 7}
        criteria:
          - id: top1
            metric: top1_accuracy
            min: 0.75
          - id: error-rate
            metric: error_rate
            max: 0.25

        """

    /// Answers every vignette of the mini bank with its gold diagnosis first and a triage in its range.
    static let goldReplies: [String: FakeModelAdapter.Reply] = [
        "mini/mini-001": FakeModelAdapter.ranking(["possible-nstemi-stemi", "unstable-angina"], triage: .emergency),
        "mini/mini-002": FakeModelAdapter.ranking(["viral-pharyngitis", "urti"], triage: .selfCare),
        "mini/mini-003": FakeModelAdapter.ranking(["pneumonia", "bronchitis"], triage: .routine),
        "mini/mini-004": FakeModelAdapter.ranking(["gerd"], triage: .routine),
    ]

    /// A model that knows every gold diagnosis.
    static func goodModel() -> FakeModelAdapter {
        FakeModelAdapter(replies: goldReplies, otherwise: .error("not scripted"))
    }

    /// A model that answers every vignette wrongly.
    static func wrongModel() -> FakeModelAdapter {
        FakeModelAdapter(otherwise: ranking(["migraine"], triage: .routine))
    }

    static func ranking(_ conditions: [String], triage: TriageLevel) -> FakeModelAdapter.Reply {
        FakeModelAdapter.ranking(conditions, triage: triage)
    }

    let folder = TemporaryDirectory(prefix: "clinval-pipeline")
    let model: String
    let policy: String

    init(policy text: String = Self.policy) {
        folder.write("model/serve.py", "")
        model = folder.write(
            "model/fake.yaml",
            """
            model: fake
            version: 1.0.0
            vocabulary: ddxplus
            kind: process
            command: [python3, serve.py]
            workers: 1
            timeout_seconds: 5

            """)
        policy = folder.write("policy.yaml", text)
    }

    /// The database of the fixture's runs.
    var database: String { folder.file("runs.sqlite") }

    /// The output folder of a run.
    func out(_ name: String) -> String { folder.file("out-\(name)") }

    /// The fixed environment, answering with `adapter`.
    static func environment(
        _ adapter: FakeModelAdapter, now: Date = now,
        openStore: @escaping @Sendable (String) throws -> ResultStore = { try ResultStore(path: $0) }
    ) -> PipelineEnvironment {
        PipelineEnvironment(
            makeAdapter: { _, _, _ in adapter }, openStore: openStore, now: { now }, hostname: { Self.hostname },
            userName: { Self.userName },
            gitCommit: gitCommit, variables: [:])
    }

    /// A request for the fixture's model, bank and policy.
    func request(
        runID: String? = "r1", resume: String? = nil, shard: Shard? = nil, database: String? = nil,
        casebanks: [String] = [Self.bank], policy: String? = nil
    ) -> RunRequest {
        RunRequest(
            model: model, casebanks: casebanks, policy: policy ?? self.policy, database: database ?? self.database,
            outputFolder: out(runID ?? resume ?? "run"), jobs: 1, shard: shard, runID: runID, resume: resume,
            toolVersion: "0.0.0-test")
    }

    /// Runs the pipeline in process.
    @discardableResult
    func run(_ request: RunRequest, _ adapter: FakeModelAdapter, now: Date = now) async throws -> RunOutcome {
        try await RunPipeline(request: request, environment: Self.environment(adapter, now: now))
            .execute(logger: Self.logger)
    }

    /// The store of the fixture's database.
    func store(_ path: String? = nil) throws -> ResultStore {
        try ResultStore(path: path ?? database)
    }

    /// The actions of a database's audit trail, in order.
    static func actions(_ database: String) throws -> [AuditAction] {
        try ResultStore(path: database).auditEntries().map(\.action)
    }

    /// A JSON file as an object.
    static func jsonObject(_ path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path), "no file at \(path)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Runs SQL on a database with the sqlite3 tool, to damage it as a hand edit would.
    static func sqlite(_ database: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the sqlite3 tool failed on \(sql) (it is installed by .ci/run: apt-get install sqlite3)")
    }
}
