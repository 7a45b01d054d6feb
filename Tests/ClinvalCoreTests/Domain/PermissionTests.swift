import ClinvalCore
import Testing

/// Each permission includes the ones before it: reviewer < approver < admin.
@Suite struct PermissionTests {
    @Test func eachPermissionIncludesTheLowerOnesOnly() {
        #expect(Permission.allCases.map(\.rawValue) == ["reviewer", "approver", "admin"])
        #expect(Permission.admin.includes(.approver) && Permission.admin.includes(.reviewer) && Permission.admin.includes(.admin))
        #expect(Permission.approver.includes(.reviewer) && !Permission.approver.includes(.admin))
        #expect(!Permission.reviewer.includes(.approver) && !Permission.reviewer.includes(.admin))
        #expect(Permission.reviewer < .approver && Permission.approver < .admin)
    }
}
