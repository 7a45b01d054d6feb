import ClinvalCore
import ClinvalModels

/// How the synthesizer picks each vignette's primary condition.
public enum PrimaryConditionSampling: String, Sendable, Hashable, CaseIterable {
    /// Conditions in turn, in the model's order: every condition gets `count / conditions`
    /// vignettes (±1). The default: a bank that covers every condition.
    case balanced
    /// Uniformly at random.
    case uniform
    /// In proportion to the conditions' priors (as in the model's population).
    case prior
}

/// Settings of ``VignetteSynthesizer``.
public struct SynthesisOptions: Sendable, Hashable {
    /// How many vignettes to write.
    public var count: Int
    /// The seed: the same seed, model and options give the same bytes on every machine.
    public var seed: UInt64
    /// How primary conditions are picked.
    public var sampling: PrimaryConditionSampling
    /// The bank id written in the header.
    public var casebankID: String
    /// The bank version written in the header.
    public var version: String
    /// At most how many findings that came out absent are recorded as absent per vignette.
    public var absentPerVignette: Int

    /// Creates options; the bank id defaults to `<model name>-synthetic` and the version to
    /// `seed-<seed>`.
    public init(
        count: Int, seed: UInt64, sampling: PrimaryConditionSampling = .balanced, casebankID: String,
        version: String? = nil, absentPerVignette: Int = 3
    ) {
        self.count = count
        self.seed = seed
        self.sampling = sampling
        self.casebankID = casebankID
        self.version = version ?? "seed-\(seed)"
        self.absentPerVignette = absentPerVignette
    }
}

/// One synthesized vignette (see ``VignetteSynthesizer``).
public struct SynthesizedVignette: Sendable, Hashable {
    /// The vignette id (`syn-000001`, …).
    public var id: String
    /// Age in whole years.
    public var age: Int
    /// Sex.
    public var sex: Sex
    /// Codes of the findings present, in model order.
    public var present: [String]
    /// Codes of the findings recorded absent, in model order.
    public var absent: [String]
    /// The index of the sampled (gold) condition in the model.
    public var conditionIndex: Int
}

/// Samples vignettes from a noisy-OR model, for scale tests and demonstration banks
/// (`clinval synthesize`).
///
/// For each vignette, in order:
/// 1. the primary condition: by ``PrimaryConditionSampling``;
/// 2. sex: female with probability `f / (f + m)` from the condition's sex factors (½ without them);
/// 3. age: a band (0–17: 15%, 18–39: 30%, 40–64: 35%, 65–90: 20%), a whole age uniform in it,
///    accepted with probability `age factor / largest age factor` of the condition (up to 100
///    tries; then the first age with the largest factor);
/// 4. findings, by the model itself with only the primary condition active: each finding is
///    present with probability `1 − (1 − leak) × (1 − q)` (q = 0 when not linked), so leaks add
///    background noise; drawn again (up to 20 times) until at least one is present;
/// 5. absent findings: up to ``SynthesisOptions/absentPerVignette`` of the primary condition's
///    linked findings that came out absent, chosen at random;
/// 6. gold labels: the primary condition as diagnosis and its urgency as triage.
///
/// Randomness comes from xoshiro256** seeded by SplitMix64 from the seed, with integer-only
/// bounded draws, so the output is identical on every machine.
///
/// - Important: Such vignettes test a model against itself; they measure speed and plumbing, not
///   clinical validity. The bank's `source` says so.
public struct VignetteSynthesizer: Sendable {
    /// The model sampled from.
    public let model: NoisyORModel
    /// The options.
    public let options: SynthesisOptions

    private static let ageBands: [(range: ClosedRange<Int>, weight: Double)] = [
        (0...17, 0.15), (18...39, 0.30), (40...64, 0.35), (65...90, 0.20),
    ]

    /// Creates a synthesizer.
    public init(model: NoisyORModel, options: SynthesisOptions) {
        self.model = model
        self.options = options
    }

    /// The JSON Lines header of the bank.
    public func headerLine() -> String {
        var bytes: [UInt8] = []
        bytes.append(contentsOf: #"{"casebank":"#.utf8)
        JSONText.appendString(options.casebankID, to: &bytes)
        bytes.append(contentsOf: #","version":"#.utf8)
        JSONText.appendString(options.version, to: &bytes)
        bytes.append(contentsOf: #","title":"#.utf8)
        JSONText.appendString("Vignettes synthesized from \(model.name) \(model.version)", to: &bytes)
        bytes.append(contentsOf: #","vocabulary":"#.utf8)
        JSONText.appendString(model.vocabulary, to: &bytes)
        bytes.append(contentsOf: #","source":"#.utf8)
        JSONText.appendString(
            "Sampled by clinval synthesize from model \(model.name) \(model.version) with seed \(options.seed) "
                + "(\(options.sampling.rawValue) primary conditions): synthetic, not written or labelled by clinicians; "
                + "the gold labels are the sampled condition and its urgency in the model.",
            to: &bytes)
        bytes.append(contentsOf: "}".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Calls `body` with each vignette's JSON line, in order.
    public func forEachLine(_ body: (String) throws -> Void) rethrows {
        try forEachVignette { vignette in
            let condition = model.conditions[vignette.conditionIndex]
            try body(
                line(
                    id: vignette.id, age: vignette.age, sex: vignette.sex, present: vignette.present,
                    absent: vignette.absent, condition: condition))
        }
    }

    /// Calls `body` with each vignette, in order, as structured values (the same vignettes as
    /// ``forEachLine(_:)`` writes).
    public func forEachVignette(_ body: (SynthesizedVignette) throws -> Void) rethrows {
        var random = Xoshiro256StarStar(seed: options.seed)
        let width = max(6, String(options.count).count)
        let cumulativePriors = cumulative(model.conditions.map(\.prior))
        for number in 0..<options.count {
            let conditionIndex: Int
            switch options.sampling {
            case .balanced: conditionIndex = number % model.conditions.count
            case .uniform: conditionIndex = random.below(model.conditions.count)
            case .prior: conditionIndex = pick(cumulativePriors, random.nextUnit())
            }
            let condition = model.conditions[conditionIndex]
            let sex = drawSex(condition, &random)
            let age = drawAge(condition, &random)
            let (present, absent) = drawFindings(conditionIndex, &random)
            let digits = String(number + 1)
            let id = "syn-" + String(repeating: "0", count: max(0, width - digits.count)) + digits
            try body(
                SynthesizedVignette(
                    id: id, age: age, sex: sex, present: present, absent: absent, conditionIndex: conditionIndex))
        }
    }

    // MARK: Drawing

    private func drawSex(_ condition: Condition, _ random: inout Xoshiro256StarStar) -> Sex {
        let female = condition.sexFactor[.female] ?? 1
        let male = condition.sexFactor[.male] ?? 1
        guard female + male > 0 else { return random.nextUnit() < 0.5 ? .female : .male }
        return random.nextUnit() < female / (female + male) ? .female : .male
    }

    private func drawAge(_ condition: Condition, _ random: inout Xoshiro256StarStar) -> Int {
        func factor(_ age: Int) -> Double {
            condition.ageFactor.first { $0.contains(age) }?.factor ?? 1
        }
        let largest = (0...90).map(factor).max() ?? 1
        guard largest > 0 else { return 40 }
        for _ in 0..<100 {
            let band = Self.ageBands[pick(cumulative(Self.ageBands.map(\.weight)), random.nextUnit())].range
            let age = band.lowerBound + random.below(band.count)
            if random.nextUnit() < factor(age) / largest { return age }
        }
        return (0...90).first { factor($0) == largest } ?? 40
    }

    private func drawFindings(_ conditionIndex: Int, _ random: inout Xoshiro256StarStar) -> ([String], [String]) {
        var q = [Double](repeating: 0, count: model.findings.count)
        for link in model.conditions[conditionIndex].links { q[link.findingIndex] = link.probability }
        var presentIndexes: [Int] = []
        for _ in 0..<20 {
            presentIndexes = []
            for (index, finding) in model.findings.enumerated() {
                let probability = 1 - (1 - finding.leak) * (1 - q[index])
                if random.nextUnit() < probability { presentIndexes.append(index) }
            }
            if !presentIndexes.isEmpty { break }
        }
        if presentIndexes.isEmpty, let strongest = model.conditions[conditionIndex].links.max(by: { $0.probability < $1.probability }) {
            presentIndexes = [strongest.findingIndex]
        }
        var candidates = model.conditions[conditionIndex].links.map(\.findingIndex).filter { !presentIndexes.contains($0) }
        var absentIndexes: [Int] = []
        while absentIndexes.count < options.absentPerVignette && !candidates.isEmpty {
            absentIndexes.append(candidates.remove(at: random.below(candidates.count)))
        }
        return (presentIndexes.map { model.findings[$0].id }, absentIndexes.sorted().map { model.findings[$0].id })
    }

    // MARK: Output

    private func line(
        id: String, age: Int, sex: Sex, present: [String], absent: [String], condition: Condition
    ) -> String {
        var bytes: [UInt8] = []
        bytes.append(contentsOf: #"{"id":"#.utf8)
        JSONText.appendString(id, to: &bytes)
        bytes.append(contentsOf: #","summary":"#.utf8)
        JSONText.appendString(summary(age: age, sex: sex, present: present.count, absent: absent.count), to: &bytes)
        bytes.append(contentsOf: #","age":\#(age),"sex":"#.utf8)
        JSONText.appendString(sex.rawValue, to: &bytes)
        bytes.append(contentsOf: #","present":"#.utf8)
        JSONText.appendStringArray(present, to: &bytes)
        bytes.append(contentsOf: #","absent":"#.utf8)
        JSONText.appendStringArray(absent, to: &bytes)
        bytes.append(contentsOf: #","gold":{"diagnosis":"#.utf8)
        JSONText.appendString(condition.id, to: &bytes)
        bytes.append(contentsOf: #","triage":"#.utf8)
        JSONText.appendString(condition.urgency.rawValue, to: &bytes)
        bytes.append(contentsOf: #"},"tags":["synthetic"]}"#.utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func summary(age: Int, sex: Sex, present: Int, absent: Int) -> String {
        let findings = present == 1 ? "1 finding" : "\(present) findings"
        return "Synthetic case: \(age)-year-old \(sex.rawValue), \(findings) reported, \(absent) recorded absent."
    }
}

// MARK: Helpers

private func cumulative(_ weights: [Double]) -> [Double] {
    var sums: [Double] = []
    sums.reserveCapacity(weights.count)
    var total = 0.0
    for weight in weights {
        total += max(0, weight)
        sums.append(total)
    }
    return sums.map { total > 0 ? $0 / total : 0 }
}

/// The first index whose cumulative weight exceeds `unit` (a uniform draw in [0, 1)).
private func pick(_ cumulative: [Double], _ unit: Double) -> Int {
    cumulative.firstIndex { unit < $0 } ?? max(0, cumulative.count - 1)
}

extension Xoshiro256StarStar {
    /// A uniform whole number in `0..<bound` by rejection (no modulo bias), `bound > 0`.
    mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit
        while true {
            let value = next()
            if value >= threshold { return Int(value % limit) }
        }
    }
}
