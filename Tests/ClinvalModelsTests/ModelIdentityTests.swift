import ClinvalCore
import ClinvalModels
import Foundation
import Testing
import _ClinvalTestSupport

@Suite("ModelIdentity")
struct ModelIdentityTests {
    let folder = TemporaryDirectory()

    /// `sha256sum` over the files concatenated, run in the temporary folder.
    private func shellSHA256(_ files: [String]) throws -> String {
        let result = try CommandRunner.run("/bin/sh", ["-c", "cat \(files.joined(separator: " ")) | sha256sum"], in: folder.path)
        #expect(result.exitCode == 0)
        return String(result.stdout.prefix(64))
    }

    private func loadManifest(_ name: String = "manifest.yaml") -> Parsed<ExternalModelManifest> {
        var diagnostics = DiagnosticList()
        let model = ModelLoader.load(folder.file(name), diagnostics: &diagnostics)
        guard case .external(let manifest)? = model else {
            return Parsed(value: nil, diagnostics: diagnostics.all.map(\.description))
        }
        return Parsed(value: manifest, diagnostics: diagnostics.all.map(\.description))
    }

    @Test func manifestIdentityIsTheManifestFollowedByTheScript() throws {
        // Given a manifest whose command names serve.py beside it
        folder.write("manifest.yaml", ModelTexts.process)
        folder.write("serve.py", "print('hello')\n")
        // When it is loaded
        let manifest = try #require(loadManifest().value)
        // Then its identity covers both files, in that order
        #expect(manifest.sha256 == (try shellSHA256(["manifest.yaml", "serve.py"])))
        #expect(manifest.hashedFiles == ["serve.py"])
    }

    @Test func entriesThatNameNoFileAddNothing() throws {
        folder.write("manifest.yaml", ModelTexts.process)
        let manifest = try #require(loadManifest().value)
        #expect(manifest.sha256 == (try shellSHA256(["manifest.yaml"])))
        #expect(manifest.hashedFiles == [])
    }

    @Test func filesAreHashedInArgvOrder() throws {
        let text = ModelTexts.edit(ModelTexts.process, ("[python3, serve.py]", "[python3, tools/run.py, --weights, weights.bin]"))
        folder.write("manifest.yaml", text)
        folder.write("tools/run.py", "import sys\n")
        folder.write("weights.bin", bytes: [0, 1, 2, 255])
        let manifest = try #require(loadManifest().value)
        #expect(manifest.sha256 == (try shellSHA256(["manifest.yaml", "tools/run.py", "weights.bin"])))
        #expect(manifest.hashedFiles == ["tools/run.py", "weights.bin"])
    }

    @Test func folderEntriesAreNotHashed() throws {
        let text = ModelTexts.edit(ModelTexts.process, ("[python3, serve.py]", "[python3, serve.py, tools]"))
        folder.write("manifest.yaml", text)
        folder.write("serve.py", "print('hello')\n")
        folder.write("tools/run.py", "import sys\n")
        let manifest = try #require(loadManifest().value)
        #expect(manifest.hashedFiles == ["serve.py"])
        #expect(manifest.sha256 == (try shellSHA256(["manifest.yaml", "serve.py"])))
    }

    @Test func absoluteEntriesAreHashedAsTheyAre() throws {
        let other = TemporaryDirectory()
        let script = other.write("serve.py", "print('elsewhere')\n")
        let text = ModelTexts.edit(ModelTexts.process, ("[python3, serve.py]", "[python3, \"\(script)\"]"))
        folder.write("manifest.yaml", text)
        let manifest = try #require(loadManifest().value)
        #expect(manifest.hashedFiles == [script])
        #expect(manifest.sha256 == (try shellSHA256(["manifest.yaml", script])))
    }

    @Test func identityChangesWhenTheScriptChanges() throws {
        folder.write("manifest.yaml", ModelTexts.process)
        folder.write("serve.py", "print('one')\n")
        let first = try #require(loadManifest().value).sha256
        folder.write("serve.py", "print('two')\n")
        let second = try #require(loadManifest().value).sha256
        #expect(first != second)
    }

    @Test func httpManifestIdentityIsOverItsBytes() throws {
        folder.write("manifest.yaml", ModelTexts.http)
        let manifest = try #require(loadManifest().value)
        #expect(manifest.sha256 == SHA256.hex(of: Array(ModelTexts.http.utf8)))
    }

    @Test func directComputationMatchesTheShell() throws {
        folder.write("a.txt", "alpha\n")
        folder.write("b.txt", "beta\n")
        let manifest = Array("model: x\n".utf8)
        folder.write("m.yaml", bytes: manifest)
        let identity = try ModelIdentity.manifestSHA256(
            manifestBytes: manifest, command: ["b.txt", "missing", "a.txt"], folder: folder.path)
        #expect(identity.sha256 == (try shellSHA256(["m.yaml", "b.txt", "a.txt"])))
        #expect(identity.hashedFiles == ["b.txt", "a.txt"])
    }

    @Test func identityIsCodableWithKindRawValues() throws {
        let identity = ModelIdentity(name: "mini", version: "1", kind: "noisy-or", sha256: String(repeating: "a", count: 64))
        let json = String(decoding: try JSONEncoder().encode(identity), as: UTF8.self)
        #expect(json.contains(#""kind":"noisy-or""#))
        #expect(try JSONDecoder().decode(ModelIdentity.self, from: Data(json.utf8)) == identity)
    }
}
