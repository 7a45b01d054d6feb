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
}
