import Foundation
import Testing
import _ClinvalTestSupport

/// The repository stands alone: a fresh clone, with nothing beside it, builds and passes its tests.
///
/// No file of the repository reads or names a folder outside the checkout, no file cites a
/// reference document the repository does not hold (the documents under `docs/` are the
/// reference), and every schema the tests validate against is vendored under
/// `Tests/Fixtures/schemas/` with its source and licence.
@Suite struct StandaloneRepositoryTests {
    /// A line of a file that matched a forbidden pattern.
    struct Finding: CustomStringConvertible {
        var file: String
        var line: Int
        var text: String
        var description: String { "\(file):\(line): \(text.trimmingCharacters(in: .whitespaces))" }
    }

    /// Paths that reach the folder some development machines keep beside the checkout.
    static let outsidePatterns = [
        #"\.\./shared\b"#,  // a relative path out of the checkout
        #"\bshared/(schemas|spec|data|style|hooks)\b"#,  // its sub-folders
        #"parent\s*/\s*"shared""#,  // a pathlib path joined onto the checkout's parent
        #"PackagePaths\.shared\b"#,  // the test helper that read it
    ]

    /// Citations of a specification that is not in the repository.
    static let citationPatterns = [
        #"\bCONTRACT\b\s*(§|section\b|[0-9]|:)"#,
        #"\bCONTRACT\.md\b"#,
    ]

    @Test func noFileReadsOrNamesAFolderOutsideTheCheckout() throws {
        let findings = try Self.findings(matching: Self.outsidePatterns, prefilter: "shared")
        #expect(findings.isEmpty, "files that reach outside the checkout:\n\(findings.map(\.description).joined(separator: "\n"))")
    }

    @Test func noFileCitesADocumentThatIsNotInTheRepository() throws {
        let findings = try Self.findings(matching: Self.citationPatterns, prefilter: "CONTRACT")
        #expect(
            findings.isEmpty,
            "cite the documents under docs/ instead:\n\(findings.map(\.description).joined(separator: "\n"))")
    }

    @Test func everySchemaTheTestsUseIsVendoredWithItsSource() throws {
        // Given every schema file name that a file of the repository mentions
        let files = try Self.repositoryFiles()
        let schemaName = try Regex(#"[A-Za-z0-9._-]+(\.xsd|-schema\.json)\b"#)
        var named: Set<String> = []
        for file in files where !file.hasPrefix(PackagePaths.schemasFolder + "/") {
            guard let text = Self.text(of: file) else { continue }
            for match in text.matches(of: schemaName) { named.insert(String(text[match.range])) }
        }
        #expect(named.isSuperset(of: ["windyroad-JUnit.xsd", "jenkins-xunit-junit-10.xsd", "argo-workflows-schema.json"]))

        // Then each is a file of the repository, and SOURCE.md names it
        let source = try #require(
            Self.text(of: PackagePaths.schemasFolder + "/SOURCE.md"), "\(PackagePaths.schemasFolder)/SOURCE.md is missing")
        let tracked = Set(files)
        for name in named.sorted() {
            let relative = PackagePaths.schemasFolder + "/" + name
            #expect(tracked.contains(relative), "\(relative) is not in the repository")
            #expect(FileManager.default.fileExists(atPath: PackagePaths.schema(name)), "\(relative) is missing")
            #expect(source.contains("`\(name)`"), "\(PackagePaths.schemasFolder)/SOURCE.md does not describe \(name)")
        }
        // And the licence texts SOURCE.md names are there too
        let licence = try Regex(#"LICENSE[A-Za-z0-9._-]*"#)
        let licences = Set(source.matches(of: licence).map { String(source[$0.range]) })
        #expect(!licences.isEmpty, "SOURCE.md names no licence file")
        for name in licences.sorted() {
            #expect(tracked.contains(PackagePaths.schemasFolder + "/" + name), "\(name) is not in the repository")
        }
    }

    // MARK: Helpers

    /// The repository's files, relative to its root: `git ls-files` in a clone, else every file
    /// under the root outside hidden folders, build folders and `reports/`.
    static func repositoryFiles() throws -> [String] {
        if let result = try? CommandRunner.run("/usr/bin/env", ["git", "ls-files", "-z"], in: PackagePaths.root),
            result.exitCode == 0, !result.stdout.isEmpty
        {
            return result.stdout.split(separator: "\0").map(String.init)
        }
        let root = URL(fileURLWithPath: PackagePaths.root)
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || relative == "reports" {
                enumerator.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(relative)
            }
        }
        return files
    }

    /// A repository file's text, or `nil` for a file that is not UTF-8 text.
    static func text(of relative: String) -> String? {
        guard let data = FileManager.default.contents(atPath: PackagePaths.path(relative)) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// Every line of every repository file that matches one of `patterns`; `prefilter` is a
    /// substring each of them contains, to skip files quickly.
    static func findings(matching patterns: [String], prefilter: String) throws -> [Finding] {
        let regexes = try patterns.map { try Regex($0) }
        var findings: [Finding] = []
        for file in try repositoryFiles() {
            guard let text = text(of: file), text.contains(prefilter) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(prefilter) && regexes.contains(where: { line.contains($0) }) {
                findings.append(Finding(file: file, line: index + 1, text: String(line.prefix(160))))
            }
        }
        return findings
    }
}
