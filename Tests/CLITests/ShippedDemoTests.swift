import Foundation
import Testing
import _ClinvalTestSupport

/// The shipped demo (issue 5): the shipped policy passes `ddxplus-noisy-or` 1.0.0 on the shipped
/// banks and fails 1.1.0-candidate for its safety defect, while top-1 accuracy stays
/// non-inferior — the trap an accuracy-only gate would fall into.
@Suite(.serialized) struct ShippedDemoTests {
    struct Summary: Decodable {
        struct Criterion: Decodable {
            var id: String
            var passed: Bool
        }
        var verdict: String
        var baseline_run_id: String?
        var criteria: [Criterion]
    }

    @Test func theShippedGatePassesTheReleaseAndFailsTheCandidate() throws {
        let folder = TemporaryDirectory()
        let db = folder.file("demo.sqlite")
        let release = try CommandRunner.clinval([
            "run", "--db", db, "--out", folder.file("release"), "--no-progress", "--run-id", "release",
        ])
        #expect(release.exitCode == 0, "\(release.stderr)")
        #expect(release.stdout.hasPrefix("Run release: gate PASSED (1019 vignettes answered)"))

        let candidate = try CommandRunner.clinval([
            "run", "--db", db, "--out", folder.file("candidate"), "--no-progress", "--run-id", "candidate",
            "--model", "models/ddxplus-noisy-or-1.1.0-candidate.json", "--baseline", "latest-pass",
        ])
        #expect(candidate.exitCode == 1, "\(candidate.stderr)")
        let data = try #require(FileManager.default.contents(atPath: folder.file("candidate/summary.json")))
        let summary = try JSONDecoder().decode(Summary.self, from: data)
        #expect(summary.verdict == "fail")
        #expect(summary.baseline_run_id == "release")
        let failed = Set(summary.criteria.filter { !$0.passed }.map(\.id))
        #expect(failed == ["emergency-safety", "sentinels"])
        #expect(summary.criteria.contains { $0.id == "no-regression-top1" && $0.passed })
    }
}
