import ClinvalCore
import ClinvalMetrics
import Foundation

/// The outcome sets under `Tests/Fixtures/metrics/` and the reference values that
/// `reference_metrics.py` computed from them independently.
enum MetricFixtures {
    /// The fixture folder (this file is Tests/ClinvalMetricsTests/Computation/MetricFixtures.swift).
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/metrics")

    /// The settings the reference script used.
    static let settings = BootstrapSettings(resamples: 1000, seed: 20_261_129)

    /// The outcomes of a fixture set (`mixed`, `single`, …).
    static func outcomes(_ name: String) throws -> [VignetteOutcome] {
        let data = try Data(contentsOf: folder.appendingPathComponent(name + ".json"))
        return try JSONDecoder().decode(OutcomeFile.self, from: data).outcomes.map(\.outcome)
    }

    /// The reference values, read once.
    static func reference() throws -> ReferenceValues {
        let data = try Data(contentsOf: folder.appendingPathComponent("reference_values.json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ReferenceValues.self, from: data)
    }

    private struct OutcomeFile: Decodable {
        var outcomes: [Entry]
    }

    private struct Entry: Decodable {
        struct Gold: Decodable {
            var diagnosis: String
            var also_correct: [String]
            var differential: [String]?
            var triage: [TriageLevel]
        }
        struct Condition: Decodable {
            var condition: String
            var probability: Double
        }
        var casebank: String
        var version: String
        var id: String
        var age: Int
        var sex: Sex
        var tags: [String]
        var must_pass: Bool
        var gold: Gold
        var status: String
        var differential: [Condition]
        var triage: TriageLevel?
        var latency_ms: Double?

        var outcome: VignetteOutcome {
            VignetteOutcome(
                casebankID: casebank, casebankVersion: version, vignetteID: id, age: age, sex: sex, tags: tags,
                mustPass: must_pass, goldDiagnosis: gold.diagnosis, alsoCorrect: gold.also_correct,
                goldDifferential: gold.differential,
                goldTriage: TriageRange(lower: gold.triage.first ?? .selfCare, upper: gold.triage.last ?? .selfCare)!,
                status: AnswerStatus(rawValue: status) ?? .error,
                differential: differential.map { RankedCondition(condition: $0.condition, probability: $0.probability) },
                triage: triage, latencyMs: latency_ms)
        }
    }
}

/// `reference_values.json`.
struct ReferenceValues: Decodable {
    struct Row: Decodable {
        var scope: String
        var metric: String
        var value: Double?
        var ciLower: Double?
        var ciUpper: Double?
        var ciUpperExact: Double?
        var n: Int
        var independent: [Double]?
    }
    struct Set: Decodable {
        var scopes: [String]
        var metrics: [Row]
    }
    struct Comparison: Decodable {
        var metric: String
        var scope: String
        var unpairedCandidate: Int
        var unpairedBaseline: Int
        var pairedN: Int
        var table: [Int]?
        var candidateValue: Double?
        var baselineValue: Double?
        var difference: Double?
        var ci: [Double]?
        var pValue: Double?
        var independent: [Double]?
    }
    struct Wilson: Decodable {
        var x: Int
        var n: Int
        var ci: [Double]?
    }
    struct ClopperPearson: Decodable {
        var x: Int
        var n: Int
        var upper: Double?
    }
    struct IncompleteBeta: Decodable {
        var x: Double
        var a: Double
        var b: Double
        var value: Double
    }
    struct Newcombe: Decodable {
        var table: [Int]
        var ci: [Double]
    }
    struct McNemar: Decodable {
        var b: Int
        var c: Int
        var p: Double
    }
    struct Random: Decodable {
        var seed: UInt64
        var stream1Replicate0Next: [String]
        var stream2Replicate7Bounded10: [UInt64]
    }

    var sets: [String: Set]
    var comparisons: [Comparison]
    var wilson: [Wilson]
    var clopperPearsonUpper: [ClopperPearson]
    var incompleteBeta: [IncompleteBeta]
    var newcombe: [Newcombe]
    var mcnemar: [McNemar]
    var random: Random
}

/// Whether two optional numbers agree within a tolerance (both `nil` agrees).
func agree(_ actual: Double?, _ expected: Double?, within tolerance: Double) -> Bool {
    switch (actual, expected) {
    case (nil, nil): true
    case (let a?, let e?): abs(a - e) <= tolerance
    default: false
    }
}
