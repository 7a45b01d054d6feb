import Foundation

/// An account of the review server (a row of `users`, docs/database.md), without its password
/// hash: the hash is read only to check a password at sign-in (`ResultStore.credentials(named:)`),
/// so no value that is printed, logged or rendered can carry it.
public struct UserAccount: Sendable, Hashable {
    /// The row's id.
    public var id: Int64
    /// The name the user signs in with, which is also the name their records carry (unique,
    /// compared without regard to ASCII case).
    public var name: String
    /// What the account may do.
    public var permission: Permission
    /// The job title a signature by this account carries, if an admin gave one.
    public var signingRole: String?
    /// Whether the account may no longer sign in.
    public var disabled: Bool
    /// When the account was added (whole seconds, UTC).
    public var createdAt: Date
    /// When the account last changed.
    public var updatedAt: Date

    /// Creates an account value.
    public init(
        id: Int64, name: String, permission: Permission, signingRole: String?, disabled: Bool, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.permission = permission
        self.signingRole = signingRole
        self.disabled = disabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
