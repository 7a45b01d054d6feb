/// What an account of the review server may do (docs/review-server.md). Each permission includes
/// the ones before it. The raw values are what `users.permission` and `clinval users --role` hold.
///
/// The permission is separate from the account's signing role (a job title such as
/// `clinical-safety-officer`), which is what a signature carries and what a policy's
/// `approval.roles` matches.
public enum Permission: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Reviews results: adjudicates and signs `reviewed`.
    case reviewer
    /// Also waives failed criteria and signs `approved`.
    case approver
    /// Also manages the accounts.
    case admin

    /// Whether this permission includes another (an admin may do what an approver may).
    public func includes(_ other: Permission) -> Bool { other <= self }

    public static func < (lhs: Permission, rhs: Permission) -> Bool {
        let order = allCases
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}
