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

    /// The README's path: the signed policy fails awaiting approval, a signature passes it, and
    /// the audit trail is intact; a waiver of a passed criterion is refused (exit 2) and changes
    /// nothing.
    @Test func theSignedPolicyPassesOnceTheSafetyOfficerSigns() throws {
        let folder = TemporaryDirectory()
        let db = folder.file("demo.sqlite")
        let out = folder.file("signed")
        let run = try CommandRunner.clinval([
            "run", "--db", db, "--out", out, "--no-progress", "--run-id", "signed",
            "--policy", "workflows/release-gate-signed.yaml",
        ])
        #expect(run.exitCode == 1, "\(run.stderr)")
        let data = try #require(FileManager.default.contents(atPath: out + "/summary.json"))
        let awaiting = try JSONDecoder().decode(Summary.self, from: data)
        #expect(awaiting.criteria.filter { !$0.passed }.map(\.id) == ["approval"])

        let refused = try CommandRunner.clinval([
            "waive", "--db", db, "--run", "signed", "--criterion", "top3", "--approver", "Dr A. Okafor",
            "--role", "clinical-safety-officer", "--reason", "none needed", "--expires", "2099-12-31", "--out", out,
        ])
        #expect(refused.exitCode == 2)
        #expect(refused.stderr.contains("Criterion top3 of run signed passed; only a failed blocking criterion can be waived."))

        let sign = try CommandRunner.clinval([
            "sign", "--db", db, "--run", "signed", "--name", "Dr A. Okafor", "--role", "clinical-safety-officer",
            "--meaning", "approved", "--out", out,
        ])
        #expect(sign.exitCode == 0, "\(sign.stderr)")
        #expect(sign.stdout.contains("Run signed: gate PASSED"))
        let gate = try CommandRunner.clinval(["gate", "--db", db, "--run", "signed", "--out", out])
        #expect(gate.exitCode == 0, "\(gate.stderr)")
        let signed = try JSONDecoder().decode(Summary.self, from: try #require(FileManager.default.contents(atPath: out + "/summary.json")))
        #expect(signed.verdict == "pass")
        let verify = try CommandRunner.clinval(["audit", "verify", "--db", db])
        #expect(verify.exitCode == 0)
        // run started, completed, decided; the signature and its decision; the gate.
        #expect(verify.stdout.hasPrefix("audit trail intact: 6 entries"), "\(verify.stdout)")
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("Dr A. Okafor"))
        #expect(html.contains("on this decision"))
    }
}
