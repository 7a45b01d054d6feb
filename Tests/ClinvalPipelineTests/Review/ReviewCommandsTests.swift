import ClinvalCore
import ClinvalPipeline
import ClinvalStore
import Foundation
import Testing
import _ClinvalTestSupport

/// `waive`, `sign` and `adjudicate` in process, from a failed gate to a signed release
/// (docs/clinical-review.md).
@Suite struct ReviewCommandsTests {
    /// Top-1 and top-3 accuracy of at least 0.75, and one approval by a clinical safety officer.
    static let policy = """
        gate: signed
        bootstrap: {resamples: 100, seed: 7}
        approval: {signatures: 1, roles: [clinical-safety-officer]}
        criteria:
          - id: top1
            metric: top1_accuracy
            min: 0.75
          - id: top3
            metric: top3_accuracy
            min: 0.75
          - id: sentinels
            metric: must_pass_failures
            max: 0

        """

    /// Right on mini-001 and mini-002, wrong on mini-003 and mini-004: top-1 and top-3 are 0.5.
    static func halfRightModel() -> FakeModelAdapter {
        var replies = PipelineFixture.goldReplies
        replies["mini/mini-003"] = PipelineFixture.ranking(["migraine"], triage: .routine)
        replies["mini/mini-004"] = PipelineFixture.ranking(["migraine"], triage: .routine)
        return FakeModelAdapter(replies: replies, otherwise: .error("not scripted"))
    }

    static let environment = PipelineFixture.environment(halfRightModel())

    func waive(
        _ fixture: PipelineFixture, _ criterion: String, expires: String = "2026-01-31", reason: String = "fix ships in 1.0.1",
        environment: PipelineEnvironment = environment
    ) async throws -> RunOutcome {
        try await ReviewCommands.waive(
            ReviewCommands.WaiverRequest(
                database: fixture.database, runID: "r1", criterion: criterion, approver: "Dr A. Okafor",
                role: "clinical-safety-officer", reason: reason, expires: expires, hazard: "HAZ-3",
                outputFolder: fixture.out("review")),
            toolVersion: "0.0.0-test", environment: environment
        ).outcome
    }

    func sign(_ fixture: PipelineFixture, _ name: String = "Dr B. Lee", meaning: String = "approved") async throws -> RunOutcome {
        try await ReviewCommands.sign(
            database: fixture.database, runID: "r1", name: name, role: "clinical-safety-officer", meaning: meaning,
            comment: nil, outputFolder: fixture.out("review"), toolVersion: "0.0.0-test", environment: Self.environment
        ).outcome
    }

    func summary(_ fixture: PipelineFixture) throws -> [String: Any] {
        try PipelineFixture.jsonObject(fixture.out("review") + "/summary.json")
    }

    @Test func fromAFailedGateToASignedReleaseWithWaivers() async throws {
        let fixture = PipelineFixture(policy: Self.policy)
        let first = try await fixture.run(fixture.request(), Self.halfRightModel())
        #expect(first.ending == .decided(passed: false))

        #expect(try await waive(fixture, "top1").ending == .decided(passed: false))  // top3 and approval fail
        #expect(try await sign(fixture).ending == .decided(passed: false))  // top3 still fails
        #expect(try await waive(fixture, "top3").ending == .decided(passed: false))  // the signature is superseded
        let approvals = try summary(fixture)["criteria"] as? [[String: Any]]
        #expect(approvals?.last?["id"] as? String == "approval")
        #expect((approvals?.last?["message"] as? String)?.contains("superseded") == true)

        let signed = try await sign(fixture, "Dr C. Osei")
        #expect(signed.ending == .decided(passed: true))
        let document = try summary(fixture)
        #expect(document["verdict"] as? String == "pass")
        #expect(document["waivers"] as? Int == 2)
        let criteria = try #require(document["criteria"] as? [[String: Any]])
        let top1 = try #require(criteria.first { $0["id"] as? String == "top1" })
        #expect(top1["passed"] as? Bool == false)
        #expect((top1["waiver"] as? [String: Any])?["approver"] as? String == "Dr A. Okafor")
        #expect((top1["waiver"] as? [String: Any])?["expires"] as? String == "2026-01-31")
        let store = try fixture.store()
        #expect(try document["decision_sha256"] as? String == store.run(id: "r1")?.decisionSHA256)
        #expect(try document["audit_head"] as? String == store.auditHead())

        // Each command appends its own entry, then the decision.
        #expect(
            try PipelineFixture.actions(fixture.database) == [
                .runStarted, .runCompleted, .gateDecided, .waiver, .gateDecided, .signature, .gateDecided,
                .waiver, .gateDecided, .signature, .gateDecided,
            ])
        #expect(try store.verifyAudit().isIntact)
        // The outputs written again from the database alone are the same bytes, waivers included.
        _ = try StoredRunCommands.report(
            database: fixture.database, runID: "r1", outputFolder: fixture.out("again"), argoOutputs: nil,
            environment: Self.environment)
        for file in ["summary.json", "junit.xml", "report.html"] {
            #expect(
                try String(contentsOfFile: fixture.out("again") + "/" + file, encoding: .utf8)
                    == String(contentsOfFile: fixture.out("review") + "/" + file, encoding: .utf8), "\(file)")
        }
        let junit = try String(contentsOfFile: fixture.out("review") + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("<skipped message=\"waived by Dr A. Okafor (clinical-safety-officer) until 2026-01-31: fix ships in 1.0.1 (hazard HAZ-3)\"/>"))
        let html = try String(contentsOfFile: fixture.out("review") + "/report.html", encoding: .utf8)
        #expect(html.contains("READY FOR RELEASE WITH 2 WAIVERS"))

        // After the expiry day the waivers no longer count.
        let later = PipelineFixture.environment(Self.halfRightModel(), now: CalendarDay("2026-02-01")!.start)
        let expired = try await StoredRunCommands.gate(
            database: fixture.database, runID: "r1", policy: nil, baseline: nil, outputFolder: fixture.out("later"),
            argoOutputs: nil, seed: nil, toolVersion: "0.0.0-test", environment: later)
        #expect(expired.ending == .decided(passed: false))
    }

    @Test func refusedWaiversAndSignaturesChangeNothing() async throws {
        let fixture = PipelineFixture(policy: Self.policy)
        try await fixture.run(fixture.request(), Self.halfRightModel())
        let entries = try PipelineFixture.actions(fixture.database).count
        let refusals: [(String, String, String, String)] = [
            ("sentinels", "2026-01-31", "r", "Criterion sentinels of run r1 passed; only a failed blocking criterion can be waived."),
            ("top9", "2026-01-31", "r", "Run r1's policy has no criterion 'top9'; did you mean 'top1'? Its criteria: top1, top3, sentinels."),
            ("approval", "2026-01-31", "r", "The approval requirement cannot be waived; sign the run with 'clinval sign'."),
            ("top1", "2026-01-01", "r", "--expires 2026-01-01 is in the past (today is 2026-01-02, UTC)."),
            ("top1", "2026-02-30", "r", "--expires takes a date YYYY-MM-DD, such as 2026-12-31; found '2026-02-30'."),
            ("top1", "2026-01-31", "  ", "Please give --reason; it may not be empty."),
            ("top1", "2026-01-31", "line\nbreak", "--reason may not hold control characters or line breaks."),
        ]
        for (criterion, expires, reason, message) in refusals {
            await #expect {
                _ = try await waive(fixture, criterion, expires: expires, reason: reason)
            } throws: { error in
                ExitStatus(for: error) == .invalidInput && "\(error)" == message
            }
        }
        await #expect {
            _ = try await sign(fixture, meaning: "agreed")
        } throws: { ExitStatus(for: $0) == .invalidInput && "\($0)" == "--meaning takes reviewed or approved; found 'agreed'." }
        #expect(try PipelineFixture.actions(fixture.database).count == entries)
        #expect(try fixture.store().waivers(runID: "r1").isEmpty)
        #expect(try fixture.store().signatures(runID: "r1").isEmpty)
    }

    @Test func sentinelsAreWaivableOnlyWhenThePolicySaysSo() async throws {
        let fixture = PipelineFixture(policy: Self.policy)
        var replies = PipelineFixture.goldReplies
        replies["mini/mini-001"] = PipelineFixture.ranking(["gerd"], triage: .routine)  // a missed sentinel
        try await fixture.run(fixture.request(), FakeModelAdapter(replies: replies, otherwise: .error("-")))
        await #expect {
            _ = try await waive(fixture, "sentinels")
        } throws: {
            "\($0)" == "Criterion sentinels of run r1 may not be waived: a must_pass_failures criterion is waivable only where its policy entry says waivable: true."
        }
    }

    // MARK: Adjudications

    func adjudicate(
        _ fixture: PipelineFixture, _ vignette: String, _ conclusion: String, diagnosis: String? = nil,
        alsoCorrect: [String] = [], triage: String? = nil
    ) throws -> Adjudication {
        try AdjudicateCommand.record(
            AdjudicateCommand.Request(
                database: fixture.database, runID: "r1", vignette: vignette, conclusion: conclusion, reviewer: "Dr R. Patel",
                diagnosis: diagnosis, alsoCorrect: alsoCorrect, triage: triage, comment: "reviewed at the panel"),
            environment: Self.environment
        ).adjudication
    }

    @Test func adjudicatedLabelsChangeTheScoresOnlyWhenAsked() async throws {
        let fixture = PipelineFixture(policy: Self.policy)
        try await fixture.run(fixture.request(), Self.halfRightModel())
        // The doctors labelled mini-004 wrongly; mini-003's answer is acceptable.
        let corrected = try adjudicate(fixture, "mini/mini-004", "label_error", diagnosis: "migraine")
        let alternative = try adjudicate(fixture, "mini/mini-003", "acceptable_alternative")
        #expect(alternative.alsoCorrect == ["migraine"])  // the model's first code
        _ = try adjudicate(fixture, "mini/mini-001", "model_error")
        #expect(corrected.vignetteDigest.count == 64)

        let asLabelled = try await StoredRunCommands.gate(
            database: fixture.database, runID: "r1", policy: nil, baseline: nil, outputFolder: fixture.out("plain"),
            argoOutputs: nil, seed: nil, toolVersion: "0.0.0-test", environment: Self.environment)
        #expect(asLabelled.ending == .decided(passed: false))
        func top1(_ folder: String) throws -> Double? {
            let metrics = try PipelineFixture.jsonObject(fixture.out(folder) + "/summary.json")["metrics"] as? [[String: Any]]
            return metrics?.first { $0["metric"] as? String == "top1_accuracy" && $0["scope"] as? String == "all" }?["value"] as? Double
        }
        #expect(try top1("plain") == 0.5)

        _ = try await StoredRunCommands.gate(
            database: fixture.database, runID: "r1", policy: nil, baseline: nil, outputFolder: fixture.out("adjudicated"),
            argoOutputs: nil, seed: nil, labels: .adjudicated, toolVersion: "0.0.0-test", environment: Self.environment)
        #expect(try top1("adjudicated") == 1.0)
        // A report shows the current decision; asking for the other labels is refused.
        #expect {
            _ = try StoredRunCommands.report(
                database: fixture.database, runID: "r1", outputFolder: fixture.out("other"), argoOutputs: nil,
                labels: .asLabelled, environment: Self.environment)
        } throws: {
            ExitStatus(for: $0) == .invalidInput
                && "\($0)" == "Run r1's current decision scored against adjudicated labels; decide it with 'clinval gate --run r1 --labels as-labelled' to report on as-labelled labels."
        }
        #expect(
            try StoredRunCommands.report(
                database: fixture.database, runID: "r1", outputFolder: fixture.out("again"), argoOutputs: nil,
                labels: .adjudicated, environment: Self.environment) == false)
        #expect(
            try String(contentsOfFile: fixture.out("again") + "/summary.json", encoding: .utf8)
                == String(contentsOfFile: fixture.out("adjudicated") + "/summary.json", encoding: .utf8))
        let summary = try PipelineFixture.jsonObject(fixture.out("adjudicated") + "/summary.json")
        #expect(summary["labels"] as? String == "adjudicated")
        let store = try fixture.store()
        #expect(try store.run(id: "r1")?.labels == .adjudicated)
        // Both modes are stored.
        #expect(try store.metrics(runID: "r1", labels: .asLabelled).first { $0.metric == "top1_accuracy" && $0.scope == .all }?.value == 0.5)
        #expect(try store.adjudications(of: VignetteKey(casebankID: "mini", vignetteID: "mini-004")).count == 1)

        // The report lists the adjudications and, as a label changed, the headline both ways.
        for folder in ["plain", "adjudicated"] {
            let html = try String(contentsOfFile: fixture.out(folder) + "/report.html", encoding: .utf8)
            #expect(html.contains("3 vignettes adjudicated (1 model error, 1 label error, 1 acceptable alternative): 2 of them misses and 1 hits against the labels as given."), "\(folder)")
            #expect(html.contains("<tr><th scope=\"row\">Top-1 accuracy</th><td class=\"num\">50.0%</td><td class=\"num\">100.0%</td></tr>"), "\(folder)")
            #expect(html.contains("reviewed at the panel"))
        }
    }

    @Test func badAdjudicationsAreExitTwoAndChangeNothing() async throws {
        let fixture = PipelineFixture(policy: Self.policy)
        try await fixture.run(fixture.request(), Self.halfRightModel())
        let entries = try PipelineFixture.actions(fixture.database).count
        let refusals: [(String, String, String?, String?, String)] = [
            ("mini/mini-004", "label_error", nil, nil,
             "A label_error gives the corrected labels: --diagnosis CODE, --also-correct CODE or --triage LEVEL (or LO..HI)."),
            ("mini/mini-009", "model_error", nil, nil, "Run r1 has no result for vignette mini/mini-009."),
            ("mini-004", "model_error", nil, nil, "--vignette takes BANK/ID, such as red-flags/rf-001; found 'mini-004'."),
            ("mini/mini-004", "wrong", nil, nil,
             "--conclusion takes one of model_error, label_error, acceptable_alternative, unclear; found 'wrong'."),
            ("mini/mini-004", "label_error", nil, "urgent..routine", "--triage urgent..routine: the first level must be the less urgent one."),
            ("mini/mini-004", "label_error", nil, "soon",
             "--triage takes a level (self_care, routine, urgent, emergency) or LO..HI, such as routine..urgent; found 'soon'."),
            ("mini/mini-004", "unclear", "gerd", nil, "--diagnosis and --triage correct a label; give them with --conclusion label_error."),
            ("mini/mini-004", "label_error", "not a code", nil, "'not a code' is not a condition code ([A-Za-z0-9._-]+)."),
        ]
        for (vignette, conclusion, diagnosis, triage, message) in refusals {
            #expect {
                _ = try adjudicate(fixture, vignette, conclusion, diagnosis: diagnosis, triage: triage)
            } throws: { ExitStatus(for: $0) == .invalidInput && "\($0)" == message }
        }
        #expect(try PipelineFixture.actions(fixture.database).count == entries)
        // A triage range is read.
        let range = try adjudicate(fixture, "mini/mini-004", "label_error", triage: "routine..urgent")
        #expect(range.triage == TriageRange(lower: .routine, upper: .urgent))
        #expect(try PipelineFixture.actions(fixture.database).last == .adjudication)
    }
}
