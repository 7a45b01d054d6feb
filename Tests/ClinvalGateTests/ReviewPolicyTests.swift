import ClinvalCore
import ClinvalGate
import Testing

/// The policy keys of the clinical review: `labels`, `approval` and a criterion's `waivable`.
struct ReviewPolicyTests {
    @Test func labelsApprovalAndWaivableAreRead() throws {
        let loaded = loadPolicy(
            """
            gate: release
            labels: adjudicated
            approval: {signatures: 2, roles: [clinical-safety-officer, medical-director]}
            criteria:
              - id: sentinels
                metric: must_pass_failures
                max: 0
                waivable: true
              - id: top3
                metric: top3_accuracy
                min: 0.8
                waivable: false
              - id: top1
                metric: top1_accuracy
                min: 0.5

            """)
        let policy = try #require(loaded.policy, "\(loaded.messages)")
        #expect(policy.labels == .adjudicated)
        #expect(policy.approval == ApprovalRequirement(signatures: 2, roles: ["clinical-safety-officer", "medical-director"]))
        #expect(policy.criteria.map(\.isWaivable) == [true, false, true])
    }

    @Test func withoutTheKeysNothingChanges() throws {
        let policy = try #require(loadCriterion("id: c\nmetric: must_pass_failures\nmax: 0").policy)
        #expect(policy.labels == nil)
        #expect(policy.approval == nil)
        #expect(policy.criteria.first?.waivable == nil)
        #expect(policy.criteria.first?.isWaivable == false)
    }

    @Test func approvalSignaturesDefaultToOne() throws {
        let loaded = loadPolicy("gate: g\napproval: {roles: [clinical-safety-officer]}\ncriteria:\n  - {id: c, metric: top1_accuracy, min: 0.5}\n")
        #expect(loaded.policy?.approval?.signatures == 1)
    }

    @Test func badKeysAreErrorsWithTheirLines() {
        let cases: [(String, String)] = [
            ("labels: adjudicate\n", ":2:9: error: labels"),
            ("approval: {signatures: 0, roles: [cso]}\n", ":2:24: error: approval.signatures"),
            ("approval: {signatures: 1}\n", ":2:11: error: approval"),
            ("approval: {roles: []}\n", ":2:19: error: approval.roles: an approval needs at least one role"),
            ("approval: {roles: [Clinical Safety]}\n", ":2:20: error: approval.roles[0]: expected a role"),
            ("approval: {roles: [cso, cso]}\n", ":2:25: error: approval.roles[1]: the role \"cso\" is listed twice"),
            ("approvals: {roles: [cso]}\n", "did you mean \"approval\""),
        ]
        for (line, expected) in cases {
            let loaded = loadPolicy("gate: g\n" + line + "criteria:\n  - {id: c, metric: top1_accuracy, min: 0.5}\n")
            #expect(loaded.policy == nil, "\(line)")
            #expect(loaded.messages.contains { $0.contains(expected) }, "\(line): \(loaded.messages)")
        }
    }

    @Test func theApprovalIdIsReservedAndWaivableIsABoolean() {
        let reserved = loadCriterion("id: approval\nmetric: top1_accuracy\nmin: 0.5")
        #expect(reserved.policy == nil)
        #expect(reserved.messages.contains { $0.contains("criteria[0].id: the criterion id \"approval\" is reserved") }, "\(reserved.messages)")
        let notBool = loadCriterion("id: c\nmetric: top1_accuracy\nmin: 0.5\nwaivable: maybe")
        #expect(notBool.policy == nil)
        #expect(notBool.messages.contains { $0.contains("criteria[0].waivable") }, "\(notBool.messages)")
    }
}
