import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

/// The review server's accounts: added, read, disabled and given a new password, each change with
/// its `user_changed` audit entry, and none of them with the password hash in it.
@Suite struct ResultStoreUsersTests {
    static let hash = "$2b$04$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01"

    static func store() throws -> (TemporaryDirectory, ResultStore) {
        let folder = TemporaryDirectory()
        let store = try ResultStore(
            path: folder.file("users.sqlite"), actor: "admin@host", now: { StoreFixtures.auditTime })
        return (folder, store)
    }

    @Test func anAddedUserIsReadBackWithItsAuditEntryWithoutTheHash() throws {
        let (_, store) = try Self.store()
        let added = try store.addUser(
            name: "Dr Ada Obi", permission: .approver, signingRole: "clinical-safety-officer", passwordHash: Self.hash)
        #expect(added.id == 1 && added.name == "Dr Ada Obi" && added.permission == .approver && !added.disabled)
        #expect(added.signingRole == "clinical-safety-officer")
        #expect(added.createdAt == StoreFixtures.auditTime && added.updatedAt == StoreFixtures.auditTime)
        #expect(try store.users() == [added])
        #expect(try store.user(named: "dr ada obi") == added)
        #expect(try store.user(id: 1) == added)
        #expect(try store.user(named: "nobody") == nil)
        let credentials = try #require(try store.credentials(named: "Dr Ada Obi"))
        #expect(credentials.passwordHash == Self.hash && credentials.account == added)

        let entry = try #require(try store.auditEntries().last)
        #expect(entry.action == .userChanged && entry.runID == nil && entry.actor == "admin@host")
        #expect(
            entry.payloadJSON
                == #"{"change":"added","disabled":false,"id":1,"name":"Dr Ada Obi","permission":"approver","signing_role":"clinical-safety-officer","updated_at":"2026-12-02T10:15:00Z"}"#)
        #expect(!entry.payloadJSON.contains("$2b$"))
        #expect(try store.verifyAudit() == .intact(count: 1, head: entry.sha256))
    }

    @Test func aNameIsTakenWhateverItsCase() throws {
        let (_, store) = try Self.store()
        try store.addUser(name: "ada", permission: .reviewer, signingRole: nil, passwordHash: Self.hash)
        #expect {
            try store.addUser(name: "ADA", permission: .admin, signingRole: nil, passwordHash: Self.hash)
        } throws: { ($0 as? StoreError)?.code == .userExists }
        #expect(try store.users().count == 1)
        #expect(try store.auditEntries().count == 1)
    }

    @Test func disablingAndANewPasswordAreRecordedAndAnUnknownUserIsRefused() throws {
        let (_, store) = try Self.store()
        try store.addUser(name: "ada", permission: .reviewer, signingRole: nil, passwordHash: Self.hash)
        let newHash = "$2b$04$ZYXWVUTSRQPONMLKJIHGFEuvwxyzabcdefghijklmnopqrstuvwxyz01"
        let changed = try store.setPassword(ofUser: "ada", passwordHash: newHash)
        #expect(try store.credentials(named: "ada")?.passwordHash == newHash)
        #expect(!changed.disabled)
        let disabled = try store.disableUser(named: "ada")
        #expect(disabled.disabled)
        #expect(try store.user(named: "ada")?.disabled == true)
        #expect {
            try store.disableUser(named: "ada")
        } throws: { ($0 as? StoreError)?.code == .invalidRecord }
        #expect {
            try store.setPassword(ofUser: "bob", passwordHash: newHash)
        } throws: { ($0 as? StoreError)?.code == .userNotFound }
        let entries = try store.auditEntries()
        #expect(entries.map(\.action) == [.userChanged, .userChanged, .userChanged])
        #expect(entries[1].payloadJSON.contains(#""change":"password_changed""#))
        #expect(entries[2].payloadJSON.contains(#""change":"disabled""#) && entries[2].payloadJSON.contains(#""disabled":true"#))
        #expect(entries.allSatisfy { !$0.payloadJSON.contains("$2b$") })
    }

    @Test func theTableRefusesAPermissionOrHashClinvalWouldNotWrite() throws {
        let (_, store) = try Self.store()
        #expect(throws: StoreError.self) {
            try store.addUser(name: "ada", permission: .reviewer, signingRole: nil, passwordHash: "plain text")
        }
        #expect(try store.users().isEmpty)
        #expect(try store.auditEntries().isEmpty)
    }
}
