import ClinvalCore
import ClinvalMetrics

extension BaselineFigures {
    /// The figures of a comparison with a baseline run.
    public init(runID: String, comparison: BaselineComparison) {
        self.init(
            runID: runID, candidateValue: comparison.candidateValue, baselineValue: comparison.baselineValue,
            difference: comparison.difference, differenceCILower: comparison.ciLower,
            differenceCIUpper: comparison.ciUpper, pValue: comparison.pValue, pairedN: comparison.pairedN)
    }
}
