import ClinvalCore
import ClinvalMetrics
import Foundation
import Testing

/// Scoring against adjudicated labels (docs/clinical-review.md), checked against
/// `Tests/Fixtures/metrics/reference_adjudicated.py`, which computes the same metrics from the
/// definitions, both ways, in plain Python.
struct AdjudicatedLabelsTests {
    static let metrics = [
        "top1_accuracy", "top3_accuracy", "triage_accuracy", "undertriage_rate", "emergency_undertriage_rate",
        "must_pass_failures",
    ]

    struct Entry: Decodable {
        var casebank: String
        var id: String
        var conclusion: String
        var diagnosis: String?
        var also_correct: [String]
        var triage: [String]?
    }

    static func adjudications() throws -> [VignetteKey: Adjudication] {
        let data = try Data(contentsOf: MetricFixtures.folder.appendingPathComponent("mixed-adjudications.json"))
        var standing: [VignetteKey: Adjudication] = [:]
        for entry in try JSONDecoder().decode([Entry].self, from: data) {
            let key = VignetteKey(casebankID: entry.casebank, vignetteID: entry.id)
            var triage: TriageRange?
            if let levels = entry.triage {
                let lower = try #require(TriageLevel(rawValue: levels[0]))
                let upper = try #require(TriageLevel(rawValue: levels[1]))
                triage = try #require(TriageRange(lower: lower, upper: upper))
            }
            standing[key] = Adjudication(
                vignette: key, vignetteDigest: String(repeating: "0", count: 64), runID: "r",
                conclusion: try #require(AdjudicationConclusion(rawValue: entry.conclusion)), diagnosis: entry.diagnosis,
                alsoCorrect: entry.also_correct, triage: triage, reviewer: "Dr R", createdAt: Date(timeIntervalSince1970: 0))
        }
        return standing
    }

    static func reference() throws -> [String: [String: Double?]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", MetricFixtures.folder.appendingPathComponent("reference_adjudicated.py").path,
            MetricFixtures.folder.appendingPathComponent("mixed.json").path,
            MetricFixtures.folder.appendingPathComponent("mixed-adjudications.json").path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("python3 is needed to run Tests/Fixtures/metrics/reference_adjudicated.py (exit \(process.terminationStatus))")
            return [:]
        }
        let object = try JSONSerialization.jsonObject(with: stdout) as? [String: [String: Any]] ?? [:]
        return object.mapValues { $0.mapValues { $0 as? Double } }
    }

    @Test func bothWaysMatchTheIndependentScript() async throws {
        let outcomes = try MetricFixtures.outcomes("mixed")
        let standing = try Self.adjudications()
        let reference = try Self.reference()
        let calculator = MetricCalculator(bootstrap: BootstrapSettings(resamples: 100, seed: 1))
        for (mode, scored) in [("as-labelled", outcomes), ("adjudicated", AdjudicatedLabels.apply(standing, to: outcomes))] {
            let rows = await calculator.compute(outcomes: scored, scopes: [.all])
            for metric in Self.metrics {
                let value = rows.first { $0.metric == metric && $0.scope == .all }?.value
                let expected = try #require(reference[mode]?[metric], "\(mode) \(metric)")
                #expect(value.map { abs($0 - (expected ?? .nan)) < 1e-12 } == true, "\(mode) \(metric): \(String(describing: value)) vs \(String(describing: expected))")
            }
        }
        // The fixture's adjudications do move the numbers (the test would be idle otherwise).
        #expect(reference["as-labelled"]?["top1_accuracy"] != reference["adjudicated"]?["top1_accuracy"])
    }

    @Test func eachConclusionChangesOnlyWhatItShould() throws {
        let outcomes = try MetricFixtures.outcomes("mixed")
        let standing = try Self.adjudications()
        let adjusted = AdjudicatedLabels.apply(standing, to: outcomes)
        func pair(_ id: String) throws -> (VignetteOutcome, VignetteOutcome) {
            let index = try #require(outcomes.firstIndex { $0.vignetteID == id })
            return (outcomes[index], adjusted[index])
        }
        let (rf2, rf2Adjusted) = try pair("rf-002")  // label_error: diagnosis and triage
        #expect(rf2Adjusted.goldDiagnosis == "c05" && rf2Adjusted.goldTriage == TriageRange(lower: .urgent, upper: .emergency))
        #expect(rf2Adjusted.alsoCorrect == rf2.alsoCorrect)
        let (rf3, rf3Adjusted) = try pair("rf-003")  // acceptable_alternative: joins also_correct
        #expect(rf3Adjusted.alsoCorrect == rf3.alsoCorrect + ["c04"] && rf3Adjusted.goldDiagnosis == rf3.goldDiagnosis)
        let (rf7, rf7Adjusted) = try pair("rf-007")  // label_error: also_correct replaced
        #expect(rf7.alsoCorrect == ["c09"] && rf7Adjusted.alsoCorrect == ["c08"])
        for unchanged in ["rf-004", "gen-002", "gen-001"] {  // model_error, unclear, the diagnosis itself
            let (before, after) = try pair(unchanged)
            #expect(before == after, "\(unchanged)")
        }
        #expect(AdjudicatedLabels.changedCount(standing, in: outcomes) == 3)
        #expect(AdjudicatedLabels.apply([:], to: outcomes) == outcomes)
    }
}
