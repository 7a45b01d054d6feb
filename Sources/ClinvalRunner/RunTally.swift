/// What one attempt of a run counted: the vignettes it answered and those it left alone.
///
/// A resumed run is several attempts, each with its own tally; ``ClinvalCore/RunCounts``
/// describes the stored run as a whole (every vignette, however many attempts it took).
public struct RunTally: Sendable, Hashable {
    /// Vignettes answered by this run.
    public var answered = 0
    /// Of those, with status error.
    public var errors = 0
    /// Of those, with status timeout.
    public var timeouts = 0
    /// Of those, computed approximately.
    public var approximate = 0
    /// Vignettes skipped because an earlier attempt of the run had committed them.
    public var skipped = 0
    /// Vignettes left to other shards.
    public var otherShards = 0

    /// Creates an empty tally.
    public init() {}
}
