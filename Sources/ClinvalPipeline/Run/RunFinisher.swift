import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import ClinvalStore
import Foundation

/// Scores a run whose results are stored, decides the gate, stores both, marks the run complete
/// and writes the outputs (used by `run`, `merge` and `gate`).
struct RunFinisher {
    let store: ResultStore
    let toolVersion: String

    struct Decision {
        var passed: Bool
        var outputFolder: String?
    }

    func decide(
        runID: String, policy: GatePolicy, baseline: BaselineSelection?, seed: UInt64?, outputFolder: String,
        argoOutputs: String?
    ) async throws -> Decision {
        throw RunFailure(.runtime, "scoring is not wired yet")
    }
}
