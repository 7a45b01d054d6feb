import ClinvalCore
import ClinvalStore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

/// `clinval users` in process: accounts added with a bcrypt hash, listed, disabled and given a new
/// password; bad input refused with exit 2 and nothing changed.
@Suite struct UsersCommandTests {
    static let password = PasswordInput.Typed(password: "correct horse battery", confirmation: nil)

    static var environment: PipelineEnvironment {
        PipelineEnvironment(
            now: { PipelineFixture.now }, hostname: { PipelineFixture.hostname }, userName: { PipelineFixture.userName },
            gitCommit: nil, variables: [:], passwordHasher: PasswordHasher(cost: 4))
    }

    /// A new database in a folder the caller keeps.
    static func database(in folder: TemporaryDirectory) throws -> String {
        let path = folder.file("runs.sqlite")
        _ = try ResultStore(path: path)
        return path
    }

    static func expectInvalid(_ fragment: String, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try body()
        } throws: { error in
            guard let failure = error as? RunFailure else { return false }
            return failure.kind == .invalidInput && failure.message.contains(fragment)
        }
    }

    @Test func anAccountIsAddedWithABcryptHashAndAnAuditEntryNamingTheOperatingSystemUser() throws {
        let folder = TemporaryDirectory()
        let database = try Self.database(in: folder)
        let account = try UsersCommand.add(
            .init(database: database, name: " Dr Ada Obi ", role: "approver", signingRole: "clinical-safety-officer"),
            password: Self.password, environment: Self.environment)
        #expect(account.name == "Dr Ada Obi" && account.permission == .approver)
        let store = try ResultStore(path: database)
        let credentials = try #require(try store.credentials(named: "Dr Ada Obi"))
        #expect(credentials.passwordHash.hasPrefix("$2b$04$"))
        #expect(!credentials.passwordHash.contains(Self.password.password))
        #expect(PasswordHasher(cost: 4).verify(Self.password.password, hash: credentials.passwordHash))
        #expect(!PasswordHasher(cost: 4).verify("correct horse battery!", hash: credentials.passwordHash))
        let entry = try #require(try store.auditEntries().last)
        #expect(entry.action == .userChanged && entry.actor == "test-user@test-host")
        #expect(!entry.payloadJSON.contains("$2b$") && !entry.payloadJSON.contains("horse"))
        #expect(UsersCommand.listing(try UsersCommand.list(database: database, environment: Self.environment)) == [
            "name\tpermission\tsigning_role\tstatus", "Dr Ada Obi\tapprover\tclinical-safety-officer\tactive",
        ])
    }

    @Test func theDefaultPermissionIsReviewer() throws {
        let folder = TemporaryDirectory()
        let database = try Self.database(in: folder)
        let account = try UsersCommand.add(
            .init(database: database, name: "bo"), password: Self.password, environment: Self.environment)
        #expect(account.permission == .reviewer && account.signingRole == nil)
    }

    @Test func badInputIsExitTwoAndChangesNothing() throws {
        let folder = TemporaryDirectory()
        let database = try Self.database(in: folder)
        try UsersCommand.add(.init(database: database, name: "ada"), password: Self.password, environment: Self.environment)
        let before = try ResultStore(path: database).auditEntries()
        Self.expectInvalid("There is a user \"ada\" already") {
            try UsersCommand.add(.init(database: database, name: "ADA"), password: Self.password, environment: Self.environment)
        }
        Self.expectInvalid("--role takes one of reviewer, approver, admin") {
            try UsersCommand.add(.init(database: database, name: "bo", role: "owner"), password: Self.password, environment: Self.environment)
        }
        Self.expectInvalid("too short: it needs at least 12 characters") {
            try UsersCommand.add(
                .init(database: database, name: "bo"), password: .init(password: "short pass", confirmation: nil),
                environment: Self.environment)
        }
        Self.expectInvalid("too long") {
            try UsersCommand.add(
                .init(database: database, name: "bo"), password: .init(password: String(repeating: "é", count: 37), confirmation: nil),
                environment: Self.environment)
        }
        Self.expectInvalid("The two passwords typed differ") {
            try UsersCommand.passwd(
                database: database, name: "ada",
                password: .init(password: "correct horse battery", confirmation: "correct horse batterz"),
                environment: Self.environment)
        }
        Self.expectInvalid("There is no user \"nobody\"") {
            try UsersCommand.passwd(database: database, name: "nobody", password: Self.password, environment: Self.environment)
        }
        Self.expectInvalid("There is no user \"nobody\"") {
            try UsersCommand.disable(database: database, name: "nobody", environment: Self.environment)
        }
        Self.expectInvalid("may not be empty") {
            try UsersCommand.add(.init(database: database, name: "  "), password: Self.password, environment: Self.environment)
        }
        Self.expectInvalid("may not hold control characters") {
            try UsersCommand.add(.init(database: database, name: "a\u{1B}[2Jb"), password: Self.password, environment: Self.environment)
        }
        Self.expectInvalid("invisible character") {
            try UsersCommand.add(.init(database: database, name: "ad\u{202E}a"), password: Self.password, environment: Self.environment)
        }
        let missing = folder.file("none.sqlite")
        Self.expectInvalid("No database at") {
            try UsersCommand.add(.init(database: missing, name: "bo"), password: Self.password, environment: Self.environment)
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(try ResultStore(path: database).auditEntries() == before)
        #expect(try ResultStore(path: database).users().map(\.name) == ["ada"])
    }

    @Test func disableAndPasswdChangeTheAccount() throws {
        let folder = TemporaryDirectory()
        let database = try Self.database(in: folder)
        let store = try ResultStore(path: database)
        try UsersCommand.add(.init(database: database, name: "ada"), password: Self.password, environment: Self.environment)
        let old = try #require(try store.credentials(named: "ada")).passwordHash
        let typed = PasswordInput.Typed(password: "a brand new password", confirmation: "a brand new password")
        try UsersCommand.passwd(database: database, name: "ada", password: typed, environment: Self.environment)
        let new = try #require(try store.credentials(named: "ada")).passwordHash
        #expect(new != old && PasswordHasher(cost: 4).verify("a brand new password", hash: new))
        try UsersCommand.disable(database: database, name: "ada", environment: Self.environment)
        #expect(try store.user(named: "ada")?.disabled == true)
        Self.expectInvalid("is disabled already") {
            try UsersCommand.disable(database: database, name: "ada", environment: Self.environment)
        }
        #expect(try store.auditEntries().count == 3)
    }
}
