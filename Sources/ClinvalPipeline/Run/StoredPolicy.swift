import ClinvalCore
import ClinvalGate
import ClinvalStore

/// The policy a stored run was run or decided with, read back from its text in the database
/// (`runs.policy_text`), for `clinval merge` and `clinval gate` without `--policy`.
enum StoredPolicy {
    /// The run's policy.
    ///
    /// - Parameters:
    ///   - run: The run (for a merge, the merged run the shards make).
    ///   - missing: What to say when the run holds no policy text (an older clinval ran it).
    /// - Throws: ``RunFailure``: exit 2 with `missing`; exit 3 when the text does not match the
    ///   stored sha256 (the database was changed). ``InvalidInputError`` when the text no longer
    ///   reads as a policy.
    static func load(_ run: RunRecord, missing: String) throws -> GatePolicy {
        guard let text = run.policyText else { throw RunFailure(.invalidInput, missing) }
        let sha256 = SHA256.hex(of: Array(text.utf8))
        guard sha256 == run.policySHA256 else {
            throw RunFailure(
                .runtime,
                "The policy stored with run \(run.runID) does not match its sha256 (the run has \(run.policySHA256 ?? "none"), the text \(sha256)); the database was changed. Give the policy with --policy.")
        }
        var diagnostics = DiagnosticList()
        guard let policy = GatePolicyLoader.load(text: text, name: "policy of run \(run.runID)", diagnostics: &diagnostics)
        else { throw InvalidInputError(diagnostics) }
        return policy
    }

    /// The policy file given with `--policy`, or `nil` when none was given.
    ///
    /// - Throws: ``InvalidInputError`` when the file is not a valid policy.
    static func given(_ path: String?) throws -> GatePolicy? {
        guard let path else { return nil }
        var diagnostics = DiagnosticList()
        guard let policy = GatePolicyLoader.load(path, diagnostics: &diagnostics) else {
            throw InvalidInputError(diagnostics)
        }
        return policy
    }

    /// ` (sha256 X)` for a run that records its policy's sha256, else nothing.
    static func shaNote(_ run: RunRecord, _ prefix: String = "sha256") -> String {
        run.policySHA256.map { " (\(prefix) \($0))" } ?? ""
    }
}
