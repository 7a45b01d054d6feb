import ClinvalCore
import ClinvalGate
import _ClinvalTestSupport

/// The outcome of loading one policy text.
struct LoadedPolicy {
    /// The policy, or `nil` when there were errors.
    var policy: GatePolicy?
    /// The path the policy was written to, as diagnostics name it.
    var path: String
    /// Every diagnostic, rendered.
    var messages: [String]
}

/// Writes `yaml` to a fresh temporary file and loads it.
func loadPolicy(_ yaml: String) -> LoadedPolicy {
    let folder = TemporaryDirectory()
    let path = folder.write("policy.yaml", yaml)
    var diagnostics = DiagnosticList()
    let policy = GatePolicyLoader.load(path, diagnostics: &diagnostics)
    return LoadedPolicy(policy: policy, path: path, messages: diagnostics.all.map(\.description))
}

/// Loads a policy with one criterion whose lines are given: the first line of `criterion` is on
/// line 3 of the file at column 5, each further line on the next line at column 5.
///
/// ```yaml
/// gate: release
/// criteria:
///   - id: c
///     metric: top3_accuracy
/// ```
func loadCriterion(_ criterion: String) -> LoadedPolicy {
    let lines = criterion.split(separator: "\n", omittingEmptySubsequences: false)
    var yaml = "gate: release\ncriteria:\n"
    for (index, line) in lines.enumerated() {
        yaml += (index == 0 ? "  - " : "    ") + line + "\n"
    }
    return loadPolicy(yaml)
}
