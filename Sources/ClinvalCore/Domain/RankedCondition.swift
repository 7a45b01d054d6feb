/// One entry of a differential: a condition code and the model's probability for it.
public struct RankedCondition: Sendable, Hashable {
    /// The condition's code.
    public var condition: String
    /// The probability, in [0, 1].
    public var probability: Double

    /// Creates an entry.
    public init(condition: String, probability: Double) {
        self.condition = condition
        self.probability = probability
    }
}
