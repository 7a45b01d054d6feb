/// One confidence bin of the reliability diagram.
public struct ReliabilityBin: Sendable, Hashable {
    /// The vignettes whose top-1 confidence fell in the bin.
    public var count: Int
    /// Their mean top-1 confidence (`nil` for an empty bin).
    public var meanConfidence: Double?
    /// The share of them whose top-1 code was correct (`nil` for an empty bin).
    public var accuracy: Double?

    /// Creates a bin.
    public init(count: Int, meanConfidence: Double?, accuracy: Double?) {
        self.count = count
        self.meanConfidence = meanConfidence
        self.accuracy = accuracy
    }
}
