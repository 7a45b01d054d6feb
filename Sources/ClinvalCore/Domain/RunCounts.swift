/// How the vignettes of a run ended (`counts` of the summary, the report's totals).
public struct RunCounts: Sendable, Hashable, Codable {
    /// Vignettes in the run.
    public var vignettes: Int
    /// Answered (status ok).
    public var ok: Int
    /// Failed with an error.
    public var error: Int
    /// Not answered in time.
    public var timeout: Int
    /// Answered with approximate inference (the engine's sampling fallback).
    public var approximate: Int

    /// Creates the counts.
    public init(vignettes: Int, ok: Int, error: Int, timeout: Int, approximate: Int) {
        self.vignettes = vignettes
        self.ok = ok
        self.error = error
        self.timeout = timeout
        self.approximate = approximate
    }
}
