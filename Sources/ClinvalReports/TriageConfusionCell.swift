import ClinvalCore

/// One cell of the triage confusion matrix.
public struct TriageConfusionCell: Sendable, Hashable {
    /// The lower end of the doctors' accepted range.
    public var gold: TriageLevel
    /// The level the model returned; `nil` for no answer (error or timeout).
    public var returned: TriageLevel?
    /// Number of vignettes.
    public var count: Int

    /// Creates a cell.
    public init(gold: TriageLevel, returned: TriageLevel?, count: Int) {
        self.gold = gold
        self.returned = returned
        self.count = count
    }
}
