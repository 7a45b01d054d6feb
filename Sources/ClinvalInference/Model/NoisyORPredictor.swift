import ClinvalCore
import ClinvalModels

/// What the built-in model answers for one vignette: the ranked differential, the triage level and
/// how the posterior was computed.
public struct NoisyORPrediction: Sendable, Hashable {
    /// The posterior marginals, ranked (docs/model-format.md) and cut to the model's `max_differential`.
    public var differential: [RankedCondition]
    /// The triage level by the rule of docs/model-format.md (red flags, urgency-summed posteriors, thresholds).
    public var triage: TriageLevel
    /// Every condition's posterior marginal, in the model's order (the triage rule sums these,
    /// not only the cut differential).
    public var marginals: [Double]
    /// How the posterior was computed (exact in which arithmetic, or approximated).
    public var method: InferenceMethod
    /// The bound on the absolute error of every marginal, when the method gives one.
    public var errorBound: Double?
    /// How many of the vignette's evidence codes the model does not know (ignored).
    public var unknownCodeCount: Int
    /// Whether the evidence is impossible under the model (every marginal is then 0).
    public var impossibleEvidence: Bool
}

/// Applies the exact engine to a noisy-OR model file: turns a vignette's age, sex and codes into
/// evidence, infers the posterior marginals, and applies the model's triage rule (docs/model-format.md).
///
/// A value type with no shared mutable state: one predictor serves any number of threads.
///
/// ```swift
/// let predictor = try NoisyORPredictor(model: model)
/// let prediction = try predictor.predict(age: 58, sex: .male, present: ["E_55"], absent: [])
/// ```
public struct NoisyORPredictor: Sendable {
    /// The model.
    public let model: NoisyORModel
    /// The engine built on the model's network.
    public let engine: NoisyOREngine
    private let redFlags: [(findings: [Int], level: TriageLevel)]
    private let urgencyRanks: [Int]

    /// Builds the network of a model.
    ///
    /// - Throws: ``InferenceError`` if the model's numbers do not make a network (which a model
    ///   loaded by `ModelLoader` never does).
    public init(model: NoisyORModel, options: EngineOptions = EngineOptions()) throws(InferenceError) {
        var links: [NoisyORNetwork.Link] = []
        for (conditionIndex, condition) in model.conditions.enumerated() {
            for link in condition.links {
                links.append(
                    NoisyORNetwork.Link(
                        condition: conditionIndex, finding: link.findingIndex, probability: link.probability))
            }
        }
        let network = try NoisyORNetwork(
            conditionCount: model.conditions.count, leaks: model.findings.map(\.leak), links: links)
        self.model = model
        self.engine = NoisyOREngine(network: network, options: options)
        self.redFlags = model.triage.redFlags.map { ($0.findingIndexes, $0.level) }
        self.urgencyRanks = model.conditions.map(\.urgency.rank)
    }

    /// Predicts one vignette.
    ///
    /// Codes the model does not know are ignored and counted; a code listed twice counts once.
    ///
    /// - Throws: ``InferenceError`` only for evidence a loaded bank cannot hold (a finding both
    ///   present and absent).
    public func predict(age: Int, sex: Sex, present: [String], absent: [String]) throws(InferenceError)
        -> NoisyORPrediction
    {
        let (evidence, unknown) = self.evidence(age: age, sex: sex, present: present, absent: absent)
        let posterior = try engine.infer(evidence)
        return NoisyORPrediction(
            differential: differential(posterior.marginals),
            triage: triage(marginals: posterior.marginals, present: evidence.present),
            marginals: posterior.marginals,
            method: posterior.method,
            errorBound: posterior.errorBound,
            unknownCodeCount: unknown,
            impossibleEvidence: posterior.impossibleEvidence)
    }

    /// The engine's evidence for a vignette: the priors for its age and sex and the indexes of its
    /// known codes (a code listed twice counts once).
    /// - Returns: The evidence and how many codes the model does not know (ignored).
    public func evidence(age: Int, sex: Sex, present: [String], absent: [String]) -> (evidence: Evidence, unknownCodeCount: Int) {
        var unknown = 0
        var presentIndexes: [Int] = []
        var absentIndexes: [Int] = []
        presentIndexes.reserveCapacity(present.count)
        for code in present {
            if let index = model.findingIndex[code] {
                if !presentIndexes.contains(index) { presentIndexes.append(index) }
            } else {
                unknown += 1
            }
        }
        for code in absent {
            if let index = model.findingIndex[code] {
                if !absentIndexes.contains(index) { absentIndexes.append(index) }
            } else {
                unknown += 1
            }
        }
        let priors = model.conditions.map { $0.prior(age: age, sex: sex) }
        return (Evidence(priors: priors, present: presentIndexes, absent: absentIndexes), unknown)
    }

    /// Ranks the marginals and cuts them to `max_differential`.
    func differential(_ marginals: [Double]) -> [RankedCondition] {
        var entries: [RankedCondition] = []
        entries.reserveCapacity(marginals.count)
        for (index, probability) in marginals.enumerated() {
            entries.append(RankedCondition(condition: model.conditions[index].id, probability: probability))
        }
        let ranked = DifferentialRanking.rank(entries)
        guard let limit = model.maxDifferential, limit < ranked.count else { return ranked }
        return Array(ranked.prefix(limit))
    }

    /// The triage rule of docs/model-format.md: the most urgent of (a) every red flag whose findings are all
    /// present and (b) the most urgent level L with a threshold for which the posteriors of all
    /// conditions with urgency ≥ L add up to at least the threshold; otherwise `self_care`.
    func triage(marginals: [Double], present: [Int]) -> TriageLevel {
        var level = TriageLevel.selfCare
        for flag in redFlags where flag.level > level {
            if flag.findings.allSatisfy(present.contains) { level = flag.level }
        }
        for candidate in [TriageLevel.emergency, .urgent, .routine] where candidate > level {
            guard let threshold = model.triage.thresholds[candidate] else { continue }
            var sum = 0.0
            for (index, probability) in marginals.enumerated() where urgencyRanks[index] >= candidate.rank {
                sum += probability
            }
            if sum >= threshold {
                level = candidate
                break
            }
        }
        return level
    }
}
