import HummingbirdBcrypt

/// How passwords are hashed and checked (docs/review-server.md): bcrypt, cost 12 in production.
/// Tests inject a lower cost to keep each hash fast; the hash format is the same.
public struct PasswordHasher: Sendable {
    /// The bcrypt cost (log2 of the rounds).
    public var cost: UInt8

    /// A hasher of a cost; bcrypt allows 4 to 31.
    public init(cost: UInt8 = 12) {
        precondition((4...31).contains(cost), "bcrypt cost must be 4...31")
        self.cost = cost
    }

    /// The production hasher, cost 12.
    public static let production = PasswordHasher(cost: 12)

    /// The bcrypt hash of a password, with a fresh random salt.
    public func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Whether a password matches a hash (in time that does not depend on where they differ).
    public func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}
