import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalStore

/// The canonical JSON of audit payloads: the text Python's `json.dumps(sort_keys=True,
/// separators=(",", ":"), ensure_ascii=False)` writes for the same value.
@Suite struct AuditPayloadTests {
    static let sample = AuditPayload([
        "zeta": .string("last"), "alpha": .integer(-7), "mid": .array([.number(0.1), .number(1e-05), .number(1e16)]),
        "text": .string("quote \" backslash \\ newline \n tab \t bell \u{07} del \u{7F} Zoë ✓"),
        "nested": .object(["b": .bool(true), "a": .null, "c": .number(.infinity)]), "Upper": .number(2.5),
        "whole": .number(3),
    ])

    @Test func keysAreSortedWithoutSpacesAndStringsEscapedOnlyWhereJSONRequires() {
        #expect(
            Self.sample.json
                == #"{"Upper":2.5,"alpha":-7,"mid":[0.1,1e-05,1e+16],"nested":{"a":null,"b":true,"c":null},"text":"quote \" backslash \\ newline \n tab \t bell \u0007 del "#
                + "\u{7F}" + #" Zoë ✓","whole":3.0,"zeta":"last"}"#)
        #expect(AuditPayload().json == "{}")
    }

    @Test func pythonWritesTheSamePayloadAgainByteForByte() throws {
        let folder = TemporaryDirectory()
        let file = folder.write("payload.json", Self.sample.json)
        let script = """
            import json, sys
            text = open(sys.argv[1], encoding="utf-8").read()
            sys.stdout.write(json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False))
            """
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, file], in: folder.path)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == Self.sample.json)
    }

    @Test func theWorkedExampleOfDocsDatabaseMdHasTheDigestItGives() {
        // docs/database.md, "The audit trail": a signature as the first entry of a chain.
        let signature = Signature(
            id: 1, runID: "r1", name: "Dr Ola Berg", role: "clinical-safety-officer", meaning: .approved,
            decisionSHA256: String(repeating: "9", count: 64), signedAt: StoreFixtures.auditTime)
        let entry = AuditEntry(
            following: nil, at: "2026-12-02T10:15:00Z", actor: "Dr Ola Berg (oberg@ci-7)", action: .signature,
            runID: "r1", payloadJSON: AuditPayloads.signature(signature).json)
        #expect(
            entry.payloadJSON
                == #"{"comment":null,"decision_sha256":"\#(String(repeating: "9", count: 64))","id":1,"meaning":"approved","name":"Dr Ola Berg","role":"clinical-safety-officer","run_id":"r1","signed_at":"2026-12-02T10:15:00Z"}"#
        )
        #expect(String(decoding: entry.canonicalForm.prefix(92), as: UTF8.self).hasSuffix(",20:2026-12-02T10:15:00Z,"))
        #expect(entry.sha256 == "c81d25310b69b5c4d5a0d3f151b81dd5ce8661ba92a20d84d437ccc1466e0dff")
    }
}
