/// What a signer means by an electronic signature (21 CFR 11.50 asks that the
/// meaning be shown with the signature). The raw values are what `--meaning`, the database and the
/// outputs write.
public enum SignatureMeaning: String, Sendable, Hashable, CaseIterable, Codable {
    /// The signer reviewed the decision.
    case reviewed
    /// The signer approves the release on this decision.
    case approved
}
