import ClinvalCore
import ClinvalStore
import Foundation

/// `clinval users add|list|disable|passwd` (docs/command-line.md, docs/review-server.md): the
/// review server's accounts. Each change is recorded with a `user_changed` audit entry naming the
/// operating-system user and host. Invalid input exits 2 and changes nothing.
public enum UsersCommand {
    /// The shortest password accepted.
    public static let minimumPasswordLength = 12
    /// The longest password accepted, in UTF-8 bytes: bcrypt reads no further, so a longer one
    /// would be cut silently.
    public static let maximumPasswordBytes = 72

    /// What `clinval users add` takes.
    public struct AddRequest: Sendable, Hashable {
        /// The database.
        public var database: String
        /// The sign-in name.
        public var name: String
        /// `reviewer` (the default), `approver` or `admin`.
        public var role: String?
        /// The job title signatures carry, such as `clinical-safety-officer`.
        public var signingRole: String?

        /// Creates a request.
        public init(database: String, name: String, role: String? = nil, signingRole: String? = nil) {
            self.database = database
            self.name = name
            self.role = role
            self.signingRole = signingRole
        }
    }

    /// Adds an account with a password.
    ///
    /// - Throws: ``RunFailure``: exit 2 for a missing database, an empty or malformed name or
    ///   signing role, an unknown role, a name taken already, or a password that is too short,
    ///   too long or not confirmed; exit 3 for a database failure.
    @discardableResult
    public static func add(
        _ request: AddRequest, password: PasswordInput.Typed, environment: PipelineEnvironment = .production
    ) throws -> UserAccount {
        let name = try accountName(request.name)
        let permission = try request.role.map(permission) ?? .reviewer
        let signingRole = try ReviewText.optional(request.signingRole, option: "--signing-role", maxLength: 100)
        let checked = try checkedPassword(password)
        let store = try StoredRunCommands.open(request.database, environment)
        return try changing {
            try store.addUser(
                name: name, permission: permission, signingRole: signingRole,
                passwordHash: environment.passwordHasher.hash(checked))
        }
    }

    /// Every account of a database, in the order they were added.
    ///
    /// - Throws: ``RunFailure``: exit 2 for a missing database, exit 3 for a database failure.
    public static func list(database: String, environment: PipelineEnvironment = .production) throws -> [UserAccount] {
        let store = try StoredRunCommands.open(database, environment)
        return try changing { try store.users() }
    }

    /// The lines `clinval users list` prints: a header, then one tab-separated line per account.
    public static func listing(_ users: [UserAccount]) -> [String] {
        ["name\tpermission\tsigning_role\tstatus"]
            + users.map { user in
                [user.name, user.permission.rawValue, user.signingRole ?? "-", user.disabled ? "disabled" : "active"]
                    .joined(separator: "\t")
            }
    }

    /// Disables an account.
    ///
    /// - Throws: ``RunFailure``: exit 2 for a missing database, an unknown or already disabled
    ///   account; exit 3 for a database failure.
    @discardableResult
    public static func disable(
        database: String, name: String, environment: PipelineEnvironment = .production
    ) throws -> UserAccount {
        let name = try accountName(name)
        let store = try StoredRunCommands.open(database, environment)
        return try changing { try store.disableUser(named: name) }
    }

    /// Sets an account's password.
    ///
    /// - Throws: ``RunFailure``: exit 2 for a missing database, an unknown account, or a password
    ///   that is too short, too long or not confirmed; exit 3 for a database failure.
    @discardableResult
    public static func passwd(
        database: String, name: String, password: PasswordInput.Typed, environment: PipelineEnvironment = .production
    ) throws -> UserAccount {
        let name = try accountName(name)
        let checked = try checkedPassword(password)
        let store = try StoredRunCommands.open(database, environment)
        return try changing {
            try store.setPassword(ofUser: name, passwordHash: environment.passwordHasher.hash(checked))
        }
    }

    // MARK: - Checks

    /// A sign-in name: trimmed, not empty, at most 100 characters, no control or invisible
    /// characters.
    static func accountName(_ text: String) throws -> String {
        try ReviewText.required(text, option: "the user's NAME", maxLength: 100)
    }

    /// A permission's word.
    static func permission(_ text: String) throws -> Permission {
        guard let permission = Permission(rawValue: text) else {
            let choices = Permission.allCases.map(\.rawValue).joined(separator: ", ")
            throw RunFailure(.invalidInput, "--role takes one of \(choices); found \(quoted(text)).")
        }
        return permission
    }

    /// The password, if it is long enough, short enough for bcrypt, and typed the same twice.
    /// The messages never quote it.
    static func checkedPassword(_ typed: PasswordInput.Typed) throws -> String {
        if let confirmation = typed.confirmation, confirmation != typed.password {
            throw RunFailure(.invalidInput, "The two passwords typed differ; nothing was changed.")
        }
        guard typed.password.count >= minimumPasswordLength else {
            throw RunFailure(
                .invalidInput, "The password is too short: it needs at least \(minimumPasswordLength) characters.")
        }
        guard typed.password.utf8.count <= maximumPasswordBytes else {
            throw RunFailure(
                .invalidInput, "The password is too long: bcrypt reads at most \(maximumPasswordBytes) bytes of it.")
        }
        return typed.password
    }

    /// Runs a store call, turning the store's refusals into exit-2 failures.
    private static func changing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError where [.userExists, .userNotFound, .invalidRecord].contains(error.code) {
            throw RunFailure(.invalidInput, sentence(error.message) + "; nothing was changed.")
        } catch let error as StoreError {
            throw RunFailure(.runtime, "Cannot change the accounts: \(error)")
        }
    }

    private static func sentence(_ fragment: String) -> String {
        fragment.prefix(1).uppercased() + fragment.dropFirst()
    }
}
