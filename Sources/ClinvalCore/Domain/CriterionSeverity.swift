/// How a policy criterion's failure counts: the policy states it (`severity:`), the decision
/// applies it, the store keeps it (`criteria.severity`) and the reports show it. The raw values
/// are parsed, stored and written.
public enum CriterionSeverity: String, Sendable, Hashable, CaseIterable, Codable {
    /// A failure fails the gate (the default).
    case blocking
    /// A failure is reported and never fails the gate.
    case warning
}
