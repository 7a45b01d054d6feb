import ClinvalCore
import Foundation
import GRDB

/// The review server's accounts (`users`, docs/database.md). Each change appends a `user_changed`
/// audit entry in the same transaction; its payload names the account and what changed, never
/// the password hash.
extension ResultStore {
    /// What a `user_changed` entry says happened.
    public enum UserChange: String, Sendable, Hashable {
        /// The account was added.
        case added
        /// The account was disabled.
        case disabled
        /// The account's password was set again.
        case passwordChanged = "password_changed"
    }

    /// An account with its password hash, read only to check a password at sign-in.
    public struct UserCredentials: Sendable {
        /// The account.
        public var account: UserAccount
        /// The bcrypt hash of its password.
        public var passwordHash: String
    }

    /// Adds an account.
    ///
    /// - Parameters:
    ///   - name: The sign-in name, already checked by the caller.
    ///   - passwordHash: The bcrypt hash of the password (never the password).
    /// - Returns: The account as stored.
    /// - Throws: `StoreError` with code `userExists` when the name is taken (in any ASCII case),
    ///   or `database`.
    @discardableResult
    public func addUser(
        name: String, permission: Permission, signingRole: String?, passwordHash: String
    ) throws -> UserAccount {
        try write("add user \(quoted(name))") { db in
            if let existing = try fetchUser(db, name: name) {
                throw StoreError(.userExists, "there is a user \(quoted(existing.name)) already", path: path)
            }
            let at = RFC3339Timestamp.format(now())
            try db.execute(
                sql: """
                    INSERT INTO users (name, permission, signing_role, password_hash, disabled, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 0, ?, ?)
                    """,
                arguments: [name, permission.rawValue, signingRole, passwordHash, at, at])
            let account = try requireUser(db, name: name)
            try appendAudit(db, .userChanged, runID: nil, payload: Self.userPayload(account, change: .added))
            return account
        }
    }

    /// Every account, in the order they were added.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func users() throws -> [UserAccount] {
        try read("read the users") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.userColumns) FROM users ORDER BY id").map(decodeUser)
        }
    }

    /// The account with a name (in any ASCII case), if there is one.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func user(named name: String) throws -> UserAccount? {
        try read("read user \(quoted(name))") { db in try fetchUser(db, name: name) }
    }

    /// The account with an id, if there is one (a session names its account by id).
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func user(id: Int64) throws -> UserAccount? {
        try read("read user \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM users WHERE id = ?", arguments: [id])
                .map(decodeUser)
        }
    }

    /// The account with a name and its password hash, for checking a password at sign-in.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func credentials(named name: String) throws -> UserCredentials? {
        try read("read the credentials of user \(quoted(name))") { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT \(Self.userColumns), password_hash FROM users WHERE name = ?", arguments: [name])
            else { return nil }
            return UserCredentials(account: try decodeUser(row), passwordHash: try row.decode(forColumn: "password_hash"))
        }
    }

    /// Disables an account: it can no longer sign in; its records keep its name.
    ///
    /// - Throws: `StoreError` with code `userNotFound`, `invalidRecord` (it is disabled already),
    ///   or `database`.
    @discardableResult
    public func disableUser(named name: String) throws -> UserAccount {
        try write("disable user \(quoted(name))") { db in
            let account = try requireUser(db, name: name)
            guard !account.disabled else {
                throw StoreError(.invalidRecord, "user \(quoted(account.name)) is disabled already", path: path)
            }
            try db.execute(
                sql: "UPDATE users SET disabled = 1, updated_at = ? WHERE id = ?",
                arguments: [RFC3339Timestamp.format(now()), account.id])
            let changed = try requireUser(db, name: name)
            try appendAudit(db, .userChanged, runID: nil, payload: Self.userPayload(changed, change: .disabled))
            return changed
        }
    }

    /// Sets an account's password hash.
    ///
    /// - Throws: `StoreError` with code `userNotFound` or `database`.
    @discardableResult
    public func setPassword(ofUser name: String, passwordHash: String) throws -> UserAccount {
        try write("set the password of user \(quoted(name))") { db in
            let account = try requireUser(db, name: name)
            try db.execute(
                sql: "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                arguments: [passwordHash, RFC3339Timestamp.format(now()), account.id])
            let changed = try requireUser(db, name: name)
            try appendAudit(db, .userChanged, runID: nil, payload: Self.userPayload(changed, change: .passwordChanged))
            return changed
        }
    }

    // MARK: - Rows

    private static let userColumns = "id, name, permission, signing_role, disabled, created_at, updated_at"

    private func fetchUser(_ db: Database, name: String) throws -> UserAccount? {
        try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM users WHERE name = ?", arguments: [name])
            .map(decodeUser)
    }

    private func requireUser(_ db: Database, name: String) throws -> UserAccount {
        guard let account = try fetchUser(db, name: name) else {
            throw StoreError(.userNotFound, "there is no user \(quoted(name))", path: path)
        }
        return account
    }

    private func decodeUser(_ row: Row) throws -> UserAccount {
        let id: Int64 = try row.decode(forColumn: "id")
        do {
            return UserAccount(
                id: id, name: try row.decode(forColumn: "name"),
                permission: try RowDecoding.enumValue(
                    Permission.self, try row.decode(forColumn: "permission"), column: "users.permission"),
                signingRole: try row.decode(forColumn: "signing_role"),
                disabled: try row.decode(Int.self, forColumn: "disabled") != 0,
                createdAt: try RowDecoding.date(try row.decode(forColumn: "created_at"), column: "users.created_at"),
                updatedAt: try RowDecoding.date(try row.decode(forColumn: "updated_at"), column: "users.updated_at"))
        } catch {
            throw StoreError(.unreadableRecord, "user \(id): \(StoreError.describe(error))", path: path)
        }
    }

    /// `user_changed`: what changed and the account as it now is, without its password hash.
    static func userPayload(_ account: UserAccount, change: UserChange) -> AuditPayload {
        AuditPayload([
            "change": .string(change.rawValue), "id": .integer(account.id), "name": .string(account.name),
            "permission": .string(account.permission.rawValue), "signing_role": .text(account.signingRole),
            "disabled": .bool(account.disabled), "updated_at": .time(account.updatedAt),
        ])
    }
}
