import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalAdapters

@Suite struct ExecutableResolverTests {
    @Test func findsAProgramOnThePath() throws {
        let folder = TemporaryDirectory()
        let program = folder.write("bin/serve", "#!/bin/sh\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
        let path = try ExecutableResolver.resolve(
            "serve", searchPath: "/nonexistent:\(folder.path)/bin", workingDirectory: "/")
        #expect(path == program)
    }

    @Test func missingProgramIsCommandNotFound() {
        #expect(throws: ModelUnavailableError("command not found: \"no-such-model\" (searched PATH)")) {
            try ExecutableResolver.resolve("no-such-model", searchPath: "/nonexistent", workingDirectory: "/")
        }
    }

    @Test func relativePathIsTakenFromTheWorkingDirectory() throws {
        let folder = TemporaryDirectory()
        let program = folder.write("models/serve.py", "#!/usr/bin/env python3\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
        let path = try ExecutableResolver.resolve("models/serve.py", searchPath: nil, workingDirectory: folder.path)
        #expect(path == program)
    }

    @Test func fileWithoutExecuteBitIsNotExecutable() {
        let folder = TemporaryDirectory()
        folder.write("serve.py", "print(1)\n")
        #expect(throws: ModelUnavailableError("command is not executable: \"./serve.py\"")) {
            try ExecutableResolver.resolve("./serve.py", searchPath: nil, workingDirectory: folder.path)
        }
    }
}
