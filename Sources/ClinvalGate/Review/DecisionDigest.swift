import ClinvalCore

/// The digest of a decision, which a signature signs (docs/clinical-review.md): SHA-256 of the decision's
/// canonical JSON.
///
/// The canonical JSON is one object, keys in this order, no whitespace, strings escaped as JSON
/// requires (`"`, `\`, and control characters as `\uXXXX`; everything else as UTF-8), numbers as
/// the shortest decimal that reads back to the same double, as Swift and Python's `repr` print it
/// (`0.8`, `1.0`, `1e-05`), a waiver id as a whole number:
///
/// ```
/// {"run_id":"…","model":{"name":"…","version":"…","sha256":"…"},
///  "casebanks":["<sha256>",…],"policy_sha256":"…","labels":"as-labelled",
///  "criteria":[{"id":"top3","passed":true,"observed":0.81,"threshold":0.8,"waiver_id":null},…]}
/// ```
///
/// `casebanks` lists the banks' SHA-256s sorted; `criteria` follows the policy's order and
/// leaves out the approval requirement (a signature cannot sign its own count); `waiver_id` is the
/// id of the waiver that covers a criterion, or null. Any change to a criterion's outcome, value,
/// threshold or waiver, to the labels or to the inputs gives another digest, and the signatures on
/// the earlier one are superseded.
public enum DecisionDigest {
    /// The canonical JSON's bytes.
    public static func canonicalJSON(review: GateReview, policySHA256: String, criteria: [CriterionResult]) -> [UInt8] {
        let judged = criteria.filter { $0.id != Criterion.approvalID }
        let document = OrderedJSON.object([
            ("run_id", .string(review.runID)),
            (
                "model",
                .object([
                    ("name", .string(review.model.name)), ("version", .string(review.model.version)),
                    ("sha256", .string(review.model.sha256)),
                ])
            ),
            ("casebanks", .array(review.casebanks.map(\.sha256).sorted().map { .string($0) })),
            ("policy_sha256", .string(policySHA256)),
            ("labels", .string(review.labels.rawValue)),
            (
                "criteria",
                .array(
                    judged.map { result in
                        .object([
                            ("id", .string(result.id)), ("passed", .bool(result.passed)),
                            ("observed", .number(result.observed, whole: false)),
                            ("threshold", .number(result.threshold, whole: false)),
                            ("waiver_id", result.isWaived ? .integer(result.waiver?.waiver.id.map(Int.init)) : .null),
                        ])
                    })
            ),
        ])
        return document.compactBytes
    }

    /// SHA-256 of ``canonicalJSON(review:policySHA256:criteria:)``, 64 lowercase hex digits.
    public static func sha256(review: GateReview, policySHA256: String, criteria: [CriterionResult]) -> String {
        SHA256.hex(of: canonicalJSON(review: review, policySHA256: policySHA256, criteria: criteria))
    }
}
